package dev.cti.server.agent;

/** The timers an agent's machine asks its context to run; when one fires it comes back as an event. */
public enum AgentTimer {
    /** Runs while RESERVED; fires {@link AgentEventType#RING_NO_ANSWER}. */
    RING,
    /** Runs while WRAP_UP; fires {@link AgentEventType#WRAP_UP_TIMEOUT}. */
    WRAP_UP
}
