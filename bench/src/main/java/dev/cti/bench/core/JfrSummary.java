package dev.cti.bench.core;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording's execution samples (`jfr print --events jdk.ExecutionSample`) as the methods
 * most often on top of the stack, and the innermost project (dev.cti) method of each sample: the "what limits
 * us now" lines of a benchmark result; and the recording's garbage collections ({@link #gcPauses}): which collector
 * the SUT ran (a JVM pinned to one CPU picks Serial) and how long it stopped the application, since a pause is a
 * latency tail no frame shows.
 */
public final class JfrSummary {

    private JfrSummary() {}

    private static JsonArray ranked(Map<String, Integer> counts, int total, int limit) {
        JsonArray frames = new JsonArray();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(e -> frames.add(new JsonObject().put("frame", e.getKey()).put("samples", e.getValue())
                        .put("percent", total == 0 ? 0 : Math.round(1000.0 * e.getValue() / total) / 10.0)));
        return frames;
    }

    public static JsonObject topFrames(Path jfr, int limit) {
        JsonObject out = new JsonObject();
        if (jfr == null || !Files.isRegularFile(jfr)) {
            return out.put("error", "no recording");
        }
        Path tool = Path.of(System.getProperty("java.home"), "bin", "jfr");
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> project = new HashMap<>();
        int samples = 0;
        try {
            Process p = new ProcessBuilder(tool.toString(), "print", "--events", "jdk.ExecutionSample", jfr.toString())
                    .redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                boolean nextIsTop = false;
                boolean inStack = false;
                boolean projectSeen = false;
                String line;
                while ((line = r.readLine()) != null) {
                    String t = line.trim();
                    if (t.startsWith("stackTrace = [")) {
                        nextIsTop = true;
                        inStack = true;
                        projectSeen = false;
                    } else if (inStack && t.startsWith("]")) {
                        inStack = false;
                    } else if (inStack) {
                        String frame = t.replaceAll("\\s+line:.*$", "");
                        if (nextIsTop) {
                            nextIsTop = false;
                            samples++;
                            top.merge(frame, 1, Integer::sum);
                        }
                        if (!projectSeen && frame.startsWith("dev.cti.")) {
                            projectSeen = true;   // the innermost project method: where our code spends it
                            project.merge(frame, 1, Integer::sum);
                        }
                    }
                }
            }
            p.waitFor();
        } catch (IOException e) {
            return out.put("error", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return out.put("error", "interrupted");
        }
        return out.put("samples", samples).put("topFrames", ranked(top, samples, limit))
                .put("innermostProjectFrames", ranked(project, samples, limit)).put("gc", gcPauses(jfr));
    }

    /**
     * The recording's {@code jdk.GarbageCollection} events by collector name (e.g. "SerialOld", "DefNew", "G1New"):
     * count, total and longest pause in ms. Over the whole recording (start-up included), read with the JDK's
     * {@link RecordingFile}.
     */
    public static JsonObject gcPauses(Path jfr) {
        JsonObject out = new JsonObject();
        if (jfr == null || !Files.isRegularFile(jfr)) {
            return out.put("error", "no recording");
        }
        Map<String, long[]> byName = new TreeMap<>();   // name -> {count, sum nanos, max nanos}
        try (RecordingFile f = new RecordingFile(jfr)) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                if (!"jdk.GarbageCollection".equals(e.getEventType().getName())) {
                    continue;
                }
                long pause = e.getDuration("sumOfPauses").toNanos();
                long[] agg = byName.computeIfAbsent(e.getString("name"), k -> new long[3]);
                agg[0]++;
                agg[1] += pause;
                agg[2] = Math.max(agg[2], e.getDuration("longestPause").toNanos());
            }
        } catch (IOException | RuntimeException e) {
            return out.put("error", e.toString());
        }
        byName.forEach((name, agg) -> out.put(name, new JsonObject().put("count", agg[0])
                .put("totalPauseMs", ms(agg[1])).put("longestPauseMs", ms(agg[2]))));
        return out;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
