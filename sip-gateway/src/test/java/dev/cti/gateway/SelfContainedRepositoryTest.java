package dev.cti.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository must build, test and run on a clone with nothing beside it (issue 13, "Self-contained tests"):
 * no build file, script, source or resource may point at a sibling {@code shared/} directory. The torture
 * messages that used to be read from there live in {@code src/test/resources/sip/torture/}.
 */
class SelfContainedRepositoryTest {
    /** Spelled in pieces so this file does not find itself. */
    private static final List<String> FORBIDDEN = List.of(".." + "/shared", "/work" + "/shared", "CTI_" + "SHARED_DIR");
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "node_modules", "results");

    @Test
    void nothingReadsASiblingSharedDirectory() throws IOException {
        Path root = repoRoot();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(root)) {
            offenders = files.filter(p -> !skipped(root, p)).filter(Files::isRegularFile).filter(this::isText)
                    .flatMap(p -> hits(root, p).stream()).toList();
        }
        assertThat(offenders).as("references to a directory outside the repository").isEmpty();
    }

    private static boolean skipped(Path root, Path p) {
        for (Path part : root.relativize(p)) {
            if (SKIPPED_DIRS.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }

    private boolean isText(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return Set.of("", "java", "xml", "sh", "yaml", "yml", "md", "txt", "properties", "json", "conf", "cfg")
                .contains(ext) && !p.toString().contains("/sip/torture/");
    }

    private static List<String> hits(Path root, Path p) {
        String text;
        try {
            text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return List.of(root.relativize(p) + ": unreadable (" + e.getMessage() + ")");
        }
        return FORBIDDEN.stream().filter(text::contains).map(f -> root.relativize(p) + " mentions " + f).toList();
    }

    private static Path repoRoot() {
        String prop = System.getProperty("cti.repo.root");
        Path root = prop != null ? Path.of(prop) : Path.of("..").toAbsolutePath().normalize();
        assertThat(root.resolve("sip-gateway")).as("repository root (cti.repo.root)").isDirectory();
        return root;
    }
}
