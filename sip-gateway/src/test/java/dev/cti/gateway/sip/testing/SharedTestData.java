package dev.cti.gateway.sip.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's sibling {@code shared/} directory (torture messages and other public vectors). */
public final class SharedTestData {
    private SharedTestData() {}

    public static Path sharedDir() {
        String env = System.getenv("CTI_SHARED_DIR");
        String root = System.getProperty("cti.repo.root");
        Path dir = env != null && !env.isBlank() ? Path.of(env)
                : root != null ? Path.of(root).resolve("../shared") : null;
        if (dir == null || !Files.isDirectory(dir.resolve("sip-torture"))) {
            throw new IllegalStateException("shared test data not found (looked at " + dir + "): run through Maven "
                    + "(surefire sets -Dcti.repo.root) or set CTI_SHARED_DIR to the directory holding sip-torture/");
        }
        return dir.normalize();
    }
}
