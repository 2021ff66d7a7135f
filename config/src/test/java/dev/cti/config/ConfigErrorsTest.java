package dev.cti.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of mistake gives one exact message at the right file, line and key path. */
class ConfigErrorsTest {
    @TempDir
    Path tmp;

    private ConfigFixture fx() {
        return new ConfigFixture(tmp);
    }

    private static ConfigError error(ConfigFixture fx, String file, int line, String path, String message) {
        return new ConfigError(fx.file(file), line, path, message);
    }

    @Test
    void negativeThresholdIsReportedWithFileLineAndPath() {
        ConfigFixture fx = fx();
        int line = fx.replace("queues.yaml", "thresholdSeconds: 30", "thresholdSeconds: -5");
        assertThat(fx.errors()).containsExactly(error(fx, "queues.yaml", line,
                "queues[1].serviceLevel.thresholdSeconds", "must be a whole number from 1 to 3600, got -5"));
        assertThat(fx.errors().get(0).toString()).isEqualTo(fx.file("queues.yaml") + ":" + line
                + " queues[1].serviceLevel.thresholdSeconds: must be a whole number from 1 to 3600, got -5");
    }

    @Test
    void shiftOffAQuarterHourOrEndingBeforeItStarts() {
        ConfigFixture fx = fx();
        int line = fx.replace("people.yaml", "shift: { start: \"09:00\", end: \"18:00\", days: [mon, tue, wed, thu, fri] }",
                "shift: { start: \"09:10\", end: \"08:00\", days: [mon] }");
        assertThat(fx.errors()).containsExactly(
                error(fx, "people.yaml", line, "teams[0].shift.start",
                        "must be on a quarter hour (HH:00, HH:15, HH:30 or HH:45): reports count in 15-minute intervals"),
                error(fx, "people.yaml", line, "teams[0].shift.end", "must be after start (a shift ends on the day it starts)"));
    }

    @Test
    void reportCostsMustBeNumbers() {
        ConfigFixture fx = fx();
        int line = fx.replace("site.yaml", "  trunkMinuteCost: 0.1", "  trunkMinuteCost: cheap");
        assertThat(fx.errors()).containsExactly(error(fx, "site.yaml", line, "reports.trunkMinuteCost",
                "must be a number from 0 to 1000000, got 'cheap'"));
    }

