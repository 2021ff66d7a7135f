package dev.cti.it.chaos;

import dev.cti.it.stack.Parties;
import dev.cti.it.stack.Seat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A chaos run: the {@link ChaosSystem} under a steady loopback load ({@link ChaosSystem#AGENTS} agents, a few customer
 * lines), with the faults in turn every {@code faultEvery}: the link cut for 10 s, the server killed (kill -9) and
 * started again, PostgreSQL killed and started again, the gateway stopped with SIGTERM (it drains) and started again.
 * The calls sampled at each fault are checked for audio continuity ({@link AudioWatch}); at the end the load stops, the
 * last calls end, and {@link ChaosAccounts} compares what the parties did with what the database holds.
 */
final class ChaosRun {
    static final double CUSTOMER_TONE = 300;
    static final double AGENT_TONE = 600;
    static final double TONE_STEP = 20;
    static final Duration LINK_CUT = Duration.ofSeconds(10);

    enum Fault { LINK_CUT, SERVER_KILL, POSTGRES_KILL, GATEWAY_DRAIN }

    /**
     * {@code duration}: how long the load runs at most; {@code rounds}: how many rounds of the four faults at most
     * (the short form: one); {@code faultEvery}: the steady load between two faults; {@code lines}: customer lines.
     */
    record Options(Duration duration, int rounds, Duration faultEvery, int lines, List<Fault> faults) {}

    private final Path dir;
    private final Options options;
    private final Tally tally = new Tally();
    private final AtomicBoolean quiet = new AtomicBoolean();
    private final List<JsonObject> faults = new ArrayList<>();
    private final List<AudioWatch.Result> audio = new ArrayList<>();

    ChaosRun(Path dir, Options options) {
        this.dir = dir;
        this.options = options;
    }

    /** Runs and returns the report (JSON); the caller decides what must hold. */
    JsonObject run(Path pgBin) throws Exception {
        try (ChaosSystem system = ChaosSystem.start(dir, pgBin);
             Parties parties = new Parties(dir, system.config(), Clock.systemUTC(), 4)) {
            List<AgentWorker> agents = new ArrayList<>();
            for (int i = 0; i < ChaosSystem.AGENTS; i++) {
                Seat seat = parties.seat(ChaosSystem.agentId(i), ChaosSystem.agentId(i), ChaosSystem.PASSWORD,
                        AGENT_TONE + i * TONE_STEP, 500);
                JsonObject ready = seat.run("ready");
                if (!"READY".equals(ready.getString("state"))) {
                    throw new AssertionError(seat.agentId() + " could not get READY: " + ready.encode());
                }
                agents.add(new AgentWorker(seat, tally, () -> !quiet.get()));
            }
            List<CallerWorker> lines = new ArrayList<>();
            for (int i = 0; i < options.lines(); i++) {
                lines.add(new CallerWorker(parties, String.format("1390000%04d", i + 1), CUSTOMER_TONE + i * TONE_STEP,
                        tally, quiet::get));
            }
            AudioWatch watch = new AudioWatch(agents, lines, AGENT_TONE, TONE_STEP);
            Instant start = Instant.now();
            Map<String, Long> memoryAtStart = system.memory();
            List<Thread> threads = new ArrayList<>();
            for (AgentWorker a : agents) threads.add(started("chaos-agent-" + a.agentId(), a));
            for (CallerWorker c : lines) threads.add(started("chaos-line-" + c.number().substring(7), c));

            long end = System.nanoTime() + options.duration().toNanos();
            int next = 0;
            Thread.sleep(options.faultEvery().toMillis());
            int perRound = options.faults().size();
            while (System.nanoTime() < end && next < (long) options.rounds() * perRound) {
                Fault fault = options.faults().get(next++ % perRound);
                inject(system, watch, fault);
                long left = end - System.nanoTime();
                Thread.sleep(Math.max(0, Math.min(TimeUnit.NANOSECONDS.toMillis(left), options.faultEvery().toMillis())));
                if (next >= (long) options.rounds() * perRound) {
                    break;
                }
            }

            // the load stops; the calls in progress end as usual, the agents wrap up
            for (CallerWorker c : lines) c.stop();
            for (int i = agents.size(); i < threads.size(); i++) threads.get(i).join(60_000);
            Thread.sleep(5000);
            for (AgentWorker a : agents) a.stop();
            for (int i = 0; i < agents.size(); i++) threads.get(i).join(30_000);
            Thread.sleep(2000); // the last writes reach the database
            Map<String, Long> memoryAtEnd = system.memory();
            Instant stopped = Instant.now();

            JsonObject report = ChaosAccounts.report(system, tally, start);
            report.put("startedAt", start.toString()).put("seconds", Duration.between(start, stopped).toSeconds())
                    .put("agents", agents.size()).put("customerLines", lines.size())
                    .put("faults", new JsonArray(new ArrayList<>(faults)))
                    .put("serverStarts", system.serverStarts()).put("gatewayStarts", system.gatewayStarts());
            JsonArray sampled = new JsonArray();
            audio.forEach(r -> sampled.add(r.json()));
            int gaps = audio.stream().mapToInt(AudioWatch.Result::gaps).sum();
            report.put("audio", new JsonObject().put("sampledCalls", audio.size()).put("gapSeconds", gaps)
                    .put("calls", sampled));
            report.getJsonArray("checks").add(ChaosAccounts.check("audio of sampled calls through the faults",
                    "no gap", audio.size() + " calls sampled, " + gaps + " s without the other's tone",
                    !audio.isEmpty() && gaps == 0));
            report.put("memoryBytes", new JsonObject().put("start", new JsonObject(new LinkedHashMap<>(memoryAtStart)))
                    .put("end", new JsonObject(new LinkedHashMap<>(memoryAtEnd))));
            return report;
        }
    }

    private void inject(ChaosSystem system, AudioWatch watch, Fault fault) throws Exception {
        quiet.set(true);
        Thread.sleep(3000); // holds in progress end; the customers keep their calls up from here
        watch.begin();
        Instant at = Instant.now();
        long t0 = System.nanoTime();
        JsonObject f = new JsonObject().put("fault", fault.name()).put("at", at.toString());
        switch (fault) {
            case LINK_CUT -> {
                system.linkCut().cut();
                Thread.sleep(LINK_CUT.toMillis());
                system.linkCut().restore();
                system.awaitLinked();
            }
            case SERVER_KILL -> system.killServer();
            case POSTGRES_KILL -> system.killPostgres();
            case GATEWAY_DRAIN -> {
                quiet.set(false); // the drain waits for the calls to end: let the customers hang up
                f.put("drainSeconds", round(system.drainGateway()));
            }
        }
        Thread.sleep(1000);
        f.put("recoveredAfterSeconds", round(Duration.ofNanos(System.nanoTime() - t0)));
        if (fault != Fault.GATEWAY_DRAIN) {
            List<AudioWatch.Result> results = watch.end(fault.name());
            audio.addAll(results);
            f.put("sampledCalls", results.size());
        } else {
            watch.end(fault.name()); // its calls end by design: not sampled
        }
        quiet.set(false);
        faults.add(f);
    }

    private static Thread started(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static double round(Duration d) {
        return Math.round(d.toMillis() / 100.0) / 10.0;
    }
}
