package dev.cti.link.message;

/** Progress of an outbound call started by {@link Originate}: the agent's phone first, then the far end. */
public enum OriginateState {
    AGENT_RINGING,
    /** The agent answered; the gateway is dialling the number. */
    DIALING,
    /** The far end is ringing (180/183). */
    REMOTE_RINGING,
    /** The far end answered; agent and customer are bridged. */
    CONNECTED,
    /** The originate failed; a {@link CallCleared} follows with the cause. */
    FAILED
}
