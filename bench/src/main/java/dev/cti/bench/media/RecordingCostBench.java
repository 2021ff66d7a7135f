package dev.cti.bench.media;

import dev.cti.bench.core.Bench;
import dev.cti.bench.core.BenchOptions;
import dev.cti.recording.RecordingHeader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * T3: what recording every call costs the media relay. The same steps of N concurrent relayed G.711 calls as T2
 * ({@link RelayStep}: the real MediaEngine in its own JVM pinned to CPU 0, the Netty generator on CPU 1), run with
 * recording <b>off</b> and <b>on</b> (the gateway's real recording service: tap, aligner, writer threads, AES-GCM,
 * files on the same disk; {@link SutRecorder}) at each call count, in the same run, the order swapped at every
 * count (off, on; then on, off) so that the machine's drift hits both. Each mode's knee is its largest step meeting
 * T2's target (loss ≤ 0.01 %, jitter p99 ≤ 2 ms; "on" also needs every recording complete, with the audio of the
 * whole call); the capacity loss is {@code (knee off - knee on) / knee off}. Goal: ≤ 10 %. After each "on" step
 * every file is checked ({@link RecordedFiles}); a broken one fails the benchmark.
 */
public final class RecordingCostBench implements Bench {

    static final double GOAL_LOSS_PERCENT = 10;
    static final int SLOT_BYTES = RecordingHeader.CHUNK_BYTES + RecordingHeader.TAG_BYTES;

    @Override
    public String id() {
        return "t3-recording";
    }

    @Override
    public JsonObject run(BenchOptions o) throws Exception {
        String steps = o.option("calls", "200,250,300,350,400,450,500,600,700,800,1000", "5");
        int threads = o.intOption("generator-threads", 2, 1);
        int rounds = o.intOption("rounds", 1, 1);
        boolean keep = o.smoke() || "true".equals(o.extra().get("keep-recordings"));
        JsonObject result = new JsonObject().put("targetLoss", RelayStep.TARGET_LOSS)
                .put("targetJitterP99Ms", RelayStep.TARGET_JITTER_P99_MS).put("goalCapacityLossPercent", GOAL_LOSS_PERCENT)
                .put("asteriskCapacityLossPercent", 25)
                .put("asteriskFigureSource", "issue 12's figure; not measured here (Asterisk is not part of this harness)")
                .put("generatorThreads", threads).put("rounds", rounds)
                .put("expectedRecordingBytesPerCallSecond", SLOT_BYTES);
        JsonArray all = new JsonArray();
        JsonArray perRound = new JsonArray();
        for (int round = 1; round <= rounds; round++) {
            perRound.add(ramp(o, steps, threads, round, keep, all));
        }
        result.put("steps", all).put("perRound", perRound);
        List<Double> losses = new ArrayList<>();
        for (int i = 0; i < perRound.size(); i++) {
            Double l = perRound.getJsonObject(i).getDouble("capacityLossPercent");
            if (l != null) {
                losses.add(l);
            }
        }
        losses.sort(Comparator.naturalOrder());
        Double median = losses.isEmpty() ? null : losses.get(losses.size() / 2);
        JsonObject first = perRound.getJsonObject(0);
        return result.put("kneeOff", first.getValue("kneeOff")).put("kneeOn", first.getValue("kneeOn"))
                .put("capacityLossPercent", median)
                .put("meetsGoal", median == null ? null : median <= GOAL_LOSS_PERCENT)
                .put("equalLoad", equalLoad(all));
    }

    /** One round: every count with both modes, until each mode missed twice in a row. */
    private JsonObject ramp(BenchOptions o, String steps, int threads, int round, boolean keep, JsonArray all)
            throws Exception {
        Integer[] knee = new Integer[2];
        int[] misses = new int[2];
        String[] counts = steps.split(",");
        for (int i = 0; i < counts.length; i++) {
            int calls = Integer.parseInt(counts[i].trim());
            for (int m : i % 2 == 0 ? new int[] {0, 1} : new int[] {1, 0}) {
                if (misses[m] >= 2 && !o.extra().containsKey("all-steps")) {
                    continue;
                }
                JsonObject step = step(o, calls, threads, m == 1, round, keep);
                all.add(step);
                if (step.getBoolean("meetsTarget")) {
                    knee[m] = calls;
                    misses[m] = 0;
                } else {
                    misses[m]++;
                }
            }
            if (misses[0] >= 2 && misses[1] >= 2 && !o.extra().containsKey("all-steps")) {
                break;   // both past their knee (one miss alone may be a blip of the machine)
            }
        }
        JsonObject r = new JsonObject().put("round", round).put("kneeOff", knee[0]).put("kneeOn", knee[1]);
        if (knee[0] != null) {
            Integer after = null;   // the step after the "off" knee: a smaller loss than this gap cannot be seen
            for (String c : counts) {
                int n = Integer.parseInt(c.trim());
                if (n > knee[0] && (after == null || n < after)) {
                    after = n;
                }
            }
            r.put("capacityLossPercent", knee[1] == null ? null : round1(100.0 * (knee[0] - knee[1]) / knee[0]));
            r.put("resolutionPercent", after == null ? null : round1(100.0 * (after - knee[0]) / knee[0]));
            if (knee[1] == null) {
                r.put("note", "recording on met the target at no step: the loss is more than the steps show");
            } else if (after == null) {
                r.put("note", "recording off met the target at the largest step: its knee is above the steps");
            }
        }
        return r;
    }

