package dev.cti.bench.media;

import dev.cti.bench.core.Bench;
import dev.cti.bench.core.BenchOptions;
import dev.cti.bench.core.JfrSummary;
import dev.cti.bench.core.LatencyRecorder;
import dev.cti.bench.core.Progress;
import dev.cti.bench.core.SutProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * T2: concurrent relayed G.711 calls through the gateway's media relay ({@link MediaSutMain}, the real
 * MediaEngine in its own pinned JVM; no SIP), driven by {@link RtpLoadGenerator}. Steps up the call count and
 * reports, per step, loss, transit time and jitter (|transit(i) - transit(i-1)| per stream, so the relay's
 * added variation), SUT cores and CPU per relayed packet. Target: ≥ 1,000 calls with loss ≤ 0.01 % and jitter
 * p99 ≤ 2 ms; the largest step meeting it is reported as the maximum.
 */
public final class MediaRelayBench implements Bench {

    static final double TARGET_LOSS = 0.0001;
    static final double TARGET_JITTER_P99_MS = 2;

    @Override
    public String id() {
        return "t2-media";
    }

    @Override
    public JsonObject run(BenchOptions o) throws Exception {
        String stepsOption = o.option("calls", "250,500,1000,1500,2000", "5");
        int threads = o.intOption("generator-threads", 2, 1);
        JsonArray steps = new JsonArray();
        Integer maximum = null;
        for (String s : stepsOption.split(",")) {
            int calls = Integer.parseInt(s.trim());
            JsonObject step = step(o, calls, threads);
            steps.add(step);
            if (step.getBoolean("meetsTarget")) {
                maximum = calls;
            } else if (!o.extra().containsKey("all-steps")) {
                break;   // past the knee: further steps only fail harder
            }
        }
        return new JsonObject().put("steps", steps).put("maxCallsMeetingTarget", maximum)
                .put("targetCalls", 1000).put("targetLoss", TARGET_LOSS).put("targetJitterP99Ms", TARGET_JITTER_P99_MS)
                .put("generatorThreads", threads).put("packetIntervalMs", 20).put("payloadBytes", RtpLoadGenerator.PAYLOAD);
    }

    private JsonObject step(BenchOptions o, int calls, int threads) throws Exception {
        Path work = o.outDir().resolve("work").resolve(id() + "-" + calls);
        int span = calls * 4 + 200;
        int portMin = 30000 + 2 * ThreadLocalRandom.current().nextInt((60000 - 30000 - span) / 2);
        SutProcess sut = SutProcess.start("media-relay", MediaSutMain.class.getName(),
                List.of("--port-min", String.valueOf(portMin), "--port-max", String.valueOf(portMin + span)),
                o.sutCpus(), work, true, o.profile(), List.of("-Xms256m", "-Xmx1g"));
        JsonObject step = new JsonObject().put("calls", calls);
        try (sut; RtpLoadGenerator gen = new RtpLoadGenerator(calls, threads)) {
            expect(sut, "ready");
            for (int i = 0; i < calls; i++) {
                sut.send("call " + gen.phonePort(i, 0) + " " + gen.phonePort(i, 1));
            }
            for (int i = 0; i < calls; i++) {
                String[] f = expect(sut, "ok").split(" ");
                gen.setLeg(i, 0, Integer.parseInt(f[1]));
                gen.setLeg(i, 1, Integer.parseInt(f[2]));
            }
            long warmUp = (o.smoke() ? 1 : 3) * 1_000_000_000L;
            long now = System.nanoTime();
            long from = now + warmUp;
            long until = from + o.duration().toNanos();
            try (Progress p = Progress.every(System.out, "t2 " + calls + " calls", () -> "received=" + gen.received())) {
                gen.start(from, until);
                Thread.sleep(warmUp / 1_000_000);
                long[] relayed0 = stats(sut);
                double cpu0 = sut.cpuSeconds();
                long t0 = System.nanoTime();
                Thread.sleep(Math.max(0, (until - System.nanoTime()) / 1_000_000));
                double cpu = sut.cpuSeconds() - cpu0;
                double wall = (System.nanoTime() - t0) / 1e9;
                long[] relayed1 = stats(sut);
                gen.stop();
                Thread.sleep(500);   // drain
                sut.checkAlive();
                long[] window = gen.windowCounts();
                long relayed = relayed1[0] - relayed0[0];
                double loss = window[0] == 0 ? 1 : (double) (window[0] - window[1]) / window[0];
                LatencyRecorder transit = gen.transit();
                JsonObject jitter = gen.jitter().summaryMillis();
                double cores = cpu / wall;
                step.put("packetsSent", window[0]).put("packetsReceived", window[1])
                        .put("lossRatio", loss).put("transitMs", transit.summaryMillis()).put("jitterMs", jitter)
                        .put("sutRelayedPackets", relayed).put("sutRelayedPerSecond", Math.round(relayed / wall))
                        .put("sutLostCounted", relayed1[1] - relayed0[1]).put("sutDropped", relayed1[2] - relayed0[2])
                        .put("foreignPackets", gen.foreign())
                        .put("sutCpuSeconds", round(cpu)).put("sutCores", round(cores))
                        .put("sutCpuMicrosPerPacket", relayed == 0 ? null : round(cpu * 1e6 / relayed))
                        .put("meetsTarget", window[1] > 0 && loss <= TARGET_LOSS && jitter.containsKey("p99")
                                && jitter.getDouble("p99") <= TARGET_JITTER_P99_MS);
            }
        }
        if (o.profile()) {
            step.put("profile", JfrSummary.topFrames(sut.jfr(), 15));
        }
        System.out.println("bench: t2 " + calls + " calls: " + step.copy().put("profile", (Object) null).encode());
        return step;
    }

