package dev.cti.server.call;

import dev.cti.link.net.LinkServer;
import dev.cti.link.net.LinkStats;
import dev.cti.server.metrics.ServerMeters;
import java.util.Locale;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** The CTI link's counters, on the server side, as Prometheus meters ({@code LINK_*} of {@link ServerMeters}). */
public final class LinkMeters implements MeterBinder {
    private final LinkServer link;

    public LinkMeters(LinkServer link) {
        this.link = link;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        ServerMeters.LINK_CONNECTED.gauge(link, l -> l.connected() ? 1 : 0).register(registry);
        ServerMeters.LINK_LINES_IN.functionCounter(link, l -> l.stats().linesIn()).register(registry);
        ServerMeters.LINK_LINES_OUT.functionCounter(link, l -> l.stats().linesOut()).register(registry);
        ServerMeters.LINK_PROTOCOL_ERRORS.functionCounter(link, l -> l.stats().protocolErrors()).register(registry);
        ServerMeters.LINK_CONNECTS.functionCounter(link, l -> l.stats().connects()).register(registry);
        ServerMeters.LINK_HEARTBEAT_TIMEOUTS.functionCounter(link, l -> l.stats().heartbeatTimeouts())
                .register(registry);
        ServerMeters.LINK_REPLAY_DUPLICATES.functionCounter(link, l -> l.stats().replayDuplicates())
                .register(registry);
        for (LinkStats.Refusal reason : LinkStats.Refusal.values()) {
            ServerMeters.LINK_REFUSED_CONNECTIONS.functionCounter(link, l -> l.stats().refused(reason),
                    reason.name().toLowerCase(Locale.ROOT)).register(registry);
        }
    }
}
