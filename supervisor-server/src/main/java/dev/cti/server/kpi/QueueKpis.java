package dev.cti.server.kpi;

import dev.cti.server.metrics.ServerMeters;
import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.config.ReasonCode;
import dev.cti.server.agent.AgentSnapshot;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.AgentStateChange;
import dev.cti.server.agent.SystemReasons;
import dev.cti.server.events.AgentUpdate;
import dev.cti.server.metrics.AgentStateGauges;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The queue KPIs of docs/METRICS.md: Prometheus meters (cumulative counters and histograms, live gauges)
 * and the day's tallies that the wallboard shows. Fed by the call center on its context; the gauges are
 * read by the scrape on another thread, so the figures they read are published as immutable snapshots.
 */
public final class QueueKpis {
    static final double[] WAIT_BUCKETS = {5, 10, 20, 30, 60, 120, 300, 600};
    static final double[] HANDLE_BUCKETS = {30, 60, 120, 180, 300, 600, 1200};
    static final double[] RING_BUCKETS = {1, 2, 3, 4, 5, 6, 8, 10};

    /** What the gauges need from the queues right now. */
    public interface LiveQueues {
        int waiting(String queueId);

        Duration oldestWait(String queueId);
    }

    private final CtiConfig config;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ZoneId zone;
    private final Map<String, QueueTally> today = new LinkedHashMap<>();
    private final OccupancyTally occupancy = new OccupancyTally();
    private final AgentStateGauges agentGauges;
    private final Map<String, Pending> afterWork = new HashMap<>();
    private final Map<String, Instant> wrapUpStarted = new HashMap<>();
    private volatile Map<String, Figures> published = Map.of();
    private java.util.function.BiConsumer<String, Duration> wrapUpEnded = (callId, d) -> { };
    private volatile double publishedOccupancy = Double.NaN;
    private LocalDate day;
    /** When set (the server), today's figures are the stored interval rows' (restart-safe), not the tallies'. */
    private volatile Supplier<? extends DayFigures> stored;

    /** An answered call waiting for its wrap-up to end before it counts as handled. */
    private record Pending(String queueId, Duration talk, Duration hold) {}

    /** One queue's day figures, as published for the wallboard and the gauges. */
    public record Figures(String queueId, long offered, long answered, long abandoned, OptionalDouble serviceLevel,
                          OptionalDouble serviceLevelAsteriskPerf, OptionalDouble serviceLevelAsteriskPerf2,
                          OptionalDouble serviceLevelConnect, OptionalDouble answerRate, OptionalDouble abandonRate,
                          OptionalDouble averageRings, OptionalDouble averageQueueSeconds,
                          OptionalDouble averageHandleSeconds, OptionalDouble averageSpeedOfAnswerSeconds,
                          double longestWaitSeconds) {}

    public QueueKpis(CtiConfig config, MeterRegistry meters, Clock clock, LiveQueues live,
                     Supplier<List<AgentSnapshot>> agents) {
        this.config = config;
        this.meters = meters;
        this.clock = clock;
        this.zone = ZoneId.of(config.site().timeZone());
        this.day = LocalDate.ofInstant(clock.instant(), zone);
        for (QueueConfig q : config.queues()) {
            today.put(q.id(), new QueueTally());
            String id = q.id();
            ServerMeters.QUEUE_CALLS_WAITING.gauge(live, l -> l.waiting(id), id).strongReference(true)
                    .register(meters);
            ServerMeters.QUEUE_OLDEST_WAIT.gauge(live, l -> l.oldestWait(id).toMillis() / 1000.0, id)
                    .strongReference(true).register(meters);
            gauge(ServerMeters.QUEUE_SERVICE_LEVEL, id, Figures::serviceLevel);
            gauge(ServerMeters.QUEUE_ANSWER_RATE, id, Figures::answerRate);
            gauge(ServerMeters.QUEUE_ABANDON_RATE, id, Figures::abandonRate);
            ServerMeters.QUEUE_SERVICE_LEVEL_TARGET.gauge(q, c -> c.serviceLevel().targetPercent() / 100.0, id)
                    .strongReference(true).register(meters);
        }
        List<String> reasons = new ArrayList<>(config.notReadyReasons().stream().map(ReasonCode::code).toList());
        reasons.addAll(List.of(SystemReasons.LOGIN, SystemReasons.RONA, SystemReasons.RING_FAILED, SystemReasons.FORCED));
        // cti_agents{state} and cti_agents_not_ready{reason}: counts kept up to date by agentEvent, not a scan per scrape
        this.agentGauges = new AgentStateGauges(meters, reasons, agents.get());
        ServerMeters.AGENT_OCCUPANCY.gauge(this, k -> k.publishedOccupancy).strongReference(true).register(meters);
    }

