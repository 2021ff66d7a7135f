package dev.cti.gateway.b2bua;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one sipp process on a scenario from {@code src/test/resources/b2bua/sipp/} as a real peer of the gateway
 * (the PBX trunk, an agent's phone, the far end of a transfer). A missing sipp fails the test when {@code CI=true}
 * and otherwise skips it with the install command.
 */
final class Sipp implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final String name;

    private Sipp(Process process, Path dir, String name) {
        this.process = process;
        this.dir = dir;
        this.name = name;
    }

    /** sipp must be there: fails when CI=true, else skips with the install command (the SIP test kit's rule). */
    static void require() {
        dev.cti.gateway.sip.testing.Sipp.require();
    }

    /**
     * Starts sipp.
     *
     * @param scenario  file name under b2bua/sipp
     * @param localPort sipp's SIP port
     * @param remote    host:port to send to (UAC), or null (UAS)
     * @param vars      -set variables
     * @param extra     more sipp arguments
     */
    static Sipp start(String scenario, int localPort, String remote, Map<String, String> vars, String... extra) {
        try {
            Path file = Path.of(Sipp.class.getResource("/b2bua/sipp/" + scenario).toURI());
            Path dir = Files.createTempDirectory("sipp-" + scenario.replace(".xml", "") + "-");
            List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", file.toString(), "-i", "127.0.0.1",
                    "-p", Integer.toString(localPort), "-m", "1", "-nostdin", "-timeout", "30s", "-timeout_error",
                    "-trace_err", "-error_file", dir.resolve("errors.log").toString(),
                    "-trace_msg", "-message_file", dir.resolve("messages.log").toString(),
                    "-mp", Integer.toString(localPort + 1000 > 65000 ? localPort - 1000 : localPort + 1000)));
            vars.forEach((k, v) -> {
                cmd.add("-set");
                cmd.add(k);
                cmd.add(v);
            });
            cmd.addAll(List.of(extra));
            if (remote != null) {
                cmd.add(remote);
            }
            Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .redirectError(dir.resolve("stderr.log").toFile()).start();
            return new Sipp(p, dir, scenario);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for sipp to end and fails with its logs unless it passed its scenario (exit 0). */
    void assertPassed(Duration timeout) {
        int code = waitFor(timeout);
        if (code != 0) {
            fail("sipp " + name + " exited " + code + "\n" + logs());
        }
    }

    int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                process.waitFor(2, TimeUnit.SECONDS);
                fail("sipp " + name + " did not finish within " + timeout + "\n" + logs());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        return process.exitValue();
    }

    String logs() {
        StringBuilder sb = new StringBuilder();
        for (String f : List.of("errors.log", "stderr.log", "messages.log")) {
            Path p = dir.resolve(f);
            try {
                if (Files.exists(p)) {
                    String text = Files.readString(p);
                    sb.append("---- ").append(f).append(" (").append(dir).append(")\n")
                            .append(text.length() > 12000 ? text.substring(text.length() - 12000) : text)
                            .append('\n');
                }
            } catch (IOException e) {
                sb.append(f).append(": ").append(e).append('\n');
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
        }
    }
}
