package dev.cti.config;

/**
 * Call recording, as far as the server's authorisation needs it.
 *
 * @param agentsHearOwnCalls whether an agent may list and play the recordings of their own calls
 */
public record RecordingConfig(boolean agentsHearOwnCalls) {
    public static final RecordingConfig DEFAULTS = new RecordingConfig(false);
}
