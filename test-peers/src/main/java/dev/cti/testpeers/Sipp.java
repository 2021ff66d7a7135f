package dev.cti.testpeers;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One sipp process (Debian package {@code sip-tester}) running a scenario from the test classpath as a real peer of
 * the gateway: the PBX trunk, an agent's phone, the far end of a transfer, a registering user agent. Each run gets
 * its own directory with a copy of the scenario and sipp's logs ({@code errors.log}, {@code messages.log},
 * {@code stdout.log}, {@code stderr.log}), which failures quote.
 *
 * <p>Either started in the background ({@link Builder#start()}, then {@link #assertPassed} or {@link #waitFor}) or
 * run to its end ({@link Builder#run()}, a {@link Result}). A missing sipp fails the test when {@code CI=true} and
 * otherwise skips it with the install command ({@link #require()}, which every launch calls).
 */
public final class Sipp implements AutoCloseable {
    private static final List<String> LOGS = List.of("errors.log", "stderr.log", "messages.log");
    private static final int ALL = Integer.MAX_VALUE;

    private final Process process;
    private final Path dir;
    private final String name;
    private final List<String> command;

    private Sipp(Process process, Path dir, String name, List<String> command) {
        this.process = process;
        this.dir = dir;
        this.name = name;
        this.command = command;
    }

    /** Exit code and what sipp said (command line, stdout and stderr, error log) of one run to its end. */
    public record Result(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** sipp on PATH, or a failed test when {@code CI=true}, or a skipped one naming the package (sip-tester). */
    public static Path require() {
        return PeerTool.require("sipp", "sip-tester");
    }

    /** A launch of the scenario at this classpath resource (e.g. {@code /b2bua/sipp/caller.xml}). */
    public static Builder scenario(String resource) {
        return new Builder(resource);
    }

    /**
     * Starts sipp in the background: one call ({@code -m 1}) on the scenario at {@code resource}, at most 30 s, media
     * on the first free ports sipp finds itself (see {@link Builder#mediaPort}).
     *
     * @param resource  the scenario's classpath resource
     * @param localPort sipp's SIP port
     * @param remote    host:port to send to (UAC), or null (UAS)
     * @param vars      {@code -set} variables
     * @param extra     more sipp arguments
     */
    public static Sipp start(String resource, int localPort, String remote, Map<String, String> vars,
            String... extra) {
        return scenario(resource).localPort(localPort).remote(remote).set(vars).args(extra).start();
    }

    /** Waits for sipp to end and fails with its logs unless it passed its scenario (exit 0). */
    public void assertPassed(Duration timeout) {
        int code = waitFor(timeout);
        if (code != 0) {
            fail("sipp " + name + " exited " + code + "\n" + logs());
        }
    }

    /** Waits for sipp to end and returns its exit code; fails with its logs if it runs longer than {@code timeout}. */
    public int waitFor(Duration timeout) {
        if (!awaitExit(timeout)) {
            fail("sipp " + name + " did not finish within " + timeout + "\n" + logs());
        }
        return process.exitValue();
    }

    /** The SIP messages sipp sent and received so far. */
    public String messages() {
        return read(dir.resolve("messages.log"), ALL);
    }

    /** sipp's error log, stderr and message trace (the last 12,000 characters of each), for failure messages. */
    public String logs() {
        StringBuilder sb = new StringBuilder();
        for (String f : LOGS) {
            Path p = dir.resolve(f);
            if (Files.exists(p)) {
                sb.append("---- ").append(f).append(" (").append(dir).append(")\n").append(read(p, 12000))
                        .append('\n');
            }
        }
        return sb.toString();
    }

    /** The run's directory (scenario copy and logs). */
    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            process.destroy();
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for sipp " + name, e);
        }
    }

    private Result result(Duration timeout) {
        if (!awaitExit(timeout)) {
            return new Result(-1, "sipp did not finish in time: " + String.join(" ", command) + "\n" + logs());
        }
        return new Result(process.exitValue(), String.join(" ", command) + "\n" + read(dir.resolve("stdout.log"), ALL)
                + read(dir.resolve("stderr.log"), ALL) + "\n" + read(dir.resolve("errors.log"), ALL));
    }

    private static String read(Path p, int lastChars) {
        try {
            if (!Files.exists(p)) {
                return "";
            }
            String text = Files.readString(p);
            return text.length() > lastChars ? text.substring(text.length() - lastChars) : text;
        } catch (IOException e) {
            return p.getFileName() + ": " + e;
        }
    }

    /**
     * One sipp launch: {@code -m 1 -nostdin -timeout <t> -timeout_error} and the error and message traces always;
     * the rest as set. Defaults: a free local SIP port, no {@code -mp} (sipp finds free media ports itself), UDP,
     * 30 s, a UAS unless {@link #remote} is set, the run directory under the system's temporary directory.
     */
    public static final class Builder {
        private final String resource;
        private final List<String> extra = new ArrayList<>();
        private int localPort;
        private int mediaPort;
        private String remote;
        private String transport;
        private Duration timeout = Duration.ofSeconds(30);
        private Path workDir;

        private Builder(String resource) {
            this.resource = resource;
        }

        /** sipp's SIP port ({@code -p}); a free one by default. */
        public Builder localPort(int port) {
            this.localPort = port;
            return this;
        }

        /**
         * sipp's media port ({@code -mp}): sipp binds it (audio) and the port 2 above it (video), and exits with
         * "Unable to bind ... RTP socket" if either is taken. Best left unset: without {@code -mp} sipp binds the
         * first pair it can itself (6000 and 6002, else 6002 and 6004 ...), so it never loses a race for a port
         * chosen free beforehand and taken before it started, as a fixed or derived port does under load.
         */
        public Builder mediaPort(int port) {
            this.mediaPort = port;
            return this;
        }

        /** host:port to send to (a UAC), or null for a UAS. */
        public Builder remote(String hostPort) {
            this.remote = hostPort;
            return this;
        }

        /** "udp" or "tcp" ({@code -t u1} / {@code -t t1}); sipp's default (UDP) when not set. */
        public Builder transport(String udpOrTcp) {
            this.transport = udpOrTcp;
            return this;
        }

        /** One scenario variable ({@code -set name value}). */
        public Builder set(String name, String value) {
            extra.addAll(List.of("-set", name, value));
            return this;
        }

        /** Scenario variables ({@code -set}). */
        public Builder set(Map<String, String> vars) {
            vars.forEach(this::set);
            return this;
        }

        /** More sipp arguments ({@code -s}, {@code -d}, {@code -key}, {@code -au} ...). */
        public Builder args(String... args) {
            return args(List.of(args));
        }

        /** More sipp arguments. */
        public Builder args(List<String> args) {
            extra.addAll(args);
            return this;
        }

        /** sipp's own {@code -timeout}: the whole run fails after it. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Where the run's directory goes (created if missing). */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** Starts sipp in the background. */
        public Sipp start() {
            Path exe = require();
            String file = resource.substring(resource.lastIndexOf('/') + 1);
            try {
                Path parent = workDir == null ? Path.of(System.getProperty("java.io.tmpdir"))
                        : Files.createDirectories(workDir);
                Path dir = Files.createTempDirectory(parent, "sipp-" + file.replace(".xml", "") + "-");
                Path scenario = dir.resolve(file);
                try (InputStream in = Sipp.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalArgumentException("no sipp scenario " + resource + " on the test classpath");
                    }
                    Files.copy(in, scenario);
                }
                List<String> cmd = new ArrayList<>(List.of(exe.toString(), "-sf", scenario.toString(),
                        "-i", "127.0.0.1", "-p", Integer.toString(localPort == 0 ? FreePorts.udpAndTcp() : localPort),
                        "-m", "1", "-nostdin", "-timeout", timeout.toSeconds() + "s", "-timeout_error",
                        "-trace_err", "-error_file", dir.resolve("errors.log").toString(),
                        "-trace_msg", "-message_file", dir.resolve("messages.log").toString()));
                if (mediaPort != 0) {
                    cmd.addAll(List.of("-mp", Integer.toString(mediaPort)));
                }
                if (transport != null) {
                    cmd.addAll(List.of("-t", "tcp".equalsIgnoreCase(transport) ? "t1" : "u1"));
                }
                cmd.addAll(extra);
                if (remote != null) {
                    cmd.add(remote);
                }
                Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                        .redirectOutput(dir.resolve("stdout.log").toFile())
                        .redirectError(dir.resolve("stderr.log").toFile()).start();
                return new Sipp(p, dir, file, List.copyOf(cmd));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Runs sipp to its end: the result, with exit code -1 when it has not finished 10 s after its own timeout
         * (it is then killed).
         */
        public Result run() {
            try (Sipp sipp = start()) {
                return sipp.result(timeout.plusSeconds(10));
            }
        }
    }
}
