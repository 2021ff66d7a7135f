package dev.cti.bench.media;

import dev.cti.bench.core.Bench;
import dev.cti.bench.core.BenchOptions;
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

    static final double TARGET_LOSS = RelayStep.TARGET_LOSS;
    static final double TARGET_JITTER_P99_MS = RelayStep.TARGET_JITTER_P99_MS;

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
        return RelayStep.run(o, relay, calls, threads, "t2 " + who, RelayStep.Probe.NONE).put("relay", who);
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
