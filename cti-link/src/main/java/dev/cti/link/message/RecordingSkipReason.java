package dev.cti.link.message;

/** Why a connected call is not recorded ({@link RecordingSkipped}). */
public enum RecordingSkipReason {
    /** The call's policy is a sample percentage and this call was not drawn. */
    NOT_SAMPLED,
    /** The call's policy is {@code none}. */
    POLICY_NONE,
    /** The recording directory's free space is under {@code recording.minFreeMegabytes}. */
    DISK_FLOOR,
    /** The file could not be created (permissions, no key file...): see the gateway's log. */
    ERROR
}
