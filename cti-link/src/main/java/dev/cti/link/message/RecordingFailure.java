package dev.cti.link.message;

/** Why a recording is {@link RecordingStatus#FAILED} (a bounded set: also the gateway's metric label). */
public enum RecordingFailure {
    /** The disk is full (ENOSPC). */
    DISK_FULL,
    /** Another write error. */
    IO_ERROR,
    /** The disk did not keep up: more than the bounded number of seconds waited to be written. */
    WRITER_OVERLOAD,
    /** Found after a restart with a whole chunk that does not verify, or a header that cannot be read. */
    CORRUPT
}
