package dev.cti.config;

import java.util.List;
import java.util.Optional;

/**
 * A call script: ordered steps shown to the agent, and quick phrases one click away.
 * Templates may use the variables in {@link ScriptVariables#NAMES}.
 */
public record ScriptConfig(String id, Localized name, List<Step> steps, List<Phrase> quickPhrases) {
    public ScriptConfig {
        steps = List.copyOf(steps);
        quickPhrases = List.copyOf(quickPhrases);
    }

    /**
     * One step.
     *
     * @param holiday the text used instead of {@code text} on a configured holiday
     */
    public record Step(String id, Localized title, Localized text, Optional<Localized> holiday) {}

    /** A phrase for a situation (silent caller, low volume, before hold, …). */
    public record Phrase(String id, Localized label, Localized text) {}
}
