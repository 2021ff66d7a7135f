package dev.cti.link.message;

import java.util.Objects;

/** The prompts of {@link PlayPrompts} {@code playId} were all played to the caller (not sent when replaced). */
public record PromptsPlayed(String callId, String playId, long at) implements CallEvent {

    public PromptsPlayed {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(playId, "playId");
    }
}
