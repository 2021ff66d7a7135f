package dev.cti.gateway.media;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The one binder of the media layer: registers every {@link MediaMeter} on the registry it is given
 * and holds the counters the packet path increments.
 */
public final class MediaMetrics implements MeterBinder {

    private final IntSupplier activeLegs;
    private final int portCapacity;
    private Counter relayed;
    private Counter played;
    private Counter mixed;
    private Counter lost;
    private Counter dtmf;
    private Counter inactive;
    private final Map<MediaMeter.DropReason, Counter> dropped = new EnumMap<>(MediaMeter.DropReason.class);

    MediaMetrics(IntSupplier activeLegs, int portCapacity) {
        this.activeLegs = activeLegs;
        this.portCapacity = portCapacity;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        relayed = counter(registry, MediaMeter.PACKETS_RELAYED);
        played = counter(registry, MediaMeter.PACKETS_PLAYED);
        mixed = counter(registry, MediaMeter.PACKETS_MIXED);
        lost = counter(registry, MediaMeter.PACKETS_LOST);
        dtmf = counter(registry, MediaMeter.DTMF_EVENTS);
        inactive = counter(registry, MediaMeter.LEGS_INACTIVE);
        for (MediaMeter.DropReason reason : MediaMeter.DropReason.values()) {
            dropped.put(reason, Counter.builder(MediaMeter.PACKETS_DROPPED.meterName())
                    .description(MediaMeter.PACKETS_DROPPED.help())
                    .tag("reason", reason.tag())
                    .register(registry));
        }
        Gauge.builder(MediaMeter.LEGS_ACTIVE.meterName(), activeLegs, IntSupplier::getAsInt)
                .description(MediaMeter.LEGS_ACTIVE.help())
                .register(registry);
        Gauge.builder(MediaMeter.PORTS_CAPACITY.meterName(), () -> portCapacity)
                .description(MediaMeter.PORTS_CAPACITY.help())
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, MediaMeter meter) {
        return Counter.builder(meter.meterName()).description(meter.help()).register(registry);
    }

    void relayed() {
        relayed.increment();
    }

    void played() {
        played.increment();
    }

    void mixed() {
        mixed.increment();
    }

    void lost(int count) {
        lost.increment(count);
    }

    void dtmf() {
        dtmf.increment();
    }

    void inactive() {
        inactive.increment();
    }

    void dropped(MediaMeter.DropReason reason) {
        dropped.get(reason).increment();
    }
}
