package dev.cti.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitoring section (issue 7) and the supervisor's seat in the shipped configuration. */
class MonitoringConfigTest {
    @TempDir
    Path tmp;

    @Test
    void shippedSiteTellsTheAgentOfEveryModeButListen() throws Exception {
        CtiConfig config = new ConfigFixture(tmp).load();
        assertThat(config.monitoring().notifyAgent()).isEqualTo(new MonitoringConfig.NotifyAgent(false, true, true, true));
    }

    @Test
    void leftOutTheSectionTakesTheDocumentedDefaults() throws Exception {
        ConfigFixture fx = new ConfigFixture(tmp);
        fx.replace("site.yaml", "    listen: false             # silent listening for quality checks\n"
                + "    whisper: true\n    barge: true\n    takeover: true\n", "    whisper: false\n");
        assertThat(fx.load().monitoring().notifyAgent())
                .isEqualTo(new MonitoringConfig.NotifyAgent(false, false, true, true));
        ConfigFixture none = new ConfigFixture(tmp.resolve("none"));
        none.replace("site.yaml", "monitoring:                   # supervisor listen / whisper / barge / take over (docs/API.md)\n"
                + "  notifyAgent:                # whether the monitored agent's desktop is told, per mode\n"
                + "    listen: false             # silent listening for quality checks\n"
                + "    whisper: true\n    barge: true\n    takeover: true\n", "");
        assertThat(none.load().monitoring()).isEqualTo(MonitoringConfig.DEFAULTS);
    }

    @Test
    void misspelledModeIsAnErrorWithAHint() {
        ConfigFixture fx = new ConfigFixture(tmp);
        int line = fx.replace("site.yaml", "    barge: true", "    barg: true");
        assertThat(fx.errors()).hasSize(1).first().satisfies(e -> {
            assertThat(e.file()).isEqualTo(fx.file("site.yaml"));
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.path()).isEqualTo("monitoring.notifyAgent.barg");
            assertThat(e.message()).startsWith("unknown key 'barg' (did you mean 'barge'?)");
        });
    }

    @Test
    void aModeFlagMustBeABoolean() {
        ConfigFixture fx = new ConfigFixture(tmp);
        int line = fx.replace("site.yaml", "    takeover: true", "    takeover: sometimes");
        assertThat(fx.errors()).hasSize(1).first().satisfies(e -> {
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.path()).isEqualTo("monitoring.notifyAgent.takeover");
        });
    }

    @Test
    void theSupervisorWorksSeat9001WhichHasNoSkills() throws Exception {
        CtiConfig config = new ConfigFixture(tmp).load();
        AgentConfig seat = config.agent("9001").orElseThrow();
        assertThat(seat.name()).isEqualTo("班长");
        assertThat(seat.extension()).isEqualTo("9001");
        assertThat(seat.sipPassword()).isEqualTo("demo-sip-9001");
        assertThat(seat.team()).isEqualTo("team-service");
        assertThat(seat.skills()).isEmpty();
        assertThat(config.user("supervisor").orElseThrow().agent()).contains("9001");
        assertThat(config.queues()).allSatisfy(q -> assertThat(q.requiredSkills()).isNotEmpty());
    }
}
