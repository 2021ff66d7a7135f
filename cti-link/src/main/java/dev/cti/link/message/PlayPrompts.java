package dev.cti.link.message;

import java.util.List;
import java.util.Objects;

/**
 * Play prompts to the caller of a call in a voice menu (issue 17), in order, then silence: what was playing stops
 * first (a key the caller typed ahead interrupts a prompt this way). {@link PromptsPlayed} with the same
 * {@code playId} reports the end, unless another PlayPrompts replaced it. The gateway plays only the files its
 * configuration's menus name (the same configuration directory as the server's); any other is refused
 * NOT_ALLOWED.
 *
 * @param prompts absolute paths of the WAV files, as the configuration resolves them
 */
public record PlayPrompts(String callId, String playId, List<String> prompts) implements LinkCommand {

    public PlayPrompts {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(playId, "playId");
        prompts = List.copyOf(prompts);
    }
}
