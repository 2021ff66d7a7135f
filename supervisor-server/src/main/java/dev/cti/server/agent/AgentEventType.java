package dev.cti.server.agent;

/** Everything that can happen to an agent seat; rows of {@link AgentTransitions} are keyed by these. */
public enum AgentEventType {
    LOGIN,
    LOGOUT,
    SET_READY,
    /** Carries a reason; during a call it is remembered and applied after wrap-up. */
    SET_NOT_READY,
    CALL_OFFERED,
    /** Ring timer ran out: NOT_READY with a system reason, call back to the head of its queue. */
    RING_NO_ANSWER,
    /** The phone could not be rung (unregistered, busy, error): like RONA with another system reason. */
    RING_FAILED,
    ANSWERED,
    HELD,
    RESUMED,
    CALL_ENDED,
    /** The agent chose a wrap-up code (with optional notes). */
    WRAP_UP_CODE,
    WRAP_UP_TIMEOUT,
    DIAL,
    DIAL_CONNECTED,
    DIAL_FAILED,
    /** A supervisor puts the agent in READY or NOT_READY(reason) at once. */
    FORCE_STATE,
    FORCE_LOGOUT
}
