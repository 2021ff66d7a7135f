package dev.cti.server.acd;

/** A waiting call that reached a time limit of its queue. */
public record QueueTimeout(WaitingCall call, Kind kind, String targetQueue) {
    public enum Kind {
        /** Moved to {@code targetQueue} (it keeps its arrival time, so its wait keeps counting). */
        OVERFLOWED,
        /** Waited {@code maxWaitSeconds} with nowhere to go: the call is to be cleared. */
        MAX_WAIT
    }
}
