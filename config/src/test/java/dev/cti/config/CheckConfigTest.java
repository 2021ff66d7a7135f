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
        realSipPasswords(fx);
        assertThat(run("--config", fx.conf.toString())).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("configuration is valid (2 queues, 7 agents, 9 users)");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void demoAndShortSipPasswordsAreRefusedUnlessAllowDemo() {
        ConfigFixture fx = new ConfigFixture(tmp);
        int demo = fx.lineOf("people.yaml", "sipPassword: demo-sip-1001");
        realSipPasswords(fx);
        fx.replace("people.yaml", "sipPassword: real-long-random-1001", "sipPassword: demo-sip-1001");
        int shortLine = fx.replace("people.yaml", "sipPassword: real-long-random-1002", "sipPassword: 1002pw");
        assertThat(run("--config", fx.conf.toString())).isEqualTo(2);
        String refused = err.toString(StandardCharsets.UTF_8);
        assertThat(refused).contains(fx.file("people.yaml") + ":" + demo
                        + " agents[0].sipPassword: a demo password ('demo-...')")
                .contains(fx.file("people.yaml") + ":" + shortLine + " agents[1].sipPassword: shorter than 12 characters")
                .contains("2 demo or weak SIP passwords; set real ones (docs/SECURITY.md), or run the demo with "
                        + "--allow-demo; nothing was started")
                .doesNotContain("demo-sip-1001").doesNotContain("1002pw");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();

        err.reset();
        assertThat(run("--config", fx.conf.toString(), "--allow-demo")).isEqualTo(0);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("WARNING: 2 demo or weak SIP passwords")
                .contains("Never put this configuration on a network.");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("configuration is valid");
    }

    @Test
    void theShippedDemoNeedsAllowDemo() {
        ConfigFixture fx = new ConfigFixture(tmp);
        assertThat(run("--config", fx.conf.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("7 demo or weak SIP passwords");
        assertThat(run("--config", fx.conf.toString(), "--allow-demo")).isEqualTo(0);
    }

    /** Every shipped demo SIP password replaced by a long one. */
    private static void realSipPasswords(ConfigFixture fx) {
        for (String ext : new String[] {"1001", "1002", "1003", "2001", "2002", "2003", "9001"}) {
            fx.replace("people.yaml", "sipPassword: demo-sip-" + ext, "sipPassword: real-long-random-" + ext);
        }
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
