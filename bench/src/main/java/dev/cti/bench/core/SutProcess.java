package dev.cti.bench.core;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A system under test in its own JVM, started from this module's classpath, optionally pinned to its own
 * cores with taskset and optionally recording a JFR execution-sample profile. Its CPU time is read from /proc
 * ({@link ProcessCpu}). Exists so every benchmark measures the SUT the same way and never in the generator's
 * JVM.
 */
public final class SutProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final Path jfr;
    private final BufferedReader stdout;
    private final BufferedWriter stdin;

    private SutProcess(String name, Process process, Path log, Path jfr, boolean piped) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.jfr = jfr;
        this.stdout = piped ? new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) : null;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    }

    /**
     * The JVM option that makes a SUT log with the configuration its module ships ({@code log4j2.xml} next to
     * {@code moduleClass}). Without it, Log4j takes the first {@code log4j2.xml} on the bench's classpath (the
     * server's), and the gateway's SIP stack then dumped every message: megabytes of log that cost CPU the
     * product does not spend.
     */
    public static String shippedLogConfig(Class<?> moduleClass) {
        java.net.URL location = moduleClass.getProtectionDomain().getCodeSource().getLocation();
        Path where = Path.of(java.net.URI.create(location.toString()));
        String config = Files.isDirectory(where)
                ? where.resolve("log4j2.xml").toUri().toString()
                : "jar:" + where.toUri() + "!/log4j2.xml";
        return "-Dlog4j2.configurationFile=" + config;
    }

    /**
     * Starts {@code mainClass args} in a new JVM.
     *
     * @param cpus     taskset CPU list for the SUT (e.g. "0"), or null not to pin
     * @param workDir  where its log (NAME.log) and profile (NAME.jfr) go
     * @param piped    true: its stdout is readable with {@link #readLine()} (control protocols); else it is logged
     * @param profile  record a JFR profile (written when the process exits)
     */
    public static SutProcess start(String name, String mainClass, List<String> args, String cpus, Path workDir,
                                   boolean piped, boolean profile, List<String> jvmOptions) throws IOException {
        Files.createDirectories(workDir);
        Path log = workDir.resolve(name + ".log");
        Path jfr = profile ? workDir.resolve(name + ".jfr") : null;
        List<String> cmd = new ArrayList<>();
        if (cpus != null) {
            cmd.addAll(List.of("taskset", "-c", cpus));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(extraJvmOptions());
        if (jfr != null) {
            cmd.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(args);
        Files.writeString(log, "# " + String.join(" ", cmd.subList(0, cmd.indexOf("-cp"))) + " ... " + mainClass + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (!piped) {
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        return new SutProcess(name, pb.start(), log, jfr, piped);
    }

    /**
     * JVM options every SUT gets on top of its own, from the environment variable {@code CTI_SUT_JAVA_OPTS}
     * (space-separated), e.g. {@code CTI_SUT_JAVA_OPTS=-XX:+UseZGC bin/cti bench t6} to compare collectors: a JVM
     * pinned to one CPU picks the Serial collector by itself. The command line goes first into the SUT's log.
     */
    static List<String> extraJvmOptions() {
        String v = System.getenv("CTI_SUT_JAVA_OPTS");
        return v == null || v.isBlank() ? List.of() : List.of(v.trim().split("\\s+"));
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public double cpuSeconds() {
        return ProcessCpu.cpuSeconds(process.pid());
    }

    public Path log() {
        return log;
    }

    /** The JFR file, once the process has exited (null when not profiling). */
    public Path jfr() {
        return jfr;
    }

    /** The next line of its stdout (piped SUTs only), or null at its end; JVM log lines ("[1.7s][info]...") are skipped. */
    public String readLine() throws IOException {
        String line;
        do {
            line = stdout.readLine();
        } while (line != null && line.startsWith("["));
        return line;
    }

    public void send(String line) throws IOException {
        stdin.write(line);
        stdin.write('\n');
        stdin.flush();
    }

    /** Fails with the tail of its log when it has died. */
    public void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with status " + process.exitValue() + "; log tail:\n" + logTail());
        }
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM (so JFR is written), then SIGKILL after 15 s. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // it may have exited already
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
