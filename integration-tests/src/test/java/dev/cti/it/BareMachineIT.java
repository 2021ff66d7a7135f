package dev.cti.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, "Supervision": on a bare machine {@code bin/cti up} and {@code bin/cti test} need nothing installed first.
 * Run with a PATH that lacks java, javac, curl, wget and unzip (only the basic tools the script uses are there), they
 * name the Debian packages they need and the apt-get command, asking for root through sudo only when not root, and
 * say how to do it by hand when there is no sudo. {@code CTI_INSTALL_DRY_RUN=1} prints the command instead of running
 * it (the test has no root to give). Maven is not among them: ./mvnw brings the pinned version.
 */
class BareMachineIT {
    @TempDir
    Path tmp;

    private Path bin;

    /** A PATH directory with the basic tools only, and {@code id -u} answering {@code uid}. */
    private Path bareBin(int uid, boolean sudo, String... extra) throws IOException {
        bin = Files.createDirectories(tmp.resolve("bin-" + uid + "-" + sudo + "-" + extra.length));
        for (String tool : List.of("bash", "env", "dirname", "sed", "head", "find", "mkdir", "touch", "cat", "grep")) {
            link(tool);
        }
        for (String tool : extra) {
            link(tool);
        }
        script("id", "#!/bin/sh\nif [ \"$1\" = -u ]; then echo " + uid + "; else exec /usr/bin/id \"$@\"; fi\n");
        if (sudo) {
            script("sudo", "#!/bin/sh\nexec \"$@\"\n");
        }
        return bin;
    }

    private void link(String tool) throws IOException {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                Files.createSymbolicLink(bin.resolve(tool), p.toRealPath());
                return;
            }
        }
        throw new AssertionError(tool + " not found on this machine");
    }

    private void script(String name, String text) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private CtiCommand.Result run(Path path, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(CtiCommand.repoRoot().resolve("bin/cti").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", path.toString());
        env.put("HOME", tmp.toString());
        env.put("CTI_INSTALL_DRY_RUN", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new CtiCommand.Result(p.exitValue(), out, err);
    }

    @Test
    void asRootUpNamesTheJdkAndWhatTheMavenWrapperNeedsAndTheAptGetCommand() throws Exception {
        CtiCommand.Result r = run(bareBin(0, false), "up");
        assertThat(r.exit()).as(r.stderr()).isEqualTo(3);
        assertThat(r.stderr()).contains("missing here: openjdk-17-jdk-headless curl unzip")
                .contains("Maven itself comes pinned, through ./mvnw")
                .contains("would run: apt-get update -qq && apt-get install -y -qq --no-install-recommends "
                        + "openjdk-17-jdk-headless curl unzip")
                .doesNotContain("sudo");
    }

    @Test
    void notRootItAsksForSudoAndWithoutSudoItSaysWhatToRun() throws Exception {
        CtiCommand.Result withSudo = run(bareBin(1000, true, "curl"), "test");
        assertThat(withSudo.exit()).as(withSudo.stderr()).isEqualTo(3);
        assertThat(withSudo.stderr()).contains("missing here: openjdk-17-jdk-headless unzip")
                .contains("asking for root (sudo)")
                .contains("would run: sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends "
                        + "openjdk-17-jdk-headless unzip");

        CtiCommand.Result noSudo = run(bareBin(1000, false), "up");
        assertThat(noSudo.exit()).isEqualTo(3);
        assertThat(noSudo.stderr()).contains("run as root, or install them yourself: apt-get install "
                + "openjdk-17-jdk-headless curl unzip");
    }

    @Test
    void anOldJavaIsReplacedAndACompleteMachineInstallsNothing() throws Exception {
        Path old = bareBin(0, false, "curl", "unzip");
        script("java", "#!/bin/sh\necho '    java.specification.version = 11' >&2\necho 'openjdk version \"11.0.2\"' >&2\n");
        script("javac", "#!/bin/sh\nexit 0\n");
        CtiCommand.Result r = run(old, "up");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.stderr()).contains("java 11 is older than 17").contains("missing here: openjdk-17-jdk-headless");

        Path complete = bareBin(0, false, "curl", "unzip", "java", "javac");
        CtiCommand.Result ok = run(complete, "up");
        assertThat(ok.exit()).as(ok.stderr()).isZero();
        assertThat(ok.stderr()).containsPattern("nothing to install: java \\d+ with javac, curl, unzip");
    }
}
