package dev.cti.bench.sip;

import dev.cti.bench.core.LatencyRecorder;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One sipp process of a benchmark, run in its own directory with its statistics (-trace_stat, every second),
 * response times (-trace_rtt, every call) and errors traced to files there, and the readers of those files.
 * sipp inherits the generator's CPU affinity (bin/cti pins the benchmark JVM to the generator's CPU).
 */
public final class Sipp implements AutoCloseable {

    private final Process process;
    private final Path dir;

    private Sipp(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** Fails loudly in CI when sipp is missing, else says how to install it. */
    public static void require() {
        try {
            Process p = new ProcessBuilder("sipp", "-v").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("sipp is not installed: apt-get install sip-tester (T1 needs it)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies a scenario shipped in this module (resource sipp/NAME) into {@code dir}. */
    public static Path scenario(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        try (InputStream in = Sipp.class.getResourceAsStream("/sipp/" + name)) {
            if (in == null) {
                throw new IOException("no scenario " + name);
            }
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    public static Sipp start(Path dir, Path scenario, List<String> args) throws IOException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", scenario.toString(), "-i", "127.0.0.1", "-nostdin",
                "-trace_stat", "-stf", dir.resolve("stat.csv").toString(), "-fd", "1",
                "-trace_err", "-error_file", dir.resolve("errors.log").toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sipp.out").toFile()).start();
        return new Sipp(p, dir);
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for the end of its scenario run; the exit status (0: every call succeeded), -2 while still running. */
    public int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            return -2;
        }
        return process.exitValue();
    }

    /** The cumulative "(C)" columns of the last statistics line, by name without the suffix. */
    public Map<String, String> lastStats() throws IOException {
        Path stat = dir.resolve("stat.csv");
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.exists(stat)) {
            return out;
        }
        List<String> lines = Files.readAllLines(stat);
        if (lines.size() < 2) {
            return out;
        }
        String[] head = lines.get(0).split(";");
        String[] last = lines.get(lines.size() - 1).split(";");
        for (int i = 0; i < Math.min(head.length, last.length); i++) {
            if (head[i].endsWith("(C)")) {
                out.putIfAbsent(head[i].substring(0, head[i].length() - 3), last[i].trim());
            } else if (!head[i].endsWith("(P)")) {
                out.putIfAbsent(head[i], last[i].trim());
            }
        }
        return out;
    }

    /** Seconds from the start until the last call was created (first statistics line with the final count), or 0. */
    public double creationSeconds() throws IOException {
        Path stat = dir.resolve("stat.csv");
        if (!Files.exists(stat)) {
            return 0;
        }
        List<String> lines = Files.readAllLines(stat);
        if (lines.size() < 2) {
            return 0;
        }
        List<String> head = List.of(lines.get(0).split(";"));
        int created = head.indexOf("TotalCallCreated");
        int elapsed = head.indexOf("ElapsedTime(C)");
        if (created < 0 || elapsed < 0) {
            return 0;
        }
        String last = lines.get(lines.size() - 1).split(";")[created];
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(";");
            if (f.length > Math.max(created, elapsed) && f[created].equals(last)) {
                return SignallingBench.parseSeconds(f[elapsed]);
            }
        }
        return 0;
    }

    /** Failed-call counters that are not zero, by sipp's cause name. */
    public static JsonObject failuresByCause(Map<String, String> stats) {
        JsonObject out = new JsonObject();
        stats.forEach((k, v) -> {
            if (k.startsWith("Failed") && !k.equals("FailedCall") && num(v) > 0) {
                out.put(k.substring("Failed".length()), num(v));
            }
        });
        return out;
    }

    public static long num(String v) {
        try {
            return v == null ? 0 : (long) Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Response times (-trace_rtt files: "date_ms;response_time_ms;rtd_no") of partition {@code rtd}. */
    public LatencyRecorder responseTimes(int rtd) throws IOException {
        LatencyRecorder r = new LatencyRecorder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("_rtt.csv")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] c = line.split(";");
                    if (c.length >= 3 && c[2].trim().equals(String.valueOf(rtd))) {
                        try {
                            r.record((long) (Double.parseDouble(c[1]) * 1_000_000));
                        } catch (NumberFormatException e) {
                            // header line
                        }
                    }
                }
            }
        }
        return r;
    }

    public String outputTail() {
        try {
            String s = Files.readString(dir.resolve("sipp.out"));
            String e = Files.exists(dir.resolve("errors.log")) ? Files.readString(dir.resolve("errors.log")) : "";
            return tail(s) + "\n" + tail(e);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String tail(String s) {
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
