package dev.cti.link.message;

/** Why a monitor session ended (see {@link MonitorEnded}). */
public enum MonitorEndReason {
    /** The server asked ({@link StopMonitor}); the call goes on as before. */
    STOPPED,
    /** The supervisor hung up their phone; the call goes on as before. */
    SUPERVISOR_HANGUP,
    /** The call ended (customer hung up, agent or supervisor after take-over hung up, server hang-up). */
    CALL_ENDED,
    /** The supervisor's phone did not answer, was busy or rejected the gateway's call. */
    NOT_ANSWERED,
    /** The call left the agent it was monitored on (transferred, or the monitored leg failed). */
    CALL_MOVED
}
