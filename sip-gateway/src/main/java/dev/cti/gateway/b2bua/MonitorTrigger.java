package dev.cti.gateway.b2bua;

/** What can happen to a monitor session (inputs of {@link MonitorTransitions}). */
public enum MonitorTrigger {
    /** The supervisor's phone answered a LISTEN, WHISPER or BARGE monitor: the mixer is attached. */
    ANSWERED,
    /** The supervisor's phone answered a TAKEOVER monitor: the agent leg is released at once. */
    ANSWERED_TAKEOVER,
    /** Server: SetMonitorMode to LISTEN, WHISPER or BARGE. */
    SWITCH,
    /** Server: SetMonitorMode to TAKEOVER. */
    TAKEOVER,
    /** The call was held or resumed (the mixer is told, so a held customer hears music, not a whisper). */
    HOLD_CHANGED,
    /** Server: StopMonitor. */
    STOP,
    /** The supervisor's phone refused, failed, or did not answer in time. */
    NOT_ANSWERED,
    /** The supervisor's phone sent BYE (or its RTP stopped) while monitoring. */
    SUPERVISOR_HANGUP,
    /** The call ended (customer or agent hung up, HangUp, RTP timeout...). */
    CALL_ENDED,
    /** The call was transferred away (to a queue or a number). */
    CALL_MOVED
}