    private void gauge(ServerMeters meter, String queueId, Function<Figures, OptionalDouble> f) {
        meter.gauge(this, k -> {
            Figures figures = k.published.get(queueId);
            return figures == null ? Double.NaN : f.apply(figures).orElse(Double.NaN);
        }, queueId).strongReference(true).register(meters);
    }

    /**
     * After a restart: an agent restored in WRAP_UP on {@code callId} since {@code since}, so the call's after-call
     * work time is still measured and stored when the agent leaves WRAP_UP.
     */
    public void wrapUpResumed(String callId, java.time.Instant since) {
        wrapUpStarted.putIfAbsent(callId, since);
    }

    /** Told the after-call work time of each call when its agent leaves WRAP_UP (the call center stores it). */
    public void onWrapUpEnded(java.util.function.BiConsumer<String, Duration> listener) {
        this.wrapUpEnded = listener;
    }

    public void offered(String queueId) {
        rollOver();
        tally(queueId).offered();
        ServerMeters.QUEUE_CALLS_OFFERED.counter(meters, queueId).increment();
        publish();
    }

    public void answered(String queueId, Duration wait, int rings) {
        rollOver();
        QueueConfig.ServiceLevel sl = sl(queueId);
        tally(queueId).answered(wait.toMillis(), rings, sl);
        ServerMeters.QUEUE_CALLS_ANSWERED.counter(meters, queueId).increment();
        if (wait.toMillis() <= sl.thresholdSeconds() * 1000L) {
            ServerMeters.QUEUE_CALLS_ANSWERED_WITHIN_THRESHOLD.counter(meters, queueId).increment();
        }
        waitTimer(queueId, "answered").record(wait);
        ServerMeters.QUEUE_ANSWER_RINGS.summary(queueId).serviceLevelObjectives(RING_BUCKETS).register(meters).record(rings);
        publish();
    }

    public void abandoned(String queueId, Duration wait) {
        rollOver();
        QueueConfig.ServiceLevel sl = sl(queueId);
        tally(queueId).abandoned(wait.toMillis(), sl);
        String kind = wait.toMillis() <= sl.shortAbandonSeconds() * 1000L ? "short" : "long";
        ServerMeters.QUEUE_CALLS_ABANDONED.counter(meters, queueId, kind).increment();
        waitTimer(queueId, "abandoned").record(wait);
        publish();
    }

    /** A call moved from {@code from} to {@code to}: it is offered again in {@code to}. */
    public void overflowed(String from, String to) {
        rollOver();
        tally(from).overflowedOut();
        ServerMeters.QUEUE_CALLS_OVERFLOWED.counter(meters, from).increment();
        offered(to);
    }

    public void timedOut(String queueId) {
        rollOver();
        tally(queueId).timedOut();
        ServerMeters.QUEUE_CALLS_TIMED_OUT.counter(meters, queueId).increment();
        publish();
    }

    /** An answered call ended; it counts as handled when its wrap-up ends. */
    public void callEnded(String callId, String queueId, Duration talk, Duration hold) {
        afterWork.put(callId, new Pending(queueId, talk, hold));
    }

