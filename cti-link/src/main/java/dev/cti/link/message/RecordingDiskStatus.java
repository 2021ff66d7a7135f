package dev.cti.link.message;

import dev.cti.link.wire.BodyReader;
import dev.cti.link.wire.BodyWriter;
import io.vertx.core.json.JsonObject;
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

    @Override
    public JsonObject toJson() {
        return new BodyWriter().put("state", state).put("freeBytes", freeBytes).put("floorBytes", floorBytes)
                .put("at", at).json();
    }

    public static RecordingDiskStatus fromJson(BodyReader r) {
        return new RecordingDiskStatus(r.enumValue("state", DiskState.class), r.longValue("freeBytes"),
                r.longValue("floorBytes"), r.longValue("at"));
    }
}
