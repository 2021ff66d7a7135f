package dev.cti.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queue's business hours (queues[].hours, issue 17): they load as the menu {@code queue:<id>} that a caller who
 * dials the queue's number meets (no prompt, straight into the queue when open), checked as a menu's hours are.
 */
class QueueHoursConfigTest {
    private static final String SALES_HOURS = """
            script: sales-inbound
                hours:
                  periods:
                    - { days: [mon, tue, wed, thu, fri], open: "09:00", close: "18:00" }
                  closedPrompt: ../prompts/en/closed.wav
                  goodbyePrompt: ../prompts/en/goodbye.wav
            """;

    @TempDir
    Path tmp;

    @Test
    void aQueuesHoursAreTheMenuItsNumbersLeadTo() throws Exception {
        ConfigFixture fx = new ConfigFixture(tmp);
        fx.replace("queues.yaml", "script: sales-inbound\n", SALES_HOURS);
        CtiConfig config = fx.load();

        MenuConfig gate = config.menuForNumber("4008002000").orElseThrow();
        assertThat(gate.id()).isEqualTo("queue:sales");
        assertThat(gate.queueHours()).isTrue();
        assertThat(gate.options()).isEmpty();
        assertThat(gate.fallback()).as("open: into the queue").isEqualTo(new MenuConfig.Action(MenuConfig.Kind.QUEUE,
                "sales"));
        assertThat(gate.hours().orElseThrow().closedAction()).as("the default").isEqualTo(MenuConfig.Action.HANGUP);
        assertThat(gate.goodbyePrompt()).endsWith("prompts/en/goodbye.wav").startsWith("/");
        assertThat(gate.promptFiles()).as("only real files, for the gateway's allowed list").containsExactlyInAnyOrder(
                gate.goodbyePrompt(), gate.hours().orElseThrow().closedPrompt());
        assertThat(gate.language()).isEqualTo("en");
        ZoneId zone = ZoneId.of(config.site().timeZone());
        assertThat(gate.hours().orElseThrow().isOpen(ZonedDateTime.of(2027, 1, 2, 10, 0, 0, 0, zone),
                config.holidayDates())).as("Saturday").isFalse();
        assertThat(config.queueForNumber("4008002000")).as("still the queue's number").isPresent();
        assertThat(config.menuForNumber("4008001000")).as("a queue without hours has none").isEmpty();
        assertThat(config.menu("queue:service")).isEmpty();
    }

    @Test
    void aQueuesHoursAreCheckedAsAMenus() {
        ConfigFixture fx = new ConfigFixture(tmp);
        int line = fx.replace("queues.yaml", "script: sales-inbound\n", SALES_HOURS
                .replace("../prompts/en/closed.wav", "../prompts/en/clossed.wav")
                .replace("goodbyePrompt: ../prompts/en/goodbye.wav\n",
                        "goodbyePrompt: ../prompts/en/goodbye.wav\n      closedAction: { action: queue, target: service }\n"));
        assertThat(fx.errors()).extracting(ConfigError::path).containsExactlyInAnyOrder(
                "queues[1].hours.closedPrompt", "queues[1].hours.closedAction.action");
        assertThat(line).isPositive();
    }

    @Test
    void aQueuesHoursNeedTheirGoodbye() {
        ConfigFixture fx = new ConfigFixture(tmp);
        fx.replace("queues.yaml", "script: sales-inbound\n", SALES_HOURS
                .replace("      goodbyePrompt: ../prompts/en/goodbye.wav\n", ""));
        assertThat(fx.errors()).extracting(ConfigError::path).containsExactly("queues[1].hours.goodbyePrompt");
    }
}
