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
 * most often on top of the stack: the "what limits us now" line of a benchmark result.
 */
public final class JfrSummary {

    private JfrSummary() {}

    public static JsonObject topFrames(Path jfr, int limit) {
        JsonObject out = new JsonObject();
        if (jfr == null || !Files.isRegularFile(jfr)) {
            return out.put("error", "no recording");
        }
        Path tool = Path.of(System.getProperty("java.home"), "bin", "jfr");
        Map<String, Integer> top = new HashMap<>();
        int samples = 0;
        try {
            Process p = new ProcessBuilder(tool.toString(), "print", "--events", "jdk.ExecutionSample", jfr.toString())
                    .redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                boolean nextIsTop = false;
                String line;
                while ((line = r.readLine()) != null) {
                    String t = line.trim();
                    if (t.startsWith("stackTrace = [")) {
                        nextIsTop = true;
                    } else if (nextIsTop) {
                        nextIsTop = false;
                        samples++;
                        String frame = t.replaceAll("\\s+line:.*$", "");
                        top.merge(frame, 1, Integer::sum);
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
        JsonArray frames = new JsonArray();
        int total = samples;
        top.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(e -> frames.add(new JsonObject().put("frame", e.getKey()).put("samples", e.getValue())
                        .put("percent", total == 0 ? 0 : Math.round(1000.0 * e.getValue() / total) / 10.0)));
        return out.put("samples", samples).put("topFrames", frames);
    }
}
