package dev.cti.bench.mix;

import dev.cti.bench.core.Bench;
import dev.cti.bench.core.BenchOptions;
import dev.cti.bench.core.JfrSummary;
import dev.cti.bench.core.Progress;
import dev.cti.bench.core.SutProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * T4: CPU of the supervisor mixer per mixed party per second of audio, by its JMH benchmark
 * ({@link MixerBenchmark}) run in its own JVM pinned to the SUT's CPUs like every other SUT, its JSON result
 * parsed into the harness's result form. Exists so {@code bin/cti bench t4} (and {@code all}) measures the
 * mixer the same way, on the same pinned core, as T1/T2 measure the relay. Target: ≤ 100 µs.
 *
 * <p>The score is JMH's average time per operation (one 20 ms tick of a three-party call) on one thread of
 * a JVM pinned to one core: wall time, which on that core bounds the thread's CPU from above (the JVM's JIT
 * and GC threads share the core and are inside it).
 */
public final class MixingBench implements Bench {

    static final double TARGET_US = 100;
    /** Ticks per second of audio and parties per tick of {@link MixerBenchmark}. */
    static final int TICKS_PER_SECOND = 50;
    static final int PARTIES = 3;

    @Override
    public String id() {
        return "t4-mixing";
    }

    @Override
    public JsonObject run(BenchOptions o) throws Exception {
        String modes = o.option("modes", "BARGE,LISTEN,WHISPER", "BARGE");
        int iterations = o.intOption("iterations", 5, 1);
        int warmups = o.intOption("warmups", 3, 1);
        long iterationSeconds = Math.max(1, o.duration().toSeconds() / iterations);
        int warmupSeconds = o.intOption("warmup-seconds", 2, 1);
        Path work = o.outDir().resolve("work").resolve(id());
        Files.createDirectories(work);
        Path json = work.resolve("jmh-result.json");
        Files.deleteIfExists(json);
        List<String> args = new ArrayList<>(List.of(MixerBenchmark.class.getName().replace(".", "\\.") + "\\.",
                "-f", o.profile() ? "0" : "1",   // profiling: no fork, so the JFR of the SUT JVM holds the benchmark
                "-wi", String.valueOf(warmups), "-w", warmupSeconds + "s",
                "-i", String.valueOf(iterations), "-r", iterationSeconds + "s",
                "-p", "mode=" + modes, "-foe", "true", "-rf", "json", "-rff", json.toString()));
        JsonObject result = new JsonObject().put("modes", modes).put("warmupIterations", warmups)
                .put("warmupSeconds", warmupSeconds).put("iterations", iterations)
                .put("iterationSeconds", iterationSeconds).put("targetUsPerPartySecond", TARGET_US)
                .put("jmhArgs", new JsonArray(new ArrayList<>(args)));
        System.out.println("bench: t4 JMH " + String.join(" ", args) + " (about "
                + modes.split(",").length * (warmups * warmupSeconds + iterations * iterationSeconds + 2) + " s)");
        AtomicReference<String> last = new AtomicReference<>("starting JMH");
        SutProcess sut = SutProcess.start("mixer-jmh", "org.openjdk.jmh.Main", args, o.sutCpus(), work, true,
                o.profile(), List.of());
        double wallSeconds;
        try (sut; Progress p = Progress.every(System.out, "t4 mixing", last::get)) {
            long t0 = System.nanoTime();
            String line;
            List<String> tail = new ArrayList<>();
            while ((line = sut.readLine()) != null) {
                tail.add(line);
                if (tail.size() > 40) {
                    tail.remove(0);
                }
                if (line.startsWith("# Parameters") || line.startsWith("# Warmup Iteration")
                        || line.startsWith("Iteration") || line.startsWith("# Run progress")) {
                    last.set(line.trim().replaceAll("\\s+", " "));
                }
            }
            wallSeconds = (System.nanoTime() - t0) / 1e9;
            if (!Files.exists(json)) {
                throw new IllegalStateException("JMH wrote no result; its output:\n" + String.join("\n", tail)
                        + "\n" + sut.logTail());
            }
        }
        JsonArray steps = new JsonArray();
        for (Object o2 : new JsonArray(Files.readString(json))) {
            steps.add(step((JsonObject) o2));
        }
        if (steps.isEmpty()) {
            throw new IllegalStateException("JMH result has no benchmark: " + json);
        }
        boolean meets = true;
        for (Object s : steps) {
            meets &= ((JsonObject) s).getBoolean("meetsTarget");
        }
        result.put("steps", steps).put("wallSeconds", round(wallSeconds)).put("meetsTarget", meets);
        if (o.profile()) {
            result.put("profile", JfrSummary.topFrames(sut.jfr(), 15));
        }
        return result;
    }

