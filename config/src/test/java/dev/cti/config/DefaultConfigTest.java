package dev.cti.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The configuration shipped in conf/ loads and says what the issue asks of it. */
class DefaultConfigTest {
    private final CtiConfig config = load();

    private static CtiConfig load() {
        try {
            return ConfigLoader.load(ConfigFixture.repoRoot().resolve("conf"));
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void twoQueuesOneChineseServiceHotlineOneEnglishSalesLine() {
        assertThat(config.queues()).extracting(QueueConfig::id).containsExactly("service", "sales");
        assertThat(config.queue("service").orElseThrow().language()).isEqualTo("zh-CN");
        assertThat(config.queue("sales").orElseThrow().language()).isEqualTo("en");
        assertThat(config.queueForNumber("4008001000")).map(QueueConfig::id).contains("service");
        assertThat(config.queueForNumber("4008002000")).map(QueueConfig::id).contains("sales");
        assertThat(config.queueForNumber("4008003000")).isEmpty();
    }

    @Test
    void sixAgentsAndTheSupervisorsSeatInTwoTeamsOneSupervisorOneAdmin() {
        assertThat(config.agents()).hasSize(7);
        assertThat(config.agents()).filteredOn(a -> !a.skills().isEmpty()).hasSize(6);
        assertThat(config.teams()).hasSize(2);
        assertThat(config.agents()).extracting(AgentConfig::team).containsOnly("team-service", "team-sales");
        assertThat(config.users()).filteredOn(u -> u.role() == UserConfig.Role.SUPERVISOR).hasSize(1);
        assertThat(config.users()).filteredOn(u -> u.role() == UserConfig.Role.ADMIN).hasSize(1);
        assertThat(config.users()).filteredOn(u -> u.role() == UserConfig.Role.AGENT).hasSize(6);
    }

    @Test
    void demoPasswordsAreTheDocumentedOnes() {
        UserConfig agent = config.user("1001").orElseThrow();
        assertThat(PasswordHash.verify("demo-1001".toCharArray(), agent.passwordHash())).isTrue();
        assertThat(PasswordHash.verify("demo-1002".toCharArray(), agent.passwordHash())).isFalse();
        assertThat(PasswordHash.verify("demo-supervisor".toCharArray(),
                config.user("supervisor").orElseThrow().passwordHash())).isTrue();
        assertThat(PasswordHash.verify("demo-admin".toCharArray(),
                config.user("admin").orElseThrow().passwordHash())).isTrue();
    }

    @Test
    void scriptsCarryTheStandardPhrasesVerbatim() {
        ScriptConfig service = config.script("service-inbound").orElseThrow();
        assertThat(service.steps().get(0).text().get("zh-CN"))
                .isEqualTo("{customer.surname}{customer.title},您好!我是{company}{agent.workNumber}号业务受理专员,请问有什么可以帮您?");
        assertThat(service.steps().get(0).holiday()).isPresent();
        assertThat(service.steps()).extracting(ScriptConfig.Step::id).contains("greeting", "closing");
        assertThat(service.quickPhrases()).extracting(ScriptConfig.Phrase::id)
                .contains("silent-caller", "low-volume", "fast-speech", "dialect", "transfer", "before-hold",
                        "after-hold-thanks", "wait-reassurance");
        assertThat(service.quickPhrases()).filteredOn(p -> p.id().equals("before-hold")).first()
                .satisfies(p -> assertThat(p.text().get("zh-CN")).contains("请您稍等,我帮您核实一下好吗?"));
        assertThat(config.script("sales-inbound").orElseThrow().steps().get(0).text().get("en"))
                .contains("{agent.workNumber}");
    }

    @Test
    void wrapUpAndNotReadyCodesOfTheStandard() {
        assertThat(config.notReadyReasons()).extracting(ReasonCode::code)
                .containsExactly("break", "meal", "training", "meeting", "coaching", "system-fault");
        assertThat(config.wrapUpCodesFor("service")).extracting(WrapUpCode::code)
                .contains("resolved", "unresolved", "callback-booked").doesNotContain("order");
        assertThat(config.wrapUpCodesFor("sales")).extracting(WrapUpCode::code)
                .contains("order", "interested", "refused", "no-answer", "busy", "powered-off", "invalid-number",
                        "wrong-person", "callback-booked", "complaint")
                .doesNotContain("unresolved");
    }

    @Test
    void complianceDefaultsOfTheStandard() {
        assertThat(config.compliance().ringTargetRings()).isEqualTo(3);
        assertThat(config.compliance().holdThresholdsSeconds()).containsExactly(10, 60, 120);
        assertThat(config.compliance().waitReassuranceSeconds()).isEqualTo(10);
    }

    @Test
    void promptPathsResolveToShippedAudio() {
        for (QueueConfig q : config.queues()) {
            assertThat(Path.of(q.prompts().greeting())).isAbsolute().isRegularFile();
            assertThat(Path.of(q.prompts().music())).isRegularFile();
        }
        assertThat(Files.exists(Path.of(config.queue("service").orElseThrow().prompts().greeting()))).isTrue();
    }

    @Test
    void secretsStayOutOfToString() {
        assertThat(config.agents().get(0).toString()).doesNotContain("demo-sip");
        assertThat(config.users().get(0).toString()).doesNotContain("pbkdf2");
    }
}
