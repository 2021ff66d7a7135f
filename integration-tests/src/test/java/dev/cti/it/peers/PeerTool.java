package dev.cti.it.peers;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * A real peer program these tests drive (sipp, baresip): found on PATH, or the test fails loudly when
 * {@code CI=true} and is skipped elsewhere with the Debian install command, so CI never silently skips a
 * real-peer test and a developer without the tool still gets a green build with a hint.
 */
final class PeerTool {
    private PeerTool() {}

    /** The executable's path, or a failed (CI) / skipped (elsewhere) test. */
    static Path require(String executable, String debianPackage) {
        Optional<Path> found = locate(executable);
        if (found.isEmpty()) {
            String hint = executable + " not found on PATH: install it with `apt-get install " + debianPackage + "`";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(hint + " (CI=true: real-peer tests must run)");
            }
            Assumptions.assumeTrue(false, hint);
        }
        return found.get();
    }

    static Optional<Path> locate(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
