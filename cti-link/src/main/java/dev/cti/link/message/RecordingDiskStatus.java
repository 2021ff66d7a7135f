package dev.cti.link.message;

import java.util.Objects;

/**
 * The recording directory's free space against its floor ({@code recording.minFreeMegabytes}): sent after every
 * (re)connection of the link and whenever {@code state} changes, so the server can raise (and clear) a wallboard
 * alert. While {@code BELOW_FLOOR} new calls are not recorded ({@link RecordingSkipped} {@code DISK_FLOOR}).
 */
public record RecordingDiskStatus(DiskState state, long freeBytes, long floorBytes, long at) implements LinkEvent {

    public RecordingDiskStatus {
        Objects.requireNonNull(state, "state");
    }
}
