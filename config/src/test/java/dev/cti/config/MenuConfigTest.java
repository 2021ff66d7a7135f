package dev.cti.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/menus.yaml (issue 17): the shipped menus load, and each kind of mistake is reported at its line. */
class MenuConfigTest {
    @TempDir
    Path tmp;

    private ConfigFixture fx() {
        return new ConfigFixture(tmp);
    }

    private static ConfigError error(ConfigFixture fx, int line, String path, String message) {
        return new ConfigError(fx.file("menus.yaml"), line, path, message);
    }

    @Test
    void theShippedMenusLoadWithTheirOptionsAndHours() throws Exception {
        CtiConfig config = fx().load();
        MenuConfig main = config.menuForNumber("4008003000").orElseThrow();
        assertThat(main.id()).isEqualTo("main");
        assertThat(main.timeoutSeconds()).isEqualTo(5);
        assertThat(main.retries()).isEqualTo(2);
        assertThat(main.option('1').orElseThrow().action()).isEqualTo(new MenuConfig.Action(MenuConfig.Kind.QUEUE,
                "service"));
        assertThat(main.option('3').orElseThrow().action().kind()).isEqualTo(MenuConfig.Kind.MENU);
        assertThat(main.option('9').orElseThrow().action().target()).endsWith("prompts/zh-CN/message-opening-hours.wav")
                .startsWith("/");
        assertThat(main.option('0').orElseThrow().action()).isEqualTo(MenuConfig.Action.HANGUP);
        assertThat(main.option('5')).isEmpty();
        assertThat(main.fallback()).isEqualTo(new MenuConfig.Action(MenuConfig.Kind.QUEUE, "service"));
        assertThat(main.prompt()).endsWith("prompts/zh-CN/menu-main.wav");
        MenuConfig billing = config.menu("billing").orElseThrow();
        assertThat(billing.numbers()).isEmpty();
        assertThat(billing.fallback()).as("the default").isEqualTo(MenuConfig.Action.HANGUP);
        assertThat(billing.option('*').orElseThrow().action().target()).isEqualTo("main");
        assertThat(billing.hours()).isEmpty();
        assertThat(config.queueForNumber("4008003000")).isEmpty();

        BusinessHours hours = main.hours().orElseThrow();
        ZoneId zone = ZoneId.of(config.site().timeZone());
        Set<LocalDate> holidays = config.holidayDates();
        assertThat(hours.isOpen(ZonedDateTime.of(2027, 1, 4, 9, 0, 0, 0, zone), holidays)).as("Monday 09:00").isTrue();
        assertThat(hours.isOpen(ZonedDateTime.of(2027, 1, 4, 17, 59, 0, 0, zone), holidays)).isTrue();
        assertThat(hours.isOpen(ZonedDateTime.of(2027, 1, 4, 18, 0, 0, 0, zone), holidays)).as("closes at 18").isFalse();
        assertThat(hours.isOpen(ZonedDateTime.of(2027, 1, 4, 8, 59, 0, 0, zone), holidays)).isFalse();
        assertThat(hours.isOpen(ZonedDateTime.of(2027, 1, 2, 10, 0, 0, 0, zone), holidays)).as("Saturday").isFalse();
        assertThat(hours.isOpen(ZonedDateTime.of(2027, 10, 1, 10, 0, 0, 0, zone), holidays)).as("National Day, a Friday")
                .isFalse();
        assertThat(hours.closedAction().kind()).isEqualTo(MenuConfig.Kind.MESSAGE);
    }

    @Test
    void danglingTargetsAreReported() {
        ConfigFixture fx = fx();
        int queue = fx.replace("menus.yaml", "action: queue, target: sales", "action: queue, target: salse");
        int menu = fx.replace("menus.yaml", "action: menu, target: main", "action: menu, target: mian");
        assertThat(fx.errors()).contains(
                error(fx, queue, "menus[0].options[1].target", "unknown queue 'salse'; defined: sales, service"),
                error(fx, menu, "menus[1].options[1].target", "unknown menu 'mian'; defined: billing, main"));
    }

