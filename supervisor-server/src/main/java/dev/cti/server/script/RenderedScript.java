package dev.cti.server.script;

import java.util.List;

/**
 * A script with every variable filled in for one call, in the agent's language: what the agent desktop
 * shows step by step, and what is stored as "script shown".
 *
 * @param holiday whether the holiday variants were used
 */
public record RenderedScript(String scriptId, String language, String name, boolean holiday, List<Line> steps,
                             List<Line> quickPhrases) {
    public RenderedScript {
        steps = List.copyOf(steps);
        quickPhrases = List.copyOf(quickPhrases);
    }

    /** One step or quick phrase: its id, its title or label, and the text to say. */
    public record Line(String id, String title, String text) {}
}