    /** One JMH benchmark result (one mode) in the harness's form. */
    static JsonObject step(JsonObject jmh) {
        JsonObject metric = jmh.getJsonObject("primaryMetric");
        String unit = metric.getString("scoreUnit");
        if (!"ns/op".equals(unit)) {
            throw new IllegalStateException("expected ns/op from MixerBenchmark, got " + unit);
        }
        double score = metric.getDouble("score");
        double error = metric.getValue("scoreError") instanceof Number n ? n.doubleValue() : Double.NaN;
        double min = Double.MAX_VALUE;
        double max = 0;
        int samples = 0;
        for (Object fork : metric.getJsonArray("rawData", new JsonArray())) {
            for (Object v : (JsonArray) fork) {
                double d = ((Number) v).doubleValue();
                min = Math.min(min, d);
                max = Math.max(max, d);
                samples++;
            }
        }
        double us = perPartySecondUs(score);
        JsonObject params = jmh.getJsonObject("params", new JsonObject());
        return new JsonObject().put("mode", params.getString("mode", "?"))
                .put("nsPerTick", round(score)).put("nsPerTickError999", Double.isNaN(error) ? null : round(error))
                .put("iterations", samples)
                .put("nsPerTickMin", samples > 0 ? round(min) : null).put("nsPerTickMax", samples > 0 ? round(max) : null)
                .put("usPerPartySecond", round(us))
                .put("usPerPartySecondMin", samples > 0 ? round(perPartySecondUs(min)) : null)
                .put("usPerPartySecondMax", samples > 0 ? round(perPartySecondUs(max)) : null)
                .put("meetsTarget", us <= TARGET_US);
    }

    /** µs of CPU per mixed party per second of audio from ns per 20 ms tick of three parties. */
    static double perPartySecondUs(double nsPerTick) {
        return nsPerTick * TICKS_PER_SECOND / PARTIES / 1000.0;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    @Override
    public String summarize(JsonObject r) {
        StringBuilder s = new StringBuilder("JMH ").append(r.getInteger("warmupIterations")).append(" × ")
                .append(r.getInteger("warmupSeconds")).append(" s warm-up, ").append(r.getInteger("iterations"))
                .append(" × ").append(r.getLong("iterationSeconds")).append(" s measured per mode, one fork, pinned; ")
                .append("one tick = 20 ms of a three-party call.\n\n")
                .append("| mode | ns/tick (± 99.9 %) | iterations min / max ns | µs per mixed party-second | min / max µs | target ≤ 100 µs |\n")
                .append("| --- | --- | --- | --- | --- | --- |\n");
        for (Object o : r.getJsonArray("steps")) {
            JsonObject st = (JsonObject) o;
            s.append("| ").append(st.getString("mode")).append(" | ").append(st.getValue("nsPerTick")).append(" ± ")
                    .append(st.getValue("nsPerTickError999") == null ? "—" : st.getValue("nsPerTickError999")).append(" | ").append(st.getValue("nsPerTickMin"))
                    .append(" / ").append(st.getValue("nsPerTickMax")).append(" | ").append(st.getValue("usPerPartySecond"))
                    .append(" | ").append(st.getValue("usPerPartySecondMin")).append(" / ")
                    .append(st.getValue("usPerPartySecondMax")).append(" | ")
                    .append(st.getBoolean("meetsTarget") ? "met" : "missed").append(" |\n");
        }
        return s.toString();
    }
}
