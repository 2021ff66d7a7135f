package dev.cti.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/qa.yaml: the standard's forms load as shipped, and each kind of mistake is reported at its line. */
class QaConfigTest {
    @TempDir
    Path tmp;

    private ConfigFixture fx() {
        return new ConfigFixture(tmp);
    }

    private static ConfigError error(ConfigFixture fx, int line, String path, String message) {
        return new ConfigError(fx.file("qa.yaml"), line, path, message);
    }

    @Test
    void theShippedInboundFormIsTheStandardsHundredPoints() throws Exception {
        QaConfig qa = fx().load().qa();
        QaConfig.Form inbound = qa.form("inbound").orElseThrow();
        assertThat(inbound.version()).isEqualTo(1);
        assertThat(inbound.sections()).extracting(QaConfig.Section::id, QaConfig.Section::points).containsExactly(
                org.assertj.core.groups.Tuple.tuple("opening", 10), org.assertj.core.groups.Tuple.tuple("waiting", 10),
                org.assertj.core.groups.Tuple.tuple("handling", 30), org.assertj.core.groups.Tuple.tuple("closing", 5),
                org.assertj.core.groups.Tuple.tuple("knowledge", 20), org.assertj.core.groups.Tuple.tuple("overall", 25));
        assertThat(inbound.sections().get(0).items()).extracting(QaConfig.Item::points).containsExactly(3, 2, 3, 2);
        assertThat(inbound.sections().get(1).items()).extracting(QaConfig.Item::points).containsExactly(3, 2, 3, 2);
        assertThat(inbound.sections().get(2).items()).extracting(QaConfig.Item::points).containsExactly(10, 10, 10);
        assertThat(inbound.sections().get(3).items()).extracting(QaConfig.Item::points).containsExactly(3, 2);
        assertThat(inbound.sections().get(5).items()).extracting(QaConfig.Item::points).containsExactly(6, 6, 6, 7);
        assertThat(inbound.item("greeting").orElseThrow().label().get("zh-CN")).isEqualTo("使用规定的招呼语");
        assertThat(inbound.item("long-hold").orElseThrow().label().get("zh-CN"))
                .isEqualTo("在超过2分钟的等候时有及时向客户说明原因");
        assertThat(inbound.item("long-hold").orElseThrow().prefill()).map(QaConfig.Prefill::rule)
                .contains(QaConfig.Rule.LONG_HOLD_EXPLAINED);
        assertThat(inbound.item("ask-name").orElseThrow().prefill()).isEmpty();
        assertThat(inbound.deductions()).extracting(QaConfig.Deduction::id)
                .containsExactly("forbidden-phrase", "filler", "insult");
        assertThat(inbound.deduction("forbidden-phrase").orElseThrow().label().get("zh-CN")).isEqualTo("服务禁语");
        assertThat(qa.formFor(Optional.of("service"))).contains(inbound);
        assertThat(qa.formFor(Optional.of("sales"))).contains(inbound);
    }

    @Test
    void theOutboundFormIsCompletedToAHundredForClickToDial() throws Exception {
        QaConfig qa = fx().load().qa();
        QaConfig.Form outbound = qa.formFor(Optional.empty()).orElseThrow();
        assertThat(outbound.id()).isEqualTo("outbound");
        assertThat(outbound.sections()).extracting(QaConfig.Section::points).containsExactly(10, 36, 5, 20, 29);
        assertThat(outbound.sections().get(1).items()).extracting(QaConfig.Item::points)
                .containsExactly(4, 4, 5, 5, 4, 4, 4, 6);
        assertThat(outbound.items().stream().mapToInt(QaConfig.Item::points).sum()).isEqualTo(100);
    }

    @Test
    void scaleGradesSamplingAndTheQaUser() throws Exception {
        CtiConfig config = fx().load();
        QaConfig qa = config.qa();
        assertThat(qa.passMark()).isEqualTo(80.0);
        assertThat(qa.ratings()).containsEntry(QaConfig.Rating.EXCELLENT, 1.0).containsEntry(QaConfig.Rating.WEAK, 0.3)
                .containsEntry(QaConfig.Rating.POOR, 0.0);
        assertThat(qa.gradeOf(100)).map(QaConfig.Grade::id).contains("A");
        assertThat(qa.gradeOf(89.99)).map(QaConfig.Grade::id).contains("B");
        assertThat(qa.gradeOf(0)).map(QaConfig.Grade::id).contains("D");
        assertThat(qa.sampling().runAt()).isEqualTo(LocalTime.of(1, 0));
        assertThat(qa.sampling().holdOverSeconds()).isEqualTo(60);
        assertThat(qa.evaluatorOf("team-sales")).contains("inspector");
        UserConfig inspector = config.user("inspector").orElseThrow();
        assertThat(inspector.role()).isEqualTo(UserConfig.Role.QA);
        assertThat(PasswordHash.verify("demo-inspector".toCharArray(), inspector.passwordHash())).isTrue();
        assertThat(config.recording().agentsHearOwnCalls()).isFalse();
    }

    @Test
    void itemPointsThatDoNotAddUpToTheSectionAreReportedAtTheSection() {
        ConfigFixture fx = fx();
        fx.replace("qa.yaml", "              label: { zh-CN: 有询问客户的姓名, en: Asks the customer's name }\n"
                + "              points: 2", "              label: { zh-CN: 有询问客户的姓名, en: Asks the customer's name }\n"
                + "              points: 4");
        int section = fx.lineOf("qa.yaml", "          points: 10");
        assertThat(fx.errors()).containsExactly(error(fx, section, "qa.forms[0].sections[0].points",
                "section opening has 10 points but its items add up to 12"));
    }

