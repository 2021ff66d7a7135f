package dev.cti.bench.media;

import dev.cti.bench.core.Bench;
import dev.cti.bench.core.BenchOptions;
import dev.cti.bench.core.JfrSummary;
import dev.cti.bench.core.LatencyRecorder;
import dev.cti.bench.core.Progress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;

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
        JsonObject result = new JsonObject().put("targetCalls", 1000).put("targetLoss", TARGET_LOSS)
                .put("targetJitterP99Ms", TARGET_JITTER_P99_MS).put("generatorThreads", threads)
                .put("packetIntervalMs", 20).put("payloadBytes", RtpLoadGenerator.PAYLOAD)
                .put("jitterDefinition", "|transit(i) - transit(i-1)| per stream, transit = receive - send time stamped in the payload");
        JsonObject ours = ramp(o, stepsOption, threads, "ours");
        result.put("steps", ours.getJsonArray("steps")).put("maxCallsMeetingTarget", ours.getValue("maxCallsMeetingTarget"));
        if (!o.smoke() && !"false".equals(o.extra().get("peer"))) {
            if (!RtpenginePeer.installed()) {
                result.put("rtpengine", new JsonObject().put("status", "not run: rtpengine is not installed (apt-get install rtpengine-daemon)"));
            } else {
                try {
                    result.put("rtpengine", ramp(o, stepsOption, threads, "rtpengine").put("status", "ok"));
                } catch (Exception e) {
                    result.put("rtpengine", new JsonObject().put("status", "failed: " + e));
                }
            }
        }
        return result;
    }

    private JsonObject ramp(BenchOptions o, String stepsOption, int threads, String who) throws Exception {
        JsonArray steps = new JsonArray();
        Integer maximum = null;
        int misses = 0;
        for (String s : stepsOption.split(",")) {
            int calls = Integer.parseInt(s.trim());
            Path work = o.outDir().resolve("work").resolve(id()).resolve(who + "-" + calls);
            Relay relay = who.equals("ours") ? new GatewayRelay(o, work, calls) : new RtpenginePeer(work, calls, o.sutCpus());
            JsonObject step = step(o, relay, calls, threads, who);
            steps.add(step);
            if (step.getBoolean("meetsTarget")) {
                maximum = calls;
                misses = 0;
            } else if (++misses >= 2 && !o.extra().containsKey("all-steps")) {
                break;   // two misses in a row: past the knee (one alone may be a blip of the shared machine)
            }
        }
        return new JsonObject().put("steps", steps).put("maxCallsMeetingTarget", maximum);
    }

    private JsonObject step(BenchOptions o, Relay relay, int calls, int threads, String who) throws Exception {
        JsonObject step = new JsonObject().put("calls", calls);
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
            long warmUp = (o.smoke() ? 1 : 5) * 1_000_000_000L;   // JIT, first allocations
            long now = System.nanoTime();
            long from = now + warmUp;
            long until = from + o.duration().toNanos();
            try (Progress p = Progress.every(System.out, "t2 " + who + " " + calls + " calls", () -> "received=" + gen.received())) {
                gen.start(from, until);
                Thread.sleep(warmUp / 1_000_000);
                long relayed0 = relay.relayedPackets();
                double cpu0 = relay.cpuSeconds();
                double genCpu0 = dev.cti.bench.core.ProcessCpu.generatorCpuSeconds();
                long t0 = System.nanoTime();
                Thread.sleep(Math.max(0, (until - System.nanoTime()) / 1_000_000));
                double cpu = relay.cpuSeconds() - cpu0;
                double genCpu = dev.cti.bench.core.ProcessCpu.generatorCpuSeconds() - genCpu0;
                double wall = (System.nanoTime() - t0) / 1e9;
                long relayed1 = relay.relayedPackets();
                gen.stop();
                Thread.sleep(500);   // drain
                relay.checkAlive();
                long[] window = gen.windowCounts();
                long relayed = relayed0 < 0 ? window[1] : relayed1 - relayed0;
                double loss = window[0] == 0 ? 1 : (double) (window[0] - window[1]) / window[0];
                LatencyRecorder transit = gen.transit();
                JsonObject jitter = gen.jitter().summaryMillis();
                double cores = cpu / wall;
                step.put("relay", who).put("packetsSent", window[0]).put("packetsReceived", window[1])
                        .put("lossRatio", loss).put("transitMs", transit.summaryMillis()).put("jitterMs", jitter)
                        .put("sutRelayedPackets", relayed).put("relayedCountFrom", relayed0 < 0 ? "generator" : "relay")
                        .put("sutRelayedPerSecond", Math.round(relayed / wall)).put("foreignPackets", gen.foreign())
                        .put("sutCpuSeconds", round(cpu)).put("sutCores", round(cores))
                        .put("generatorCores", round(genCpu / wall))
                        .put("sutCpuMicrosPerPacket", relayed == 0 ? null : round(cpu * 1e6 / relayed))
                        .put("meetsTarget", window[1] > 0 && loss <= TARGET_LOSS && jitter.containsKey("p99")
                                && jitter.getDouble("p99") <= TARGET_JITTER_P99_MS);
            }
        }
        if (o.profile() && relay.jfr() != null) {
            step.put("profile", JfrSummary.topFrames(relay.jfr(), 15));
        }
        System.out.println("bench: t2 " + who + " " + calls + " calls: " + step.copy().put("profile", (Object) null).encode());
        return step;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    @Override
    public String summarize(JsonObject r) {
        StringBuilder b = new StringBuilder("Ours: maximum calls meeting the target (loss ≤ 0.01 %, jitter p99 ≤ 2 ms): **")
                .append(r.getValue("maxCallsMeetingTarget")).append("** (target ≥ 1,000).\n\n");
        table(b, r.getJsonArray("steps"));
        JsonObject peer = r.getJsonObject("rtpengine");
        if (peer != null) {
            b.append("\nrtpengine (userspace): ").append(peer.getString("status")).append(", maximum calls meeting the target: ")
                    .append(peer.getValue("maxCallsMeetingTarget")).append("\n\n");
            if (peer.getJsonArray("steps") != null) {
                table(b, peer.getJsonArray("steps"));
            }
        }
        return b.toString();
    }

    private static void table(StringBuilder b, JsonArray stepsArray) {
        b
                .append("| calls | packets sent | loss % | transit p50 / p99 ms | jitter p50 / p99 / max ms | relayed pkt/s | SUT cores | SUT µs/packet | generator cores | target |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (int i = 0; i < stepsArray.size(); i++) {
            JsonObject s = stepsArray.getJsonObject(i);
            JsonObject t = s.getJsonObject("transitMs");
            JsonObject j = s.getJsonObject("jitterMs");
            b.append("| ").append(s.getInteger("calls")).append(" | ").append(s.getLong("packetsSent")).append(" | ")
                    .append(String.format("%.4f", s.getDouble("lossRatio") * 100)).append(" | ")
                    .append(t.getValue("p50")).append(" / ").append(t.getValue("p99")).append(" | ")
                    .append(j.getValue("p50")).append(" / ").append(j.getValue("p99")).append(" / ").append(j.getValue("max"))
                    .append(" | ").append(s.getLong("sutRelayedPerSecond")).append(" | ").append(s.getValue("sutCores"))
                    .append(" | ").append(s.getValue("sutCpuMicrosPerPacket")).append(" | ")
                    .append(s.getValue("generatorCores")).append(" | ").append(s.getBoolean("meetsTarget") ? "met" : "missed").append(" |\n");
        }
    }
}
