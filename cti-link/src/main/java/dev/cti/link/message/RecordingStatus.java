package dev.cti.link.message;

/** How a recording ended ({@link RecordingStopped}). */
public enum RecordingStatus {
    /** Written to the end of the call and finished (its last chunk carries the final flag). */
    COMPLETE,
    /** The gateway stopped (crash, kill -9) while the call was up: repaired at its next start, plays to its true length. */
    PARTIAL,
    /** Writing failed during the call ({@code failure} says why); what was written before plays. */
    FAILED
}