    @Test
    void sectionsThatDoNotAddUpToAHundredAreReported() {
        ConfigFixture fx = fx();
        // the overall section and its warmth item both lose a point: the section adds up, the form does not
        fx.replace("qa.yaml", "          points: 25", "          points: 24");
        fx.replace("qa.yaml", "feels welcome\" }\n              points: 7\n      deductions: &deductions",
                "feels welcome\" }\n              points: 6\n      deductions: &deductions");
        int sections = fx.lineOf("qa.yaml", "        - id: opening");
        assertThat(fx.errors()).containsExactly(error(fx, sections, "qa.forms[0].sections",
                "the sections of form inbound add up to 99 points; a form has 100"));
    }

    @Test
    void duplicateItemIdsAndUnknownQueuesTeamsUsersAndStepsAreEachReported() {
        ConfigFixture fx = fx();
        int first = fx.lineOf("qa.yaml", "            - id: ask-name");
        int dupItem = fx.replace("qa.yaml", "            - id: ask-need", "            - id: ask-name");
        int queue = fx.replace("qa.yaml", "      queues: [service, sales]", "      queues: [service, billing]");
        int team = fx.replace("qa.yaml", "      teams: [team-service, team-sales]", "      teams: [team-service, team-night]");
        int step = fx.replace("qa.yaml", "prefill: { rule: step, steps: [need] }", "prefill: { rule: step, steps: [needs] }");
        List<ConfigError> errors = fx.errors();
        assertThat(errors).contains(
                error(fx, dupItem, "qa.forms[0].sections[0].items[2].id", "duplicate item 'ask-name' (first at line "
                        + first + ")"),
                error(fx, queue, "qa.forms[0].queues[1]", "unknown queue 'billing'; defined: sales, service"),
                error(fx, team, "qa.evaluators[0].teams[1]", "unknown team 'team-night'; defined: team-sales, team-service"),
                error(fx, step, "qa.forms[0].sections[0].items[2].prefill.steps[0]", "no script has a step 'needs'"));
        assertThat(errors).hasSize(4);
    }

    @Test
    void ratingsMustBeFractionsInDescendingOrder() {
        ConfigFixture fx = fx();
        int good = fx.replace("qa.yaml", "    good: 0.8 ", "    good: 1.2 ");
        int weak = fx.replace("qa.yaml", "    weak: 0.3 ", "    weak: 0.7 ");
        assertThat(fx.errors()).containsExactly(
                error(fx, good, "qa.ratings.good", "must be a number from 0 to 1, got 1.2"),
                error(fx, weak, "qa.ratings.weak", "ratings must be strictly descending from excellent to poor: weak "
                        + "(0.7) is not below pass (0.6)"));
    }

    @Test
    void gradesMustCoverNoughtToAHundredWithoutGaps() {
        ConfigFixture fx = fx();
        int from = fx.replace("qa.yaml", "      from: 60\n", "      from: 70\n");
        assertThat(fx.errors()).containsExactly(error(fx, from + 1 - 1, "qa.grades[2].from",
                "grades leave scores from 60 to 70 without a grade"));
    }

    @Test
    void evaluatorsAreQaSupervisorsOrAdminsOfTheirTeamsAndATeamHasOne() {
        ConfigFixture fx = fx();
        int user = fx.replace("qa.yaml", "    - user: inspector\n      teams: [team-service, team-sales]\n",
                "    - user: \"1001\"\n      teams: [team-service]\n    - user: inspector\n      teams: [team-service]\n");
        assertThat(fx.errors()).containsExactly(
                error(fx, user, "qa.evaluators[0].user",
                        "user 1001 is an agent; evaluators are users of role qa, supervisor or admin"),
                error(fx, user + 3, "qa.evaluators[1].teams[0]", "team team-service already has an evaluator (line "
                        + (user + 1) + ")"));
    }

    @Test
    void aQueueOrClickToDialScoredByTwoFormsAndAQaUserWithoutTeams() {
        ConfigFixture fx = fx();
        int dial = fx.replace("qa.yaml", "      name: { zh-CN: 电话呼入监控标准, en: Inbound call QA form }\n",
                "      name: { zh-CN: 电话呼入监控标准, en: Inbound call QA form }\n      clickToDial: true\n") + 1;
        int outbound = fx.lineOf("qa.yaml", "      clickToDial: true\n      sections:\n        - id: greeting");
        int teams = fx.replace("people.yaml", "    role: qa                            # 质检员: evaluates the calls of its teams (conf/qa.yaml)\n"
                + "    teams: [team-service, team-sales]\n", "    role: qa\n");
        assertThat(fx.errors()).contains(
                error(fx, outbound, "qa.forms[1].clickToDial",
                        "click-to-dial calls are already scored by another form (line " + dial + ")"),
                new ConfigError(fx.file("people.yaml"), teams, "users[7].role",
                        "a qa user needs 'teams:' listing the teams whose calls they evaluate"));
    }

    @Test
    void aMistakeInTheScheduleIsAClearError() {
        ConfigFixture fx = fx();
        int line = fx.replace("qa.yaml", "runAt: \"01:00\"", "runAt: \"25:00\"");
        assertThat(fx.errors()).containsExactly(error(fx, line, "qa.sampling.runAt",
                "must be a time of day HH:MM (00:00 to 23:59), got '25:00'"));
    }
}
