package dev.cti.gateway.recording;

import static dev.cti.gateway.GatewayMeters.RECORDINGS_ACTIVE;
import static dev.cti.gateway.GatewayMeters.RECORDINGS_FINISHED;
import static dev.cti.gateway.GatewayMeters.RECORDINGS_SKIPPED;
import static dev.cti.gateway.GatewayMeters.RECORDING_BYTES_WRITTEN;
import static dev.cti.gateway.GatewayMeters.RECORDING_DISK_FLOOR;
import static dev.cti.gateway.GatewayMeters.RECORDING_DISK_FREE;
import static dev.cti.gateway.GatewayMeters.RECORDING_FAILURES;
import static dev.cti.gateway.GatewayMeters.RECORDING_OUTBOX;
import static dev.cti.gateway.GatewayMeters.RECORDING_PACKETS_DROPPED;

import dev.cti.gateway.GatewayMeters;
import dev.cti.link.message.RecordingFailure;
import dev.cti.link.message.RecordingSkipReason;
import dev.cti.link.message.RecordingStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/** The one binder of the recording meters (the {@code recording*} ones of {@link GatewayMeters}). */
public final class RecordingMetrics {
    private final Counter bytes;
    private final Counter droppedAhead;
    private final Counter droppedLate;
    private final Map<RecordingFailure, Counter> failures = new EnumMap<>(RecordingFailure.class);
    private final Map<RecordingSkipReason, Counter> skipped = new EnumMap<>(RecordingSkipReason.class);
    private final Map<RecordingStatus, Counter> finished = new EnumMap<>(RecordingStatus.class);

    RecordingMetrics(MeterRegistry registry, LongSupplier active, LongSupplier diskFree, long floorBytes,
                     LongSupplier outbox) {
        bytes = RECORDING_BYTES_WRITTEN.counter(registry);
        droppedAhead = RECORDING_PACKETS_DROPPED.counter(registry, "ahead");
        droppedLate = RECORDING_PACKETS_DROPPED.counter(registry, "late");
        for (RecordingFailure f : RecordingFailure.values()) {
            failures.put(f, RECORDING_FAILURES.counter(registry, tag(f)));
        }
        for (RecordingSkipReason r : RecordingSkipReason.values()) {
            skipped.put(r, RECORDINGS_SKIPPED.counter(registry, tag(r)));
        }
        for (RecordingStatus s : RecordingStatus.values()) {
            finished.put(s, RECORDINGS_FINISHED.counter(registry, tag(s)));
        }
        gauge(registry, RECORDINGS_ACTIVE, active);
        gauge(registry, RECORDING_DISK_FREE, diskFree);
        gauge(registry, RECORDING_DISK_FLOOR, () -> floorBytes);
        gauge(registry, RECORDING_OUTBOX, outbox);
    }

    private static String tag(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static void gauge(MeterRegistry registry, GatewayMeters meter, LongSupplier value) {
        meter.gauge(value, LongSupplier::getAsLong).strongReference(true).register(registry); // lambdas: keep them
    }

    void written(long n) {
        bytes.increment(n);
    }

    void failed(RecordingFailure f) {
        failures.get(f).increment();
    }

    void skipped(RecordingSkipReason r) {
        skipped.get(r).increment();
    }

    /** Count of skips for {@code r} (tests, health). */
    public double skippedCount(RecordingSkipReason r) {
        return skipped.get(r).count();
    }

    void finished(RecordingStatus s) {
        finished.get(s).increment();
    }

    void dropped(long ahead, long late) {
        droppedAhead.increment(ahead);
        droppedLate.increment(late);
    }
}
