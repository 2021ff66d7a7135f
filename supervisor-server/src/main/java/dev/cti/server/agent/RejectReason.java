package dev.cti.server.agent;

/** Why an event was refused; each maps to one clear API error code. */
public enum RejectReason {
    /** No row of the transition table for (state, event). */
    ILLEGAL_TRANSITION,
    /** The event lacks a field its row needs (reason, call id, code, target state...). */
    MISSING_FIELD,
    /** A not-ready reason that is not configured. */
    UNKNOWN_REASON,
    /** The event names another call than the one the agent is busy with (e.g. a stale timer). */
    WRONG_CALL,
    /** READY asked in WRAP_UP while the queue requires a wrap-up code. */
    WRAP_UP_CODE_REQUIRED,
    /** A wrap-up code not offered for the call's queue. */
    UNKNOWN_WRAP_UP_CODE,
    ALREADY_HELD,
    NOT_HELD,
    /** FORCE_STATE may only target READY or NOT_READY. */
    INVALID_TARGET_STATE
}
