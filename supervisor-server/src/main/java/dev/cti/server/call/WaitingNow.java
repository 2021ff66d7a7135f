package dev.cti.server.call;

import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.server.acd.Acd;
import dev.cti.server.kpi.QueueKpis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The waiting calls of every queue at the last matching pass, for the Prometheus scrape thread: the ACD is
 * touched on the call center's context only, so {@link #refresh()} copies what the KPI gauges read into an
 * immutable map that is replaced, never mutated.
 */
final class WaitingNow implements QueueKpis.LiveQueues {
    private final CtiConfig config;
    private final Acd acd;
    private final Clock clock;
    private volatile Map<String, QueueNow> queueNow = Map.of();

    /** A queue's waiting calls at one moment, readable from any thread. */
    private record QueueNow(int waiting, Instant oldestArrival) {}

    WaitingNow(CtiConfig config, Acd acd, Clock clock) {
        this.config = config;
        this.acd = acd;
        this.clock = clock;
    }

    /** Copies the ACD's waiting calls; on the call center's context. */
    void refresh() {
        Map<String, QueueNow> now = new HashMap<>();
        for (QueueConfig q : config.queues()) {
            var waiting = acd.waiting(q.id());
            now.put(q.id(), new QueueNow(waiting.size(), waiting.stream().map(w -> w.arrivedAt())
                    .min(Instant::compareTo).orElse(null)));
        }
        queueNow = Map.copyOf(now);
    }

    @Override
    public int waiting(String queueId) {
        QueueNow q = queueNow.get(queueId);
        return q == null ? 0 : q.waiting();
    }

    @Override
    public Duration oldestWait(String queueId) {
        QueueNow q = queueNow.get(queueId);
        return q == null || q.oldestArrival() == null ? Duration.ZERO
                : Duration.between(q.oldestArrival(), clock.instant());
    }
}
