package dev.cti.server.agent;

/**
 * The states of an agent seat (design.md, "The agent state machine").
 *
 * <p>The not-ready reason and the held flag are data of {@link AgentSnapshot}, not extra states, so the
 * transition table stays one row per (state, event).
 */
public enum AgentState {
    /** No session: the agent cannot be offered calls and has no softphone session with the server. */
    LOGGED_OUT,
    /** Logged in but not taking calls; always carries a reason (break, meal, a system reason such as RONA). */
    NOT_READY,
    /** Available: the ACD may offer a call. */
    READY,
    /** A call has been offered and the agent's phone is ringing. */
    RESERVED,
    /** Talking; the call may be held (see {@link AgentSnapshot#held()}). */
    ON_CALL,
    /** After-call work: ends with a wrap-up code or the queue's wrap-up timer. */
    WRAP_UP,
    /** Outbound call placed by the agent, not yet answered by the far end. */
    DIALING
}
