package dev.cti.gateway.recording;

import dev.cti.link.message.RecordingFailure;
import dev.cti.link.message.RecordingSkipReason;
import dev.cti.link.message.RecordingStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/** The one binder of the recording meters ({@link RecordingMeter}). */
public final class RecordingMetrics {
    private final Counter bytes;
    private final Counter droppedAhead;
    private final Counter droppedLate;
    private final Map<RecordingFailure, Counter> failures = new EnumMap<>(RecordingFailure.class);
    private final Map<RecordingSkipReason, Counter> skipped = new EnumMap<>(RecordingSkipReason.class);
    private final Map<RecordingStatus, Counter> finished = new EnumMap<>(RecordingStatus.class);

    RecordingMetrics(MeterRegistry registry, LongSupplier active, LongSupplier diskFree, long floorBytes,
                     LongSupplier outbox) {
        bytes = Counter.builder(RecordingMeter.BYTES_WRITTEN.meterName()).description(RecordingMeter.BYTES_WRITTEN.help())
                .register(registry);
        droppedAhead = tagged(registry, RecordingMeter.PACKETS_DROPPED, "reason", "ahead");
        droppedLate = tagged(registry, RecordingMeter.PACKETS_DROPPED, "reason", "late");
        for (RecordingFailure f : RecordingFailure.values()) {
            failures.put(f, tagged(registry, RecordingMeter.FAILURES, "reason", tag(f)));
        }
        for (RecordingSkipReason r : RecordingSkipReason.values()) {
            skipped.put(r, tagged(registry, RecordingMeter.SKIPPED, "reason", tag(r)));
        }
        for (RecordingStatus s : RecordingStatus.values()) {
            finished.put(s, tagged(registry, RecordingMeter.FINISHED, "status", tag(s)));
        }
        gauge(registry, RecordingMeter.ACTIVE, active);
        gauge(registry, RecordingMeter.DISK_FREE, diskFree);
        gauge(registry, RecordingMeter.DISK_FLOOR, () -> floorBytes);
        gauge(registry, RecordingMeter.OUTBOX, outbox);
    }

    private static String tag(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static Counter tagged(MeterRegistry registry, RecordingMeter meter, String key, String value) {
        return Counter.builder(meter.meterName()).description(meter.help()).tag(key, value).register(registry);
    }

    private static void gauge(MeterRegistry registry, RecordingMeter meter, LongSupplier value) {
        Gauge.builder(meter.meterName(), value, LongSupplier::getAsLong).description(meter.help())
                .strongReference(true).register(registry); // the suppliers are lambdas: keep them
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
