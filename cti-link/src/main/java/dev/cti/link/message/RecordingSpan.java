package dev.cti.link.message;

/**
 * A span of a recording, in milliseconds from its start (where the audio file's time 0 is): a pause (silent in the
 * file) or a hold (what the customer heard: music, prompts).
 *
 * @param endMillis exclusive; for a span still open when the recording ended, the recording's end
 */
public record RecordingSpan(long startMillis, long endMillis) {

    public RecordingSpan {
        if (startMillis < 0 || endMillis < startMillis) {
            throw new IllegalArgumentException("bad span " + startMillis + ".." + endMillis);
        }
    }
}