    @Test
    void aNumberOfAQueueCannotLeadToAMenu() {
        ConfigFixture fx = fx();
        int line = fx.replace("menus.yaml", "numbers: [\"4008003000\"]", "numbers: [\"4008002000\"]");
        assertThat(fx.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.path()).isEqualTo("menus[0].numbers[0]");
            assertThat(e.message()).startsWith("number 4008002000 already reaches a queue (queues[1]")
                    .endsWith("a number leads to one queue or one menu");
        });
    }

    @Test
    void aDigitTwiceIsReportedAtTheRepeat() {
        ConfigFixture fx = fx();
        int line = fx.replace("menus.yaml", "{ digit: 2, action: queue", "{ digit: 1, action: queue");
        assertThat(fx.errors()).containsExactly(error(fx, line, "menus[0].options[1].digit",
                "duplicate digit '1' (first at line " + (line - 1) + ")"));
    }

    @Test
    void menusThatOnlyLeadToEachOtherAreALoopWithoutAnExit() {
        ConfigFixture fx = fx();
        fx.replace("menus.yaml", "      - { digit: 1, action: queue, target: service }\n      - { digit: \"*\"",
                "      - { digit: 1, action: menu, target: other }\n      - { digit: \"#\"");
        fx.replace("menus.yaml", "{ digit: \"#\", action: menu, target: main }", "{ digit: \"#\", action: menu, target: other }");
        fx.append("menus.yaml", """

                  - id: other
                    prompt: ../prompts/zh-CN/menu-billing.wav
                    invalidPrompt: ../prompts/zh-CN/menu-invalid.wav
                    timeoutPrompt: ../prompts/zh-CN/menu-timeout.wav
                    goodbyePrompt: ../prompts/zh-CN/goodbye.wav
                    options:
                      - { digit: 1, action: menu, target: billing }
                """);
        assertThat(fx.errors()).extracting(ConfigError::path, ConfigError::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("menus[1].id", "menu billing never leads to a queue, a message or "
                        + "hangup: its options only go round the menus billing, other"),
                org.assertj.core.groups.Tuple.tuple("menus[2].id", "menu other never leads to a queue, a message or "
                        + "hangup: its options only go round the menus billing, other"));
    }

    @Test
    void missingPromptFilesAndACallbackWithoutItsQueueAreRefusedWithReasons() {
        ConfigFixture fx = fx();
        int prompt = fx.replace("menus.yaml", "prompt: ../prompts/zh-CN/menu-main.wav", "prompt: ../prompts/zh-CN/nope.wav");
        int callback = fx.replace("menus.yaml", "{ digit: 0, action: hangup }", "{ digit: 0, action: callback }");
        assertThat(fx.errors()).extracting(ConfigError::line, ConfigError::path, ConfigError::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(prompt, "menus[0].prompt",
                        "file not found: " + tmp.resolve("prompts/zh-CN/nope.wav")),
                org.assertj.core.groups.Tuple.tuple(callback, "menus[0].options[4].action",
                        "callback needs a target (a queue id whose callback offer it uses)"));
    }

    @Test
    void aCallbackOptionNeedsAQueueWithTheCallbackOffer() {
        ConfigFixture fx = fx();
        int sales = fx.replace("menus.yaml", "{ digit: 0, action: hangup }", "{ digit: 0, action: callback, target: sales }");
        assertThat(fx.errors()).extracting(ConfigError::line, ConfigError::path, ConfigError::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(sales, "menus[0].options[4].target",
                        "queue sales has no callback offer: add callback to it"));
    }

    @Test
    void theCallbackOfferIsAMenuOptionAndAClosedHoursAction() throws Exception {
        ConfigFixture ok = fx();
        ok.replace("menus.yaml", "{ digit: 0, action: hangup }", "{ digit: 0, action: callback, target: service }");
        ok.replace("menus.yaml", "closedAction: { action: message, target: ../prompts/zh-CN/message-opening-hours.wav }",
                "closedAction: { action: callback, target: service }");
        MenuConfig main = ok.load().menu("main").orElseThrow();
        assertThat(main.option('0').orElseThrow().action()).isEqualTo(new MenuConfig.Action(MenuConfig.Kind.CALLBACK,
                "service"));
        assertThat(main.hours().orElseThrow().closedAction().kind()).isEqualTo(MenuConfig.Kind.CALLBACK);
    }

    @Test
    void aSubMenuNobodyReachesAndAQueueOutsideHoursAreMistakes() {
        ConfigFixture fx = fx();
        int line = fx.replace("menus.yaml", "{ digit: 3, action: menu, target: billing }",
                "{ digit: 3, action: queue, target: service }");
        int closed = fx.replace("menus.yaml", "closedAction: { action: message, target: ../prompts/zh-CN/message-opening-hours.wav }",
                "closedAction: { action: queue, target: service }");
        assertThat(fx.errors()).extracting(ConfigError::line, ConfigError::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(closed, "outside business hours the caller gets a message or hangup "
                        + "(a queue or menu would be open after all)"),
                org.assertj.core.groups.Tuple.tuple(fx.lineOf("menus.yaml", "- id: billing"),
                        "menu billing has no numbers and no menu leads to it: nobody can reach it"));
        assertThat(line).isPositive();
    }
}
