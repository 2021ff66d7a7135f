package dev.cti.config;

import static dev.cti.config.schema.Field.optional;
import static dev.cti.config.schema.Field.required;
import static dev.cti.config.schema.Field.withDefault;

import dev.cti.config.schema.Type.ListOf;
import dev.cti.config.schema.Type.Obj;
import dev.cti.config.schema.Types;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The schema of the {@code qa} and {@code recording} sections (kept apart from {@link ConfigSchema} for size). */
final class QaSchema {
    private QaSchema() {}

    static final Obj RATINGS = new Obj("rating scale",
            "The share of an item's points each rating of the standard earns; from 0 to 1, strictly descending.",
            List.of(withDefault("excellent", Types.fraction(), 1.0, "优秀 (excellent)."),
                    withDefault("good", Types.fraction(), 0.8, "良好 (good)."),
                    withDefault("pass", Types.fraction(), 0.6, "合格 (pass)."),
                    withDefault("weak", Types.fraction(), 0.3, "稍差 (weak)."),
                    withDefault("poor", Types.fraction(), 0.0, "差 (poor).")));

    static final Obj GRADE = new Obj("grade", "A score band: from <= score < to (the band ending at 100 includes it).",
            List.of(required("id", Types.id(), "Grade id (A, B, …)."),
                    required("label", ConfigSchema.localized("grade name"), "Name shown."),
                    required("from", Types.number(0, 100), "Lowest score of the band."),
                    required("to", Types.number(0, 100), "Score where the next band starts (100 for the top one).")));

    static final Obj FLAGS = new Obj("flagged calls", "Calls put on the work list whatever the random sample.",
            List.of(withDefault("lateAnswer", Types.bool(), true,
                            "Answered after compliance.ringTargetRings rings."),
                    withDefault("holdOverSeconds", Types.integer(0, 86_400), 60,
                            "A single hold longer than this (0: off)."),
                    withDefault("shortCallUnderSeconds", Types.integer(0, 3600), 20,
                            "Answered calls with less talk time than this (0: off)."),
                    withDefault("complaint", Types.bool(), true, "A wrap-up code of category complaint.")));

    static final Obj SAMPLING = new Obj("sampling", "What the daily job puts on each evaluator's work list.",
            List.of(withDefault("callsPerAgentPerDay", Types.integer(0, 100), 2,
                            "Random answered calls per agent and day (0: none, flagged calls only)."),
                    withDefault("runAt", Types.timeOfDay(), java.time.LocalTime.of(1, 0),
                            "Local time (site.timeZone) of the daily run; it samples the day before. Missed runs "
                                    + "(server down) are made up at start."),
                    withDefault("flags", FLAGS, Map.of(), "Flagged calls.")));

    static final Obj EVALUATOR = new Obj("evaluator", "Whose work list takes the calls of which teams.", List.of(
            required("user", Types.id(), "A user of role qa, supervisor or admin."),
            required("teams", new ListOf(Types.id(), 1),
                    "Teams whose agents' calls go to this list (within the user's own teams unless admin).")));

    static final Obj PREFILL = new Obj("pre-fill rule", "How the server proposes this item's rating from the call's "
            + "records, with the evidence shown beside it (docs/API.md, Quality assurance).", List.of(
            required("rule", Types.oneOf(Arrays.stream(QaConfig.Rule.values()).map(QaConfig.Rule::yamlName)
                    .toArray(String[]::new)), "The rule."),
            withDefault("steps", new ListOf(Types.id(), 0), List.of(),
                    "Script step ids it looks for (rule step: required; greeting: default [greeting]; "
                            + "appointment: default [appointment])."),
            withDefault("phrases", new ListOf(Types.id(), 0), List.of(),
                    "Quick-phrase ids it looks for (defaults: greeting [late-answer], hold-reason [before-hold], "
                            + "hold-apology [after-hold-thanks, after-hold-sorry], long-hold-explained "
                            + "[before-hold, after-hold-sorry, wait-reassurance])."),
            withDefault("seconds", Types.integer(1, 86_400), 120, "long-hold-explained: the hold length.")));

    static final Obj ITEM = new Obj("form item", "One rated item.", List.of(
            required("id", Types.id(), "Item id, unique in the form."),
            required("label", ConfigSchema.localized("item"), "What is rated (the standard's words)."),
            required("points", Types.integer(1, 100), "Its points."),
            optional("prefill", PREFILL, "Proposed from the call's records; absent: left to the evaluator.")));

    static final Obj SECTION = new Obj("form section", "A group of items; its points are the sum of theirs.", List.of(
            required("id", Types.id(), "Section id, unique in the form."),
            required("label", ConfigSchema.localized("section"), "Name."),
            required("points", Types.integer(1, 100), "Its points (= the sum of its items')."),
            required("items", new ListOf(ITEM, 1), "Its items.")));

    static final Obj DEDUCTION = new Obj("deduction", "Points taken off the total per occurrence.", List.of(
            required("id", Types.id(), "Deduction id, unique in the form."),
            required("label", ConfigSchema.localized("deduction"), "Name (服务禁语, 口头禅, …)."),
            required("pointsEach", Types.positiveNumber(100), "Points off per occurrence."),
            withDefault("maxCount", Types.integer(1, 1000), 20, "Most occurrences an evaluation may record."),
            optional("examples", ConfigSchema.localized("examples"), "Examples shown to the evaluator.")));

    static final Obj FORM = new Obj("QA form", "A 100-point score form: the sections' points add up to 100.", List.of(
            required("id", Types.id(), "Form id."),
            required("version", Types.integer(1, 1_000_000), "Raise it on every change: an evaluation keeps the "
                    + "version it was scored on (the server stores each version's content)."),
            required("name", ConfigSchema.localized("form name"), "Name."),
            withDefault("queues", new ListOf(Types.id(), 0), List.of(), "Queues whose calls it scores."),
            withDefault("clickToDial", Types.bool(), false, "Whether it scores click-to-dial (outbound) calls."),
            required("sections", new ListOf(SECTION, 1), "Sections."),
            withDefault("deductions", new ListOf(DEDUCTION, 0), List.of(), "Deduction items.")));

    static final Obj QA = new Obj("quality assurance", "QA forms, scoring and the daily work lists (质检).", List.of(
            withDefault("passMark", Types.positiveNumber(100), 80.0, "An evaluation passes (合格) at or above it."),
            withDefault("ratings", RATINGS, Map.of(), "The rating scale."),
            withDefault("grades", new ListOf(GRADE, 0), List.of(), "Score bands covering 0..100; empty: no grades."),
            withDefault("sampling", SAMPLING, Map.of(), "The daily sampling."),
            withDefault("evaluators", new ListOf(EVALUATOR, 0), List.of(), "Work lists: who evaluates which teams."),
            withDefault("forms", new ListOf(FORM, 0), List.of(), "The forms.")));
}