    private static String expect(SutProcess sut, String prefix) throws Exception {
        String line = sut.readLine();
        if (line == null || !line.startsWith(prefix)) {
            throw new IllegalStateException("media SUT said " + line + " (wanted " + prefix + "); log:\n" + sut.logTail());
        }
        return line;
    }

    /** relayed, lost, dropped counters of the SUT. */
    private static long[] stats(SutProcess sut) throws Exception {
        sut.send("stats");
        String[] f = expect(sut, "stats").split(" ");
        long[] out = new long[3];
        for (int i = 0; i < 3; i++) {
            out[i] = Long.parseLong(f[i + 1].substring(f[i + 1].indexOf('=') + 1));
        }
        return out;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    @Override
    public String summarize(JsonObject r) {
        StringBuilder b = new StringBuilder("Maximum calls meeting the target (loss ≤ 0.01 %, jitter p99 ≤ 2 ms): **")
                .append(r.getValue("maxCallsMeetingTarget")).append("** (target ≥ 1,000).\n\n")
                .append("| calls | packets sent | loss % | transit p50 / p99 ms | jitter p50 / p99 / max ms | relayed pkt/s | SUT cores | SUT µs/packet | target |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        List<Object> steps = new ArrayList<>(r.getJsonArray("steps").getList());
        for (int i = 0; i < steps.size(); i++) {
            JsonObject s = r.getJsonArray("steps").getJsonObject(i);
            JsonObject t = s.getJsonObject("transitMs");
            JsonObject j = s.getJsonObject("jitterMs");
            b.append("| ").append(s.getInteger("calls")).append(" | ").append(s.getLong("packetsSent")).append(" | ")
                    .append(String.format("%.4f", s.getDouble("lossRatio") * 100)).append(" | ")
                    .append(t.getValue("p50")).append(" / ").append(t.getValue("p99")).append(" | ")
                    .append(j.getValue("p50")).append(" / ").append(j.getValue("p99")).append(" / ").append(j.getValue("max"))
                    .append(" | ").append(s.getLong("sutRelayedPerSecond")).append(" | ").append(s.getValue("sutCores"))
                    .append(" | ").append(s.getValue("sutCpuMicrosPerPacket")).append(" | ")
                    .append(s.getBoolean("meetsTarget") ? "met" : "missed").append(" |\n");
        }
        return b.toString();
    }
}
