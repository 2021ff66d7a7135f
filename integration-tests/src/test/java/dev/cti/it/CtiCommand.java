package dev.cti.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/cti} the way a user does, on what Maven has just built (CTI_NO_BUILD=1). */
final class CtiCommand {
    static Path repoRoot() {
        return Path.of(System.getProperty("cti.repo.root", "..")).toAbsolutePath().normalize();
    }

    record Result(int exit, String stdout, String stderr) {}

    /** Runs to completion (at most {@code timeoutSeconds}). */
    static Result run(Path workDir, long timeoutSeconds, String... args) throws IOException, InterruptedException {
        Process p = start(workDir, args);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/cti " + String.join(" ", args) + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), out, err);
    }

    static Process start(Path workDir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(repoRoot().resolve("bin/cti").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().put("CTI_NO_BUILD", "1");
        return pb.start();
    }

    /** Collects a running process's output lines as they come. */
    static final class Output {
        final List<String> lines = new CopyOnWriteArrayList<>();

        Output(Process p) {
            pump(p.getInputStream());
            pump(p.getErrorStream());
        }

        private void pump(java.io.InputStream in) {
            Thread t = new Thread(() -> {
                try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // process ended
                }
            }, "cti-output");
            t.setDaemon(true);
            t.start();
        }

        String all() {
            return String.join("\n", lines);
        }
    }
}
