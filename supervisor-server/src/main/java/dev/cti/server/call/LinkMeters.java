package dev.cti.server.call;

import dev.cti.link.net.LinkServer;
import dev.cti.link.net.LinkStats;
import java.util.Locale;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** The CTI link's counters, on the server side, as Prometheus meters. */
public final class LinkMeters implements MeterBinder {
    private final LinkServer link;

    public LinkMeters(LinkServer link) {
        this.link = link;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("cti.link.connected", link, l -> l.connected() ? 1 : 0)
                .description("1 while a gateway is connected on the CTI link").register(registry);
        FunctionCounter.builder("cti.link.lines.in", link, l -> l.stats().linesIn())
                .description("Lines received on the CTI link").register(registry);
        FunctionCounter.builder("cti.link.lines.out", link, l -> l.stats().linesOut())
                .description("Lines sent on the CTI link").register(registry);
        FunctionCounter.builder("cti.link.protocol.errors", link, l -> l.stats().protocolErrors())
                .description("Lines refused as malformed on the CTI link").register(registry);
        FunctionCounter.builder("cti.link.connects", link, l -> l.stats().connects())
                .description("Gateway connections accepted").register(registry);
        FunctionCounter.builder("cti.link.heartbeat.timeouts", link, l -> l.stats().heartbeatTimeouts())
                .description("Gateway connections dropped as silent").register(registry);
        FunctionCounter.builder("cti.link.replay.duplicates", link, l -> l.stats().replayDuplicates())
                .description("Events the gateway sent again after a reconnection (Replayed) that had been applied "
                        + "already: skipped, each event is applied once").register(registry);
        for (LinkStats.Refusal reason : LinkStats.Refusal.values()) {
            FunctionCounter.builder("cti.link.refused.connections", link, l -> l.stats().refused(reason))
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                    .description("Connections to the CTI link refused before Hello: TLS handshake failed (plain TCP, "
                            + "no or a foreign certificate), a certificate not a gateway's, a Hello naming another "
                            + "gateway than its certificate").register(registry);
        }
    }
}
