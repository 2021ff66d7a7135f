package dev.cti.testpeers;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * A real peer program the tests drive (sipp, baresip): found on PATH, or the test fails loudly when {@code CI=true}
 * and is skipped elsewhere with the Debian install command, so CI never silently skips a real-peer test and a
 * developer without the tool still gets a green build with a hint.
 */
public final class PeerTool {
    private PeerTool() {}

    /** The executable's path, or a failed (CI) / skipped (elsewhere) test naming {@code apt-get install <pkg>}. */
    public static Path require(String executable, String debianPackage) {
        Optional<Path> found = locate(executable);
        if (found.isEmpty()) {
            String hint = installHint(executable, debianPackage);
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(hint + " (CI=true: real-peer tests must run)");
            }
            Assumptions.assumeTrue(false, hint);
        }
        return found.get();
    }

    /** What a missing tool's test says. */
    public static String installHint(String executable, String debianPackage) {
        return executable + " not found on PATH: install it with `apt-get install " + debianPackage + "`";
    }

    /** The first executable of that name on PATH. */
    public static Optional<Path> locate(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
