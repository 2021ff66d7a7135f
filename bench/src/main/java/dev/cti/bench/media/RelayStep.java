package dev.cti.bench.media;

import dev.cti.bench.core.BenchOptions;
import dev.cti.bench.core.JfrSummary;
import dev.cti.bench.core.LatencyRecorder;
import dev.cti.bench.core.ProcessCpu;
import dev.cti.bench.core.Progress;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * One measured step of N concurrent relayed calls (T2, T3): sets the calls up through the {@link Relay}, lets the
 * {@link RtpLoadGenerator} send for a warm-up and then the measuring window, drains, and returns loss, transit,
 * jitter, the relay's CPU (from /proc) per packet and per call, and whether the step meets T2's target. A
 * {@link Probe} adds a benchmark's own figures at the window's edges and after the drain, before the relay closes.
 */
final class RelayStep {

    static final double TARGET_LOSS = 0.0001;
    static final double TARGET_JITTER_P99_MS = 2;

    /** What a benchmark reads around the measuring window, on the bench's thread. */
    interface Probe {
        Probe NONE = new Probe() {};

        /** Right after the window's start figures were read. */
        default void windowStarted() throws Exception {}

        /** Right after the window's end figures were read, before the generator stops. */
        default void windowEnded(JsonObject step, double wallSeconds) throws Exception {}

        /** After the generator stopped and the drain, before the relay closes; {@code sendingSeconds}: how long the phones sent. */
        default void drained(JsonObject step, double sendingSeconds) throws Exception {}
    }

    private RelayStep() {}

    /** Runs one step against {@code relay} (closed at the end) and returns its figures. */
    static JsonObject run(BenchOptions o, Relay relay, int calls, int threads, String label, Probe probe) throws Exception {
        JsonObject step = new JsonObject().put("calls", calls);
        if (relay.transport() != null) {
            step.put("transport", relay.transport());
        }
        try (relay; RtpLoadGenerator gen = new RtpLoadGenerator(calls, threads)) {
            int[][] phones = new int[calls][];
            for (int i = 0; i < calls; i++) {
                phones[i] = new int[] {gen.phonePort(i, 0), gen.phonePort(i, 1)};
            }
            int[][] legs = relay.calls(phones);
            for (int i = 0; i < calls; i++) {
                gen.setLeg(i, 0, legs[i][0]);
                gen.setLeg(i, 1, legs[i][1]);
            }
            long warmUp = o.intOption("warmup", 5, 1) * 1_000_000_000L;   // JIT, first allocations
            long now = System.nanoTime();
            long from = now + warmUp;
            long until = from + o.duration().toNanos();
            try (Progress p = Progress.every(System.out, label + " " + calls + " calls", () -> "received=" + gen.received())) {
                long sendingFrom = System.nanoTime();
                gen.start(from, until);
                Thread.sleep(warmUp / 1_000_000);
                long relayed0 = relay.relayedPackets();
                double cpu0 = relay.cpuSeconds();
                double genCpu0 = ProcessCpu.generatorCpuSeconds();
                Map<String, Double> threads0 = relay.pid() < 0 ? Map.of() : ProcessCpu.threadCpuSeconds(relay.pid());
                long t0 = System.nanoTime();
                probe.windowStarted();
                Thread.sleep(Math.max(0, (until - System.nanoTime()) / 1_000_000));
                double cpu = relay.cpuSeconds() - cpu0;
                double genCpu = ProcessCpu.generatorCpuSeconds() - genCpu0;
                double wall = (System.nanoTime() - t0) / 1e9;
                Map<String, Double> threads1 = relay.pid() < 0 ? Map.of() : ProcessCpu.threadCpuSeconds(relay.pid());
                long relayed1 = relay.relayedPackets();
                probe.windowEnded(step, wall);
                gen.stop();
                double sending = (System.nanoTime() - sendingFrom) / 1e9;
                Thread.sleep(500);   // drain
                relay.checkAlive();
                long[] window = gen.windowCounts();
                long relayed = relayed0 < 0 ? window[1] : relayed1 - relayed0;
                double loss = window[0] == 0 ? 1 : (double) (window[0] - window[1]) / window[0];
                LatencyRecorder transit = gen.transit();
                JsonObject jitter = gen.jitter().summaryMillis();
                step.put("packetsSent", window[0]).put("packetsReceived", window[1])
                        .put("lossRatio", loss).put("transitMs", transit.summaryMillis()).put("jitterMs", jitter)
                        .put("sutRelayedPackets", relayed).put("relayedCountFrom", relayed0 < 0 ? "generator" : "relay")
                        .put("sutRelayedPerSecond", Math.round(relayed / wall)).put("foreignPackets", gen.foreign())
                        .put("sutCpuSeconds", round(cpu)).put("sutCores", round(cpu / wall))
                        .put("generatorCores", round(genCpu / wall))
                        .put("sutCpuMicrosPerPacket", relayed == 0 ? null : round(cpu * 1e6 / relayed))
                        .put("sutCpuMillisPerCallSecond", round(cpu * 1e3 / wall / calls))
                        .put("sutCpuSecondsByThread", byThread(threads0, threads1))
                        .put("meetsTarget", window[1] > 0 && loss <= TARGET_LOSS && jitter.containsKey("p99")
                                && jitter.getDouble("p99") <= TARGET_JITTER_P99_MS);
                probe.drained(step, sending);
            }
        }
        if (o.profile() && relay.jfr() != null) {
            step.put("profile", JfrSummary.topFrames(relay.jfr(), 15));
        }
        System.out.println("bench: " + label + " " + calls + " calls: " + step.copy().put("profile", (Object) null).encode());
        return step;
    }

    /** CPU seconds of each thread group over the window, largest first, groups under 10 ms left out. */
    static JsonObject byThread(Map<String, Double> before, Map<String, Double> after) {
        JsonObject out = new JsonObject();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() >= 0.01)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), round(e.getValue())));
        return out;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
