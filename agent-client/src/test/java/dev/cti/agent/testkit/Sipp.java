package dev.cti.agent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.testpeers.FreePorts;
import dev.cti.testpeers.PeerTool;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real sipp (Debian package sip-tester) with a scenario from src/test/resources/sipp. Missing sipp fails the
 * test when CI=true and otherwise skips it with the install hint ({@link PeerTool}). The softphone tests keep this
 * small launcher (positional remote, logs under the test's directory) rather than test-peers' {@code Sipp}.
 */
public final class Sipp implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final String name;

    private Sipp(Process process, Path dir, String name) {
        this.process = process;
        this.dir = dir;
        this.name = name;
    }

    public static void require() {
        PeerTool.require("sipp", "sip-tester");
    }

    public static int freeUdpPort() {
        return FreePorts.udpAndTcp();
    }

    /**
     * Starts {@code sipp [remote] -sf scenario -i 127.0.0.1 -p port ...args}; logs go to {@code dir}.
     */
    public static Sipp start(String scenario, String remote, int port, Path dir, String... args) throws IOException {
        require();
        Path sf;
        try {
            sf = Path.of(Sipp.class.getResource("/sipp/" + scenario).toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of("sipp"));
        if (remote != null) cmd.add(remote);
        cmd.addAll(List.of("-sf", sf.toString(), "-i", "127.0.0.1", "-p", Integer.toString(port), "-nostdin",
                "-trace_logs", "-log_file", dir.resolve(scenario + ".log").toString(),
                "-trace_err", "-error_file", dir.resolve(scenario + ".err").toString(),
                "-trace_msg", "-message_file", dir.resolve(scenario + ".msg").toString(),
                "-timeout", "40s", "-timeout_error"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(scenario + ".out").toFile()).start();
        return new Sipp(p, dir, scenario);
    }

    /** Waits for sipp to end and returns its exit status (0: every call succeeded). */
    public int waitFor(Duration d) throws InterruptedException {
        assertThat(process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS)).as("sipp %s finished; messages:%n%s", name,
                read(".msg")).isTrue();
        return process.exitValue();
    }

    public String read(String suffix) {
        try {
            Path f = dir.resolve(name + suffix);
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The &lt;log&gt; lines written by the scenario. */
    public String logs() {
        return read(".log");
    }

    @Override
    public void close() {
        process.destroy();
        String err = read(".err") + (Boolean.getBoolean("sipp.verbose") ? read(".out") : "");
        if (!err.isBlank()) {
            System.err.println("---- sipp " + name + " ----\n" + err.lines().limit(40).reduce("", (a, b) -> a + b + "\n"));
        }
    }
}
