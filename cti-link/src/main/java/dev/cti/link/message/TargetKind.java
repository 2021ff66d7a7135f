package dev.cti.link.message;

/** What a {@link Transfer} target names. */
public enum TargetKind {
    /** A queue id: the caller goes back to waiting, the server routes it again. */
    QUEUE,
    /** A phone number or extension the gateway dials. */
    NUMBER
}
