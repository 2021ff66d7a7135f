package dev.cti.gateway.media.mix;

/**
 * How a supervisor takes part in a call; who hears whom in each mode is {@link MixMatrix}.
 * Changed mid-session with {@link MonitorSession#mode(MonitorMode)}, without re-dialling.
 */
public enum MonitorMode {
    /** The supervisor hears both sides; nobody hears the supervisor. */
    LISTEN,
    /** The supervisor coaches the agent: the agent hears the supervisor, the customer does not. */
    WHISPER,
    /** A three-way conversation: everyone hears the other two. */
    BARGE,
    /**
     * The supervisor replaces the agent: customer and supervisor hear each other; the agent's leg
     * hears nothing and is not heard (signalling releases it later).
     */
    TAKEOVER
}