    @Test
    void misspelledKeyIsAnErrorWithAHint() {
        ConfigFixture fx = fx();
        int line = fx.replace("queues.yaml", "    wrapUpSeconds: 45", "    wrapupSecs: 45");
        assertThat(fx.errors()).hasSize(1).first().satisfies(e -> {
            assertThat(e.file()).isEqualTo(fx.file("queues.yaml"));
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.path()).isEqualTo("queues[1].wrapupSecs");
            assertThat(e.message()).startsWith("unknown key 'wrapupSecs' (did you mean 'wrapUpSeconds'?); a queue has: id, name,");
        });
    }

    @Test
    void unknownSectionIsAnError() {
        ConfigFixture fx = fx();
        int line = fx.replace("codes.yaml", "notReadyReasons:", "notReadyReason:");
        assertThat(fx.errors()).hasSize(1).first().satisfies(e -> {
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.path()).isEqualTo("notReadyReason");
            assertThat(e.message()).startsWith("unknown key 'notReadyReason' (did you mean 'notReadyReasons'?)");
        });
    }

    @Test
    void missingRequiredKeyPointsAtItsEntry() {
        ConfigFixture fx = fx();
        fx.replace("people.yaml", "    workNumber: \"1002\"\n", "");
        int entryLine = fx.lineOf("people.yaml", "- id: \"1002\"");
        assertThat(fx.errors()).containsExactly(error(fx, "people.yaml", entryLine, "agents[1].workNumber",
                "missing required key 'workNumber' (an id (letters, digits, '.', '_' or '-', at most 64))"));
    }

    @Test
    void wrongShapeIsAnError() {
        ConfigFixture fx = fx();
        int line = fx.replace("queues.yaml", "    priority: 5", "    priority: [5]");
        assertThat(fx.errors()).containsExactly(error(fx, "queues.yaml", line, "queues[1].priority",
                "must be a whole number from 0 to 100, got a list"));
    }

    @Test
    void wrongEnumWordListsTheChoices() {
        ConfigFixture fx = fx();
        int line = fx.replace("queues.yaml", "    strategy: longest-idle      # or", "    strategy: random      # or");
        assertThat(fx.errors()).containsExactly(error(fx, "queues.yaml", line, "queues[0].strategy",
                "must be one of longest-idle, round-robin, fewest-calls, got 'random'"));
    }

    @Test
    void yamlSyntaxErrorHasItsLine() {
        ConfigFixture fx = fx();
        int line = fx.replace("codes.yaml", "  - code: meal\n", "  - code: meal\n   label: [broken\n");
        List<ConfigError> errors = fx.errors();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).file()).isEqualTo(fx.file("codes.yaml"));
        assertThat(errors.get(0).message()).startsWith("YAML syntax: ");
        assertThat(errors.get(0).line()).isBetween(line, line + 2);
    }

    @Test
    void queueNamingAMissingSkill() {
        ConfigFixture fx = fx();
        int line = fx.replace("queues.yaml", "requiredSkills: { english: 1 }", "requiredSkills: { cantonese: 1 }");
        assertThat(fx.errors()).containsExactly(error(fx, "queues.yaml", line, "queues[1].requiredSkills.cantonese",
                "unknown skill 'cantonese'; defined: billing, english, mandarin, sales"));
    }

    @Test
    void agentInAMissingTeam() {
        ConfigFixture fx = fx();
        int line = fx.replace("people.yaml", "    team: team-sales\n    language: en\n  - id: \"2002\"",
                "    team: team-night\n    language: en\n  - id: \"2002\"");
        assertThat(fx.errors()).containsExactly(error(fx, "people.yaml", line, "agents[3].team",
                "unknown team 'team-night'; defined: team-sales, team-service"));
    }

    @Test
    void duplicateExtension() {
        ConfigFixture fx = fx();
        int line = fx.replace("people.yaml", "extension: \"1002\"", "extension: \"1001\"");
        int first = fx.lineOf("people.yaml", "extension: \"1001\"");
        assertThat(fx.errors()).containsExactly(error(fx, "people.yaml", line, "agents[1].extension",
                "duplicate extension '1001' (first at line " + first + ")"));
    }

    @Test
    void duplicateDialledNumberAcrossQueues() {
        ConfigFixture fx = fx();
        int line = fx.replace("queues.yaml", "numbers: [\"4008002000\"]", "numbers: [\"4008001000\"]");
        int first = fx.lineOf("queues.yaml", "numbers: [\"4008001000\"]");
        assertThat(fx.errors()).containsExactly(error(fx, "queues.yaml", line, "queues[1].numbers[0]",
                "number 4008001000 already reaches queues[0] (line " + first + ")"));
    }

    @Test
    void overflowToAMissingQueueAndUserOfAMissingAgent() {
        ConfigFixture fx = fx();
        int overflow = fx.replace("queues.yaml", "queue: sales }", "queue: vip }");
        int user = fx.replace("people.yaml", "    agent: \"2003\"", "    agent: \"2009\"");
        assertThat(fx.errors()).containsExactly(
                error(fx, "people.yaml", user, "users[5].agent",
                        "unknown agent '2009'; defined: 1001, 1002, 1003, 2001, 2002, 2003, 9001"),
                error(fx, "queues.yaml", overflow, "queues[0].overflow.queue",
                        "unknown queue 'vip'; defined: sales, service"));
    }

    @Test
    void plainPasswordInsteadOfAHash() {
        ConfigFixture fx = fx();
        String hash = "pbkdf2-sha256$100000$NBDdS3fG/ZHi1wqvXo63KQ$iGbwxGHvSPeKIYty39kEOSPPOwvlhJ6hA/2t6PaMM6Q";
        int line = fx.replace("people.yaml", hash, "admin123");
        assertThat(fx.errors()).containsExactly(error(fx, "people.yaml", line, "users[8].passwordHash",
                "must be a password hash 'pbkdf2-sha256$<iterations>$<salt>$<hash>' made by `bin/cti hash-password`"
                        + " (never a plain password)"));
    }

    @Test
    void unknownScriptVariable() {
        ConfigFixture fx = fx();
        int line = fx.replace("scripts.yaml", "请问您还有什么问题吗?\"\n          en: \"Is there anything else I can help you with?\"\n      - id: closing\n        title: { zh-CN: 结束语, en: Closing }\n        text:\n          zh-CN: \"感谢您的来电,祝您愉快,再见!\"\n          en: \"Thank you for calling, have a nice day, goodbye!\"\n      - id: survey",
                "请问{customer.name}还有什么问题吗?\"\n          en: \"Is there anything else I can help you with?\"\n      - id: closing\n        title: { zh-CN: 结束语, en: Closing }\n        text:\n          zh-CN: \"感谢您的来电,祝您愉快,再见!\"\n          en: \"Thank you for calling, have a nice day, goodbye!\"\n      - id: survey");
        assertThat(fx.errors()).hasSize(1).first().satisfies(e -> {
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.path()).isEqualTo("scripts[0].steps[2].text.zh-CN");
            assertThat(e.message()).startsWith("uses unknown variable {customer.name}; known: {company}");
        });
    }

    @Test
    void sectionDefinedInTwoFiles() {
        ConfigFixture fx = fx();
        fx.writeFile("zz-extra.yaml", "# extra\nteams:\n  - id: night\n    name: { zh-CN: 夜班, en: Night }\n");
        int first = fx.lineOf("people.yaml", "teams:");
        assertThat(fx.errors()).containsExactly(error(fx, "zz-extra.yaml", 2, "teams",
                "section 'teams' is already defined at " + fx.file("people.yaml") + ":" + first
                        + "; a section lives in one file"));
    }

    @Test
    void portClash() {
        ConfigFixture fx = fx();
        int line = fx.replace("site.yaml", "    port: 7070", "    port: 8080");
        int first = fx.lineOf("site.yaml", "httpPort: 8080");
        assertThat(fx.errors()).containsExactly(error(fx, "site.yaml", line, "network.ctiLink.port",
                "port 8080 is already used by network.server.httpPort (line " + first + ")"));
    }

    @Test
    void missingPromptFile() {
        ConfigFixture fx = fx();
        int line = fx.replace("queues.yaml", "greeting: ../prompts/en/queue-greeting-sales.wav",
                "greeting: ../prompts/en/no-such.wav");
        assertThat(fx.errors()).containsExactly(error(fx, "queues.yaml", line, "queues[1].prompts.greeting",
                "file not found: " + fx.root.resolve("prompts/en/no-such.wav")));
    }

    @Test
    void everyMistakeIsReportedAtOnceInFileOrder() {
        ConfigFixture fx = fx();
        int a = fx.replace("codes.yaml", "category: success\n    queues: [sales]", "category: sucess\n    queues: [sales]");
        int b = fx.replace("people.yaml", "extension: \"1003\"", "extension: \"10x3\"");
        int c = fx.replace("queues.yaml", "thresholdSeconds: 20", "thresholdSeconds: 0");
        int d = fx.replace("site.yaml", "ringTargetRings: 3", "ringTargetRings: three");
        assertThat(fx.errors()).extracting(e -> e.file() + ":" + e.line() + " " + e.path()).containsExactly(
                fx.file("codes.yaml") + ":" + a + " wrapUpCodes[7].category",
                fx.file("people.yaml") + ":" + b + " agents[2].extension",
                fx.file("queues.yaml") + ":" + c + " queues[0].serviceLevel.thresholdSeconds",
                fx.file("site.yaml") + ":" + d + " compliance.ringTargetRings");
    }

    @Test
    void holdThresholdsMustAscend() {
        ConfigFixture fx = fx();
        int line = fx.replace("site.yaml", "holdThresholdsSeconds: [10, 60, 120]", "holdThresholdsSeconds: [10, 120, 60]");
        assertThat(fx.errors()).containsExactly(error(fx, "site.yaml", line, "compliance.holdThresholdsSeconds[2]",
                "thresholds must be ascending: 60 does not exceed 120"));
    }

    @Test
    void missingDirectoryAndEmptyDirectory() throws Exception {
        Path none = tmp.resolve("none");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(none)).errors())
                .containsExactly(new ConfigError(none.toString(), 0, "",
                        "configuration directory not found (give one with --config DIR)"));
        Path empty = java.nio.file.Files.createDirectory(tmp.resolve("empty"));
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(empty)).errors())
                .containsExactly(new ConfigError(empty.toString(), 0, "", "no *.yaml files in it"));
    }

    @Test
    void supervisorWithoutTeams() {
        ConfigFixture fx = fx();
        fx.replace("people.yaml", "    teams: [team-service, team-sales]   # the teams this supervisor may monitor\n", "");
        int line = fx.lineOf("people.yaml", "role: supervisor");
        assertThat(fx.errors()).containsExactly(error(fx, "people.yaml", line, "users[6].role",
                "a supervisor needs 'teams:' listing the teams they may monitor"));
    }
}
