package dev.cti.link.message;

/**
 * What a supervisor monitoring a call hears and who hears them (docs/MEDIA.md, "Mixer"). The gateway's
 * mixer has one row per mode; switching modes changes the mixes without re-dialling the supervisor.
 */
public enum MonitorMode {
    /** The supervisor hears customer and agent; neither hears the supervisor. */
    LISTEN,
    /** The supervisor hears both; the agent hears the supervisor; the customer does not. */
    WHISPER,
    /** Everyone hears everyone. */
    BARGE,
    /** The supervisor replaces the agent: the agent leg is released (the agent goes to wrap-up). Final. */
    TAKEOVER
}
