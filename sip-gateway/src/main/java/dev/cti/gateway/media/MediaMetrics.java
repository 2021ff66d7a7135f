package dev.cti.gateway.media;

import static dev.cti.gateway.GatewayMeters.RTP_DTLS_HANDSHAKES_FAILED;
import static dev.cti.gateway.GatewayMeters.RTP_DTMF_EVENTS;
import static dev.cti.gateway.GatewayMeters.RTP_LEGS_ACTIVE;
import static dev.cti.gateway.GatewayMeters.RTP_LEGS_INACTIVE;
import static dev.cti.gateway.GatewayMeters.RTP_PACKETS_DROPPED;
import static dev.cti.gateway.GatewayMeters.RTP_PACKETS_LOST;
import static dev.cti.gateway.GatewayMeters.RTP_PACKETS_MIXED;
import static dev.cti.gateway.GatewayMeters.RTP_PACKETS_PLAYED;
import static dev.cti.gateway.GatewayMeters.RTP_PACKETS_RELAYED;
import static dev.cti.gateway.GatewayMeters.RTP_PORTS_CAPACITY;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The one binder of the media layer: registers every {@code rtp.*} meter of the gateway's catalogue
 * ({@link dev.cti.gateway.GatewayMeters}) on the registry it is given and holds the counters the packet path
 * increments.
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
    private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);
    private final Map<DtlsFailure, Counter> dtlsFailed = new EnumMap<>(DtlsFailure.class);

    MediaMetrics(IntSupplier activeLegs, int portCapacity) {
        this.activeLegs = activeLegs;
        this.portCapacity = portCapacity;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        relayed = RTP_PACKETS_RELAYED.counter(registry);
        played = RTP_PACKETS_PLAYED.counter(registry);
        mixed = RTP_PACKETS_MIXED.counter(registry);
        lost = RTP_PACKETS_LOST.counter(registry);
        dtmf = RTP_DTMF_EVENTS.counter(registry);
        inactive = RTP_LEGS_INACTIVE.counter(registry);
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, RTP_PACKETS_DROPPED.counter(registry, reason.tag()));
        }
        for (DtlsFailure reason : DtlsFailure.values()) {
            dtlsFailed.put(reason, RTP_DTLS_HANDSHAKES_FAILED.counter(registry, reason.tag()));
        }
        RTP_LEGS_ACTIVE.gauge(activeLegs, IntSupplier::getAsInt).register(registry);
        RTP_PORTS_CAPACITY.gauge(() -> portCapacity).register(registry);
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

    void dtlsFailed(DtlsFailure reason) {
        Counter c = dtlsFailed.get(reason);
        if (c != null) {
            c.increment();
        }
    }

    void dtmf() {
        dtmf.increment();
    }

    void inactive() {
        inactive.increment();
    }

    void dropped(DropReason reason) {
        dropped.get(reason).increment();
    }
}
