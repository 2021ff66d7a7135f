package dev.cti.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/cti check-config}: exit status 0 valid, 2 invalid (every error printed), 64 usage. */
class CheckConfigTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return CheckConfig.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void validConfigurationExitsZero() {
        ConfigFixture fx = new ConfigFixture(tmp);
        assertThat(run("--config", fx.conf.toString())).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("configuration is valid (2 queues, 7 agents, 9 users)");
    }

    @Test
    void brokenConfigurationExitsTwoAndPrintsEveryError() {
        ConfigFixture fx = new ConfigFixture(tmp);
        int a = fx.replace("queues.yaml", "thresholdSeconds: 30", "thresholdSeconds: -5");
        int b = fx.replace("people.yaml", "team: team-service\n    language: zh-CN\n  - id: \"1002\"",
                "team: nobody\n    language: zh-CN\n  - id: \"1002\"");
        assertThat(run("--config", fx.conf.toString())).isEqualTo(2);
        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains(fx.file("queues.yaml") + ":" + a + " queues[1].serviceLevel.thresholdSeconds: ")
                .contains(fx.file("people.yaml") + ":" + b + " agents[0].team: unknown team 'nobody'")
                .contains("2 errors; nothing was started");
    }

    @Test
    void usageErrorExits64() {
        assertThat(run("--bogus")).isEqualTo(64);
    }
}
