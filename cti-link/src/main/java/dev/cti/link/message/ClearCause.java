package dev.cti.link.message;

/** Why a call ended, as the gateway saw it. */
public enum ClearCause {
    CALLER_HANGUP,
    AGENT_HANGUP,
    /** The caller hung up before any agent answered. */
    ABANDONED,
    /** No RTP arrived for the configured inactivity time. */
    RTP_TIMEOUT,
    /** An RFC 4028 session timer expired without refresh. */
    SESSION_TIMER,
    /** The server sent {@link HangUp}. */
    SERVER_HANGUP,
    /** The call left this gateway by a transfer to an external number. */
    TRANSFERRED,
    /** Signalling or media failure, including failed originates. */
    FAILED,
    /** The server hung the call up because the queue's maximum wait was reached. */
    MAX_WAIT
}
