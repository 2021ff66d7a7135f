package dev.cti.link.message;

import java.util.Objects;

/** A call connected but is not recorded, and why. Sent once per call, instead of {@link RecordingStarted}. */
public record RecordingSkipped(String callId, RecordingSkipReason reason, long at) implements CallEvent {

    public RecordingSkipped {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(reason, "reason");
    }
}
