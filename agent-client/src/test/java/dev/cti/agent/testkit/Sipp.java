package dev.cti.agent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a real sipp (Debian package sip-tester) with a scenario from src/test/resources/sipp. Missing sipp fails the
 * test when CI=true and otherwise skips it with the install hint.
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
        boolean present = false;
        for (String p : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(p, "sipp"))) present = true;
        }
        if (!present) {
            String hint = "sipp is not installed: apt-get install sip-tester";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail(hint);
            Assumptions.abort(hint);
        }
    }

    public static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
