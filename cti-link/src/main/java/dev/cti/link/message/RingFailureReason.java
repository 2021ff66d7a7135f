package dev.cti.link.message;

/** Why ringing an agent's phone did not connect the call; the server decides what follows (RONA, retry...). */
public enum RingFailureReason {
    /** The ring timeout of {@link DeliverToAgent} expired. */
    NO_ANSWER,
    /** The phone answered 486 Busy Here / 600 Busy Everywhere. */
    BUSY,
    /** The phone declined (603) or answered with another final error. */
    REJECTED,
    /** The extension is not registered or its contact did not respond. */
    UNREACHABLE,
    /** The ring was cancelled because the caller hung up or the server hung the call up. */
    CANCELLED
}
