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

/**
 * Summarises a JFR recording's execution samples (`jfr print --events jdk.ExecutionSample`) as the methods
 * most often on top of the stack, and the innermost project (dev.cti) method of each sample: the "what limits
 * us now" lines of a benchmark result.
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
                .put("innermostProjectFrames", ranked(project, samples, limit));
    }
}
