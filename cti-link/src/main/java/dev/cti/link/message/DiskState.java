package dev.cti.link.message;

/** The recording directory's free space against its floor ({@link RecordingDiskStatus}). */
public enum DiskState {
    /** At or above the floor: new calls are recorded. */
    OK,
    /** Under the floor: new calls are not recorded (calls being recorded go on). */
    BELOW_FLOOR
}
