package dev.cti.link.message;

/** A call's state in a {@link Snapshot}, from the gateway's point of view. */
public enum CallState {
    /** The caller is connected to the gateway and hears the queue treatment; no agent leg. */
    QUEUED,
    /** An agent's phone is ringing for the call. */
    RINGING,
    /** Caller and agent are bridged. */
    CONNECTED,
    /** Connected, but the agent put the caller on hold. */
    HELD,
    /** An outbound call (originate) that is not yet answered by the far end. */
    DIALING
}
