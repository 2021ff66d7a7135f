package dev.cti.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/cti check-config} and {@code bin/cti up} on a broken configuration, as a user runs them. */
class CheckConfigIT {
    @TempDir
    Path tmp;

    @Test
    void shippedConfigurationIsValidForTheDemoOnly() throws Exception {
        CtiCommand.Result refused = CtiCommand.run(CtiCommand.repoRoot(), 60, "check-config");
        assertThat(refused.exit()).as(refused.stderr()).isEqualTo(2);
        assertThat(refused.stderr()).contains("conf/people.yaml:24 agents[0].sipPassword: a demo password")
                .contains("7 demo or weak SIP passwords");
        CtiCommand.Result r = CtiCommand.run(CtiCommand.repoRoot(), 60, "check-config", "--allow-demo");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("WARNING: 7 demo or weak SIP passwords");
        assertThat(r.stdout()).contains("conf: configuration is valid (2 queues, 7 agents, 9 users)");
    }

    @Test
    void upRefusesACopyOfTheDemoWithoutAllowDemo() throws Exception {
        copy(CtiCommand.repoRoot().resolve("conf"), tmp.resolve("conf"));
        copy(CtiCommand.repoRoot().resolve("prompts"), tmp.resolve("prompts"));
        CtiCommand.Result r = CtiCommand.run(tmp, 60, "up", "--config", "conf");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr()).contains("demo or weak SIP passwords").contains("nothing was started")
                .doesNotContain("started (pid");
    }

    @Test
    void brokenConfigurationExitsTwoWithFileAndLine() throws Exception {
        Path conf = brokenCopy();
        CtiCommand.Result r = CtiCommand.run(tmp, 60, "check-config", "--config", "conf");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr()).contains("conf/queues.yaml:" + lineOf(conf.resolve("queues.yaml"), "thresholdSeconds: -5")
                + " queues[0].serviceLevel.thresholdSeconds: must be a whole number from 1 to 3600, got -5");
    }

    @Test
    void upRefusesToStartOnABrokenConfiguration() throws Exception {
        Path conf = brokenCopy();
        CtiCommand.Result r = CtiCommand.run(tmp, 60, "up", "--config", "conf");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr()).contains("conf/queues.yaml:" + lineOf(conf.resolve("queues.yaml"), "thresholdSeconds: -5"))
                .contains("nothing was started")
                .doesNotContain("started (pid");
    }

    private Path brokenCopy() throws Exception {
        Path conf = tmp.resolve("conf");
        copy(CtiCommand.repoRoot().resolve("conf"), conf);
        copy(CtiCommand.repoRoot().resolve("prompts"), tmp.resolve("prompts"));
        Path queues = conf.resolve("queues.yaml");
        Files.writeString(queues, Files.readString(queues).replace("thresholdSeconds: 20", "thresholdSeconds: -5"));
        return conf;
    }

    private static int lineOf(Path file, String needle) throws Exception {
        var lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in " + file);
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path src : s.toList()) {
                Path dst = to.resolve(from.relativize(src).toString());
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(src, dst);
                }
            }
        }
    }
}
