package dev.cti.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds a peer program the tests run for real (promtool, prometheus, chromium …). Missing in CI
 * ({@code CI=true}) is a failure; elsewhere the test is skipped with the command that installs it.
 */
public final class PeerTools {
    private PeerTools() {}

    public static Path require(String program, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String hint = program + " is not installed: apt-get install " + debianPackage + " (bin/cti test installs it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(hint);
        }
        Assumptions.abort(hint);
        throw new AssertionError(hint);
    }
}
