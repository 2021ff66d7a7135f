package dev.cti.bench.server;

import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.config.ReportsConfig;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.AgentStateChange;
import dev.cti.server.agent.Cause;
import dev.cti.server.report.Intervals;
import dev.cti.server.report.Reports;
import dev.cti.server.store.Store;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A micro-measure of the interval job's run time (issue 15, T6), not a benchmark of docs/BENCHMARKS.md: T6's database
 * (a generated configuration of {@code queues} queues and {@code agents} agents, {@code days} of interval history for
 * {@code history-agents} agents, {@link IntervalHistorySeeder}), every agent logged in and READY in the open interval,
 * then the job run back to back on a clock that moves {@code reports.refreshSeconds} (2 s) per run, once for each
 * {@code reports.openRowFlushSeconds} given (1 = every run writes every agent's grown row, as before issue 15's
 * change). Prints each setting's mean, median and maximum run time. In-process, H2 in a temporary directory (deleted
 * after), no server, no HTTP.
 * <p>
 * {@code java ... dev.cti.bench.server.IntervalJobMeasure [days] [history-agents] [agents] [queues] [runs] [flush,...]}
 */
public final class IntervalJobMeasure {
    private IntervalJobMeasure() {}

    public static void main(String[] args) throws Exception {
        int days = arg(args, 0, 365);
        int historyAgents = arg(args, 1, 200);
        int agents = arg(args, 2, 2000);
        int queues = arg(args, 3, 50);
        int runs = arg(args, 4, 30);
        int[] flushes = args.length > 5 ? Arrays.stream(args[5].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 30};
        Path work = Files.createTempDirectory("t6-job-measure");
        Path conf = work.resolve("conf");
        ConfigGenerator.write(conf, queues, agents, ConfigGenerator.freePorts());
        long seeding = System.nanoTime();
        System.out.println("seeded: " + IntervalHistorySeeder.seed(conf, days, historyAgents).encode() + " in "
                + (System.nanoTime() - seeding) / 1_000_000_000 + " s");
        CtiConfig config = ConfigLoader.load(conf);
        MovingClock clock = new MovingClock(Intervals.ceilingExclusive(Instant.now()).plus(Duration.ofMinutes(3)));
        Vertx vertx = Vertx.vertx();
        Store store = Store.open(config.storage(), vertx, new SimpleMeterRegistry(), clock);
        try {
            Instant login = clock.instant().minus(Duration.ofMinutes(2));
            for (int i = 0; i < agents; i++) {
                String id = ConfigGenerator.agentId(i);
                get(store.recordStateChange(new AgentStateChange(id, AgentState.LOGGED_OUT, Optional.empty(),
                        AgentState.NOT_READY, Optional.of("system.login"), AgentEventType.LOGIN, Cause.agent(id),
                        Optional.empty(), login)));
                get(store.recordStateChange(new AgentStateChange(id, AgentState.NOT_READY, Optional.of("system.login"),
                        AgentState.READY, Optional.empty(), AgentEventType.SET_READY, Cause.agent(id), Optional.empty(),
                        login.plusSeconds(1))));
            }
            for (int flush : flushes) {
                ReportsConfig r = config.reports();
                CtiConfig measured = config.withReports(new ReportsConfig(r.refreshSeconds(), r.lateMarginSeconds(),
                        flush, r.repeatCallHours(), r.agentHourCost(), r.trunkMinuteCost(), r.currency()));
                try (Reports reports = new Reports(vertx, measured, store, new SimpleMeterRegistry(), clock)) {
                    long first = System.nanoTime();
                    get(reports.intervals().runNow());
                    double firstMs = (System.nanoTime() - first) / 1e6;
                    double[] ms = new double[runs];
                    for (int i = -5; i < runs; i++) { // 5 runs to warm up
                        clock.advance(Duration.ofSeconds(r.refreshSeconds()));
                        long t = System.nanoTime();
                        get(reports.intervals().runNow());
                        if (i >= 0) {
                            ms[i] = (System.nanoTime() - t) / 1e6;
                        }
                    }
                    Arrays.sort(ms);
                    System.out.printf("openRowFlushSeconds=%d agents=%d: first run %.0f ms; %d runs every %d s of"
                                    + " clock: mean %.1f ms, median %.1f ms, max %.1f ms%n", flush, agents, firstMs,
                            runs, r.refreshSeconds(), Arrays.stream(ms).average().orElse(0), ms[runs / 2],
                            ms[runs - 1]);
                }
            }
        } finally {
            store.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int arg(String[] args, int i, int otherwise) {
        return args.length > i ? Integer.parseInt(args[i]) : otherwise;
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    /** A clock the measure moves. */
    private static final class MovingClock extends Clock {
        private volatile Instant now;

        MovingClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