    private JsonObject step(BenchOptions o, int calls, int threads, boolean record, int round, boolean keep)
            throws Exception {
        String mode = record ? "on" : "off";
        Path work = o.outDir().resolve("work").resolve(id()).resolve("r" + round + "-" + mode + "-" + calls);
        Path recordDir = record ? work.resolve("rec") : null;
        GatewayRelay relay = new GatewayRelay(o, work, calls, recordDir);
        RelayStep.Probe probe = record ? new RecordingProbe(relay, recordDir, calls) : RelayStep.Probe.NONE;
        JsonObject step = RelayStep.run(o, relay, calls, threads, "t3 r" + round + " recording " + mode, probe);
        step.put("round", round).put("recording", record);
        if (record) {
            JsonObject rec = step.getJsonObject("recordingFigures");
            JsonObject files = rec.getJsonObject("files");
            boolean whole = rec.getLong("failuresInWindow") == 0 && files.getInteger("failed") == 0
                    && files.getInteger("shortAudio") == 0 && files.getInteger("files") == calls;
            step.put("t2TargetMet", step.getBoolean("meetsTarget")).put("recordingsWhole", whole)
                    .put("meetsTarget", step.getBoolean("meetsTarget") && whole);
            if (!keep) {
                deleteTree(SutRecorder.recordings(recordDir));
            }
        }
        return step;
    }

    /** The recording figures of an "on" step, read around the window and after the drain. */
    private static final class RecordingProbe implements RelayStep.Probe {
        private final GatewayRelay relay;
        private final Path dir;
        private final int calls;
        private Map<String, Long> start;
        private JsonObject figures;

        RecordingProbe(GatewayRelay relay, Path dir, int calls) {
            this.relay = relay;
            this.dir = dir;
            this.calls = calls;
        }

        @Override
        public void windowStarted() {
            start = relay.lastStats();   // read with the relayed count at the window's start (and resets the backlog maximum)
        }

        @Override
        public void windowEnded(JsonObject step, double wall) {
            Map<String, Long> end = relay.lastStats();
            long bytes = end.get("recBytes") - start.get("recBytes");
            figures = new JsonObject().put("recordingsActive", end.get("recActive"))
                    .put("bytesPerSecond", Math.round(bytes / wall))
                    .put("bytesPerCallSecond", Math.round(bytes / wall / calls))
                    .put("writerBacklogMaxChunks", end.get("recBacklogMax"))
                    .put("writerBacklogTotalMaxChunks", end.get("recBacklogTotalMax"))
                    .put("failuresInWindow", end.get("recFailures") - start.get("recFailures"));
            step.put("recordingFigures", figures);
        }

        @Override
        public void drained(JsonObject step, double sendingSeconds) throws Exception {
            List<String> lines = relay.stopRecordings();
            System.out.println("bench: t3 checking " + (lines.size() - 1) + " recorded files");
            figures.put("files", RecordedFiles.check(lines, SutRecorder.keyFile(dir), sendingSeconds));
        }
    }

