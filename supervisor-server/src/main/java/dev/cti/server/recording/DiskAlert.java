package dev.cti.server.recording;

import dev.cti.link.message.DiskState;
import dev.cti.link.message.RecordingDiskStatus;
import dev.cti.server.events.CallPushEvent;
import dev.cti.server.events.ServerEvents;
import dev.cti.server.metrics.ServerMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's recording disk against its free-space floor ({@code RecordingDiskStatus}): while it is under the
 * floor new calls are not recorded, so supervisors must know. Each report sets the gauges
 * ({@code cti_recording_disk_below_floor}, {@code cti_recording_disk_free_bytes}) and is pushed to supervisors, QA
 * and admins ({@code recording-disk}, shown in the wallboard's alert area until a report says OK again); a change of
 * state is logged (WARN going under, INFO back above). {@link #json()} is the last report, for a page that
 * (re)connects. Updated on one context, read from any thread.
 */
public final class DiskAlert {
    private static final Logger LOG = LoggerFactory.getLogger(DiskAlert.class);

    private final ServerEvents events;
    private final Clock clock;
    private volatile RecordingDiskStatus last;

    public DiskAlert(ServerEvents events, MeterRegistry meters, Clock clock) {
        this.events = events;
        this.clock = clock;
        ServerMeters.RECORDING_DISK_BELOW_FLOOR.gauge(this,
                        d -> d.last != null && d.last.state() == DiskState.BELOW_FLOOR ? 1 : 0)
                .strongReference(true).register(meters);
        ServerMeters.RECORDING_DISK_FREE.gauge(this, d -> d.last == null ? Double.NaN : d.last.freeBytes())
                .strongReference(true).register(meters);
    }

    /** A report from the gateway. */
    void update(RecordingDiskStatus status) {
        RecordingDiskStatus before = last;
        last = status;
        boolean below = status.state() == DiskState.BELOW_FLOOR;
        if (before == null || before.state() != status.state()) {
            if (below) {
                LOG.warn("recording disk under its floor: {} MiB free of the {} MiB floor; new calls are NOT recorded"
                        + " until space is freed", status.freeBytes() >> 20, status.floorBytes() >> 20);
            } else if (before != null) {
                LOG.info("recording disk back above its floor ({} MiB free); new calls are recorded again",
                        status.freeBytes() >> 20);
            }
        }
        events.calls().publish(new CallPushEvent.RecordingDisk(clock.instant(), status));
    }

    /** The last report, if the gateway has sent one since this server started. */
    public Optional<JsonObject> json() {
        RecordingDiskStatus s = last;
        return s == null ? Optional.empty() : Optional.of(json(s));
    }

    /** A report as {@code GET /api/recordings/disk} and the {@code recording-disk} push show it. */
    public static JsonObject json(RecordingDiskStatus s) {
        return new JsonObject().put("state", s.state().name()).put("belowFloor", s.state() == DiskState.BELOW_FLOOR)
                .put("freeBytes", s.freeBytes()).put("floorBytes", s.floorBytes())
                .put("reportedAt", Instant.ofEpochMilli(s.at()).toString());
    }
}
