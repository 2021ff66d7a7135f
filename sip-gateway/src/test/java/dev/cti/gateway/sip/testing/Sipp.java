package dev.cti.gateway.sip.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs sipp (Debian package {@code sip-tester}) against a test endpoint. When sipp is missing the test fails loudly
 * on CI ({@code CI=true}) and is skipped elsewhere with the install command, so a developer without sipp still
 * gets a green build but CI can never silently skip the real-peer tests.
 */
public final class Sipp {
    public static final String INSTALL_HINT = "sipp not found on PATH: install it with `apt-get install sip-tester`";

    /** Exit code and combined output of one sipp run. */
    public record Result(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private final Path executable;

    private Sipp(Path executable) {
        this.executable = executable;
    }

    /** sipp, or a failed/skipped test with the install hint. */
    public static Sipp require() {
        Optional<Path> found = locate();
        if (found.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(INSTALL_HINT + " (CI=true: real-peer tests must run)");
            }
            Assumptions.assumeTrue(false, INSTALL_HINT);
        }
        return new Sipp(found.get());
    }

    static Optional<Path> locate() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "sipp");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Copies a scenario from the test classpath ({@code /sip/sipp/<name>}) to a temporary file sipp can read. */
    public static Path scenario(String name) {
        try (InputStream in = Sipp.class.getResourceAsStream("/sip/sipp/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sipp scenario /sip/sipp/" + name + " on the test classpath");
            }
            Path tmp = Files.createTempFile("sipp-", "-" + name);
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            tmp.toFile().deleteOnExit();
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs one sipp client against {@code 127.0.0.1:serverPort}.
     *
     * @param transport "udp" or "tcp"
     * @param extra     further sipp arguments (-s, -au, -ap, -key ...)
     */
    public Result run(Path scenario, int serverPort, String transport, List<String> extra, Duration timeout) {
        List<String> cmd = new ArrayList<>(List.of(executable.toString(), "127.0.0.1:" + serverPort,
                "-sf", scenario.toString(), "-i", "127.0.0.1", "-p", Integer.toString(FreePorts.udpAndTcp()),
                "-t", "tcp".equalsIgnoreCase(transport) ? "t1" : "u1", "-m", "1", "-nostdin",
                "-timeout", timeout.toSeconds() + "s", "-timeout_error", "-trace_err",
                "-error_file", tempFile("sipp-errors").toString()));
        cmd.addAll(extra);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                if (!p.waitFor(timeout.toSeconds() + 10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Result(-1, "sipp did not finish in time: " + String.join(" ", cmd));
                }
                out = in.readAllBytes();
            }
            Path errors = Path.of(cmd.get(cmd.indexOf("-error_file") + 1));
            String errorText = Files.exists(errors) ? Files.readString(errors) : "";
            return new Result(p.exitValue(), String.join(" ", cmd) + "\n" + new String(out, StandardCharsets.UTF_8)
                    + "\n" + errorText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path tempFile(String prefix) {
        try {
            Path f = Files.createTempFile(prefix, ".log");
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