    /** CPU per call with and without recording at each call count both modes ran, per round. */
    static JsonArray equalLoad(JsonArray steps) {
        JsonArray out = new JsonArray();
        for (int i = 0; i < steps.size(); i++) {
            JsonObject on = steps.getJsonObject(i);
            if (!on.getBoolean("recording")) {
                continue;
            }
            for (int j = 0; j < steps.size(); j++) {
                JsonObject off = steps.getJsonObject(j);
                if (!off.getBoolean("recording") && off.getInteger("calls").equals(on.getInteger("calls"))
                        && off.getInteger("round").equals(on.getInteger("round"))) {
                    double cOff = off.getDouble("sutCpuMillisPerCallSecond");
                    double cOn = on.getDouble("sutCpuMillisPerCallSecond");
                    out.add(new JsonObject().put("round", on.getInteger("round")).put("calls", on.getInteger("calls"))
                            .put("cpuMsPerCallSecondOff", cOff).put("cpuMsPerCallSecondOn", cOn)
                            .put("recordingCpuMsPerCallSecond", RelayStep.round(cOn - cOff))
                            .put("extraCpuPercent", cOff == 0 ? null : round1(100 * (cOn / cOff - 1)))
                            .put("cpuCapacityLossPercent", cOn == 0 ? null : round1(100 * (1 - cOff / cOn))));
                }
            }
        }
        return out;
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public String summarize(JsonObject r) {
        StringBuilder b = new StringBuilder("Recording on every call against off, same run, same steps (T2's target: loss ≤ 0.01 %, jitter p99 ≤ 2 ms).\n\n");
        for (int i = 0; i < r.getJsonArray("perRound").size(); i++) {
            JsonObject k = r.getJsonArray("perRound").getJsonObject(i);
            b.append("Round ").append(k.getInteger("round")).append(": knee off **").append(k.getValue("kneeOff"))
                    .append("**, on **").append(k.getValue("kneeOn")).append("** calls: capacity loss **")
                    .append(k.getValue("capacityLossPercent")).append(" %** (steps resolve ")
                    .append(k.getValue("resolutionPercent")).append(" %)")
                    .append(k.containsKey("note") ? "; " + k.getString("note") : "").append(".\n");
        }
        b.append("\nCapacity loss (median of rounds): **").append(r.getValue("capacityLossPercent"))
                .append(" %** (goal ≤ 10 %; Asterisk about 25 %: ").append(r.getString("asteriskFigureSource")).append(").\n\n")
                .append("| round | calls | recording | loss % | jitter p99 ms | SUT cores | SUT µs/packet | CPU ms per call-second | recording KB/s per call | writer backlog max (chunks) | files ok / failed / short audio | target |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        JsonArray steps = r.getJsonArray("steps");
        for (int i = 0; i < steps.size(); i++) {
            JsonObject s = steps.getJsonObject(i);
            JsonObject rec = s.getJsonObject("recordingFigures");
            JsonObject files = rec == null ? null : rec.getJsonObject("files");
            b.append("| ").append(s.getInteger("round")).append(" | ").append(s.getInteger("calls")).append(" | ")
                    .append(s.getBoolean("recording") ? "on" : "off").append(" | ")
                    .append(String.format("%.4f", s.getDouble("lossRatio") * 100)).append(" | ")
                    .append(s.getJsonObject("jitterMs").getValue("p99")).append(" | ").append(s.getValue("sutCores"))
                    .append(" | ").append(s.getValue("sutCpuMicrosPerPacket")).append(" | ")
                    .append(s.getValue("sutCpuMillisPerCallSecond")).append(" | ")
                    .append(rec == null ? "—" : String.format("%.1f", rec.getLong("bytesPerCallSecond") / 1000.0)).append(" | ")
                    .append(rec == null ? "—" : rec.getValue("writerBacklogMaxChunks")).append(" | ")
                    .append(files == null ? "—" : files.getInteger("complete") + " / " + files.getInteger("failed") + " / "
                            + files.getInteger("shortAudio"))
                    .append(" | ").append(s.getBoolean("meetsTarget") ? "met" : "missed").append(" |\n");
        }
        JsonArray eq = r.getJsonArray("equalLoad");
        b.append("\nCPU per call at equal load (ms of SUT CPU per call-second):\n\n")
                .append("| round | calls | off | on | recording | extra CPU % | capacity loss if CPU-bound % |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (int i = 0; i < eq.size(); i++) {
            JsonObject e = eq.getJsonObject(i);
            b.append("| ").append(e.getInteger("round")).append(" | ").append(e.getInteger("calls")).append(" | ")
                    .append(e.getValue("cpuMsPerCallSecondOff")).append(" | ").append(e.getValue("cpuMsPerCallSecondOn"))
                    .append(" | ").append(e.getValue("recordingCpuMsPerCallSecond")).append(" | ")
                    .append(e.getValue("extraCpuPercent")).append(" | ").append(e.getValue("cpuCapacityLossPercent")).append(" |\n");
        }
        return b.toString();
    }
}
