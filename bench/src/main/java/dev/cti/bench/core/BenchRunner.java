package dev.cti.bench.core;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs benchmarks one after another and writes each result to OUT/TEST-TIMESTAMP.json (with the machine, the
 * load average before and after, the options and the time) and all of them to OUT/SUMMARY.md.
 */
public final class BenchRunner {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final PrintStream log;

    public BenchRunner(PrintStream log) {
        this.log = log;
    }

    /** Runs each bench; a failing one is recorded as failed and the others still run. Returns the result files. */
    public List<Path> run(List<Bench> benches, BenchOptions options) throws IOException {
        Files.createDirectories(options.outDir());
        Machine machine = Machine.describe();
        List<Path> files = new ArrayList<>();
        StringBuilder summary = new StringBuilder("# Benchmark results\n\n")
                .append("Machine: ").append(machine.cores()).append(" cores, ").append(machine.cpuModel())
                .append(", ").append(machine.memTotalKb() / 1024).append(" MiB. ")
                .append(options.smoke() ? "**Smoke mode** (tiny load, proves the harness only). " : "")
                .append("SUT pinned to CPUs: ").append(options.sutCpus() == null ? "not pinned" : options.sutCpus())
                .append(". Shared machine: read each test's load average.\n\n");
        for (Bench bench : benches) {
            Instant started = Instant.now();
            JsonObject result = new JsonObject().put("test", bench.id()).put("startedAt", started.toString())
                    .put("smoke", options.smoke()).put("machine", machine.toJson())
                    .put("loadAverageBefore", new JsonArray(Machine.loadAverage()))
                    .put("sutCpus", options.sutCpus()).put("options", new JsonObject(new java.util.HashMap<>(options.extra())))
                    .put("durationSeconds", options.duration().toSeconds()).put("gitCommit", gitCommit());
            deleteTree(options.outDir().resolve("work").resolve(bench.id()));   // the previous run's SUT files
            log.println("bench: " + bench.id() + " starting (load average " + Machine.loadAverage() + ")");
            try {
                result.put("result", bench.run(options)).put("status", "ok");
            } catch (Exception | AssertionError e) {
                log.println("bench: " + bench.id() + " failed: " + e);
                result.put("status", "failed").put("error", String.valueOf(e));
            }
            long elapsed = java.time.Duration.between(started, Instant.now()).toSeconds();
            result.put("loadAverageAfter", new JsonArray(Machine.loadAverage())).put("finishedAt", Instant.now().toString())
                    .put("elapsedSeconds", elapsed);
            Path file = options.outDir().resolve(bench.id() + "-" + STAMP.format(started) + ".json");
            Files.writeString(file, result.encodePrettily() + "\n");
            files.add(file);
            log.println("bench: " + bench.id() + " " + result.getString("status") + " in " + elapsed + " s -> " + file);
            summary.append("## ").append(bench.id()).append(" (").append(started).append(")\n\n")
                    .append("Load average before/after: ").append(result.getJsonArray("loadAverageBefore"))
                    .append(" / ").append(result.getJsonArray("loadAverageAfter")).append(". Took ").append(elapsed)
                    .append(" s. Raw: `")
                    .append(file.getFileName()).append("`.\n\n");
            if ("ok".equals(result.getString("status"))) {
                try {
                    summary.append(bench.summarize(result.getJsonObject("result"))).append("\n");
                } catch (RuntimeException e) {   // a summary bug must not lose the measured result (the JSON is written)
                    summary.append("(no summary table: ").append(e).append(")\n\n");
                }
            } else {
                summary.append("FAILED: ").append(result.getString("error")).append("\n\n");
            }
        }
        Files.writeString(options.outDir().resolve("SUMMARY.md"), summary.toString());
        return files;
    }

    /** HEAD of the repository the benchmark runs in, "+dirty" when the work tree has changes (other modules' too). */
    static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "describe", "--always", "--dirty=+dirty").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    public static String stamp(Instant at) {
        return STAMP.format(at);
    }
}