    /** An agent's new snapshot from the registry ({@link AgentUpdate}). */
    public void agentEvent(AgentUpdate event) {
        AgentUpdate.Changed update = (AgentUpdate.Changed) event;
        AgentSnapshot snapshot = update.snapshot();
        agentGauges.update(snapshot.agentId(), snapshot.state(), snapshot.reason().orElse(null));
        if (update.change().isEmpty()) {
            return;
        }
        AgentStateChange change = update.change().get();
        rollOver();
        Instant at = change.at();
        AgentState to = change.to();
        AgentState from = change.from();
        occupancy.changed(change.agentId(), to, at);
        String callId = change.callId().orElse(null);
        if (to == AgentState.WRAP_UP && callId != null) {
            wrapUpStarted.put(callId, at);
        }
        if (from == AgentState.WRAP_UP && callId != null) {
            Pending p = afterWork.remove(callId);
            Instant started = wrapUpStarted.remove(callId);
            Duration wrapUp = started == null ? Duration.ZERO : Duration.between(started, at);
            if (started != null) {
                wrapUpEnded.accept(callId, wrapUp);
            }
            if (p != null) {
                handled(p, wrapUp);
            }
        }
        publish();
    }

    private void handled(Pending p, Duration wrapUp) {
        tally(p.queueId()).handled(p.talk(), p.hold(), wrapUp);
        ServerMeters.QUEUE_HANDLE_TIME.timer(p.queueId()).serviceLevelObjectives(durations(HANDLE_BUCKETS)).register(meters)
                .record(p.talk().plus(p.hold()).plus(wrapUp));
    }

    /** The day's figures of every queue (for the wallboard); safe from any thread. */
    public Map<String, Figures> figures() {
        return published;
    }

    public OptionalDouble occupancy() {
        return Double.isNaN(publishedOccupancy) ? OptionalDouble.empty() : OptionalDouble.of(publishedOccupancy);
    }

    /**
     * Takes today's figures from the stored interval rows (docs/METRICS.md, "Interval statistics") instead of this
     * class's own tallies: the figures are then the same after a restart. {@code source} may answer null until its
     * first computation.
     */
    public void useStoredFigures(Supplier<? extends DayFigures> source) {
        this.stored = source;
        publish();
    }

    /** Recomputes the published figures; the call center also calls it once a second (occupancy moves). */
    public void publish() {
        Supplier<? extends DayFigures> source = stored;
        if (source != null) {
            DayFigures d = source.get();
            if (d != null) {
                Map<String, Figures> out = new LinkedHashMap<>();
                for (QueueConfig q : config.queues()) {
                    out.put(q.id(), figures(q.id(), d.queues().getOrDefault(q.id(), QueueCounts.ZERO)));
                }
                published = Map.copyOf(out);
                publishedOccupancy = d.occupancy().orElse(Double.NaN);
            }
            return;
        }
        Map<String, Figures> out = new LinkedHashMap<>();
        today.forEach((id, t) -> {
            QueueConfig.ServiceLevel sl = sl(id);
            out.put(id, figures(id, t.counts()));
        });
        published = Map.copyOf(out);
        publishedOccupancy = occupancy.occupancy(clock.instant()).orElse(Double.NaN);
    }

    private Figures figures(String id, QueueCounts n) {
        QueueConfig.ServiceLevel sl = sl(id);
        return new Figures(id, n.offered(), n.answered(), n.abandoned(), n.serviceLevel(sl), n.serviceLevelAsteriskPerf(),
                n.serviceLevelAsteriskPerf2(), n.serviceLevelConnect(), n.answerRate(), n.abandonRate(),
                n.averageRings(), n.averageQueueSeconds(), n.averageHandleSeconds(), n.averageSpeedOfAnswerSeconds(),
                n.longestWaitMillis() / 1000.0);
    }

    private void rollOver() {
        LocalDate now = LocalDate.ofInstant(clock.instant(), zone);
        if (!now.equals(day)) {
            day = now;
            today.replaceAll((id, t) -> new QueueTally());
        }
    }

    private QueueTally tally(String queueId) {
        return today.computeIfAbsent(queueId, k -> new QueueTally());
    }

    private QueueConfig.ServiceLevel sl(String queueId) {
        return config.queue(queueId).orElseThrow().serviceLevel();
    }

    private Timer waitTimer(String queueId, String outcome) {
        return ServerMeters.QUEUE_WAIT_TIME.timer(queueId, outcome).serviceLevelObjectives(durations(WAIT_BUCKETS)).register(meters);
    }

    private static Duration[] durations(double[] seconds) {
        Duration[] out = new Duration[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            out[i] = Duration.ofMillis((long) (seconds[i] * 1000));
        }
        return out;
    }
}
