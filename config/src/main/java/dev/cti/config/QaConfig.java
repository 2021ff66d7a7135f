package dev.cti.config;

import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Quality assurance (质检): the score forms, the rating scale, the pass mark and grades, the daily sampling of calls
 * for the evaluators' work lists, and who evaluates which teams (conf/qa.yaml, docs/CONFIG.md).
 *
 * @param passMark    an evaluation passes (合格) with a score at or above it (out of 100)
 * @param ratings     the fraction of an item's points each rating earns
 * @param grades      score bands, covering 0..100 without gaps when given; empty: no grades
 * @param sampling    what the daily job puts on the work lists
 * @param evaluators  who evaluates which teams (the work lists); a team has at most one evaluator
 * @param forms       the forms; each queue and click-to-dial calls use at most one
 */
public record QaConfig(double passMark, Map<Rating, Double> ratings, List<Grade> grades, Sampling sampling,
                       List<Evaluator> evaluators, List<Form> forms) {

    /** No forms, nothing sampled: a site whose configuration has no {@code qa} section. */
    public static final QaConfig NONE = new QaConfig(80, defaultRatings(), List.of(),
            new Sampling(0, LocalTime.of(1, 0), true, 60, 20, true), List.of(), List.of());

    public QaConfig {
        ratings = Map.copyOf(new EnumMap<>(ratings));
        grades = List.copyOf(grades);
        evaluators = List.copyOf(evaluators);
        forms = List.copyOf(forms);
    }

    public static Map<Rating, Double> defaultRatings() {
        return Map.of(Rating.EXCELLENT, 1.0, Rating.GOOD, 0.8, Rating.PASS, 0.6, Rating.WEAK, 0.3, Rating.POOR, 0.0);
    }

    /** The form that scores calls of {@code queueId}, or click-to-dial calls when the queue is empty. */
    public Optional<Form> formFor(Optional<String> queueId) {
        return forms.stream().filter(f -> queueId.map(q -> f.queues().contains(q)).orElse(f.clickToDial()))
                .findFirst();
    }

    public Optional<Form> form(String id) {
        return forms.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    /** The grade of a score, if grades are configured. */
    public Optional<Grade> gradeOf(double score) {
        return grades.stream().filter(g -> g.contains(score)).findFirst();
    }

    /** The evaluator whose work list takes the calls of {@code team}. */
    public Optional<String> evaluatorOf(String team) {
        return evaluators.stream().filter(e -> e.teams().contains(team)).map(Evaluator::user).findFirst();
    }

    /** The five ratings of the standard (优秀/良好/合格/稍差/差), best first. */
    public enum Rating {
        EXCELLENT("优秀"), GOOD("良好"), PASS("合格"), WEAK("稍差"), POOR("差");

        private final String chinese;

        Rating(String chinese) {
            this.chinese = chinese;
        }

        /** The word used in YAML and JSON: excellent, good, pass, weak, poor. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String chinese() {
            return chinese;
        }

        public static Optional<Rating> of(String key) {
            for (Rating r : values()) {
                if (r.key().equals(key)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    /** A score band {@code from <= score < to}; the band ending at 100 includes 100. */
    public record Grade(String id, Localized label, double from, double to) {
        public boolean contains(double score) {
            return score >= from && (score < to || to >= 100 && score <= to);
        }
    }

    /**
     * The daily sampling for the work lists.
     *
     * @param callsPerAgentPerDay   random answered calls per agent and day put on the list
     * @param runAt                 local time (site.timeZone) the job runs; it samples the day before
     * @param lateAnswer            flag calls answered after compliance.ringTargetRings
     * @param holdOverSeconds       flag calls with a hold longer than this; 0: off
     * @param shortCallUnderSeconds flag answered calls with less talk than this; 0: off
     * @param complaint             flag calls with a wrap-up code of category complaint
     */
    public record Sampling(int callsPerAgentPerDay, LocalTime runAt, boolean lateAnswer, int holdOverSeconds,
                           int shortCallUnderSeconds, boolean complaint) {}

    /** A user (role qa, supervisor or admin) whose work list takes the calls of the agents of {@code teams}. */
    public record Evaluator(String user, List<String> teams) {
        public Evaluator {
            teams = List.copyOf(teams);
        }
    }

    /**
     * A 100-point form.
     *
     * @param version     raised whenever the form changes; an evaluation keeps the version it was scored on
     * @param queues      the queues whose calls it scores
     * @param clickToDial whether it scores click-to-dial (outbound) calls
     */
    public record Form(String id, int version, Localized name, List<String> queues, boolean clickToDial,
                       List<Section> sections, List<Deduction> deductions) {
        public Form {
            queues = List.copyOf(queues);
            sections = List.copyOf(sections);
            deductions = List.copyOf(deductions);
        }

        public List<Item> items() {
            return sections.stream().flatMap(s -> s.items().stream()).toList();
        }

        public Optional<Item> item(String id) {
            return items().stream().filter(i -> i.id().equals(id)).findFirst();
        }

        public Optional<Deduction> deduction(String id) {
            return deductions.stream().filter(d -> d.id().equals(id)).findFirst();
        }
    }

    public record Section(String id, Localized label, int points, List<Item> items) {
        public Section {
            items = List.copyOf(items);
        }
    }

    /** One rated item; {@code prefill} names what the call's records can propose for it. */
    public record Item(String id, Localized label, int points, Optional<Prefill> prefill) {}

    /**
     * How the server proposes a rating from the call's records (docs/API.md, "Quality assurance").
     *
     * @param steps   script step ids the rule looks for (rule defaults when empty)
     * @param phrases quick-phrase ids the rule looks for (rule defaults when empty)
     * @param seconds the hold length for {@link Rule#LONG_HOLD_EXPLAINED}
     */
    public record Prefill(Rule rule, List<String> steps, List<String> phrases, int seconds) {
        public Prefill {
            steps = List.copyOf(steps);
            phrases = List.copyOf(phrases);
        }
    }

    /** The pre-fill rules the server knows. */
    public enum Rule {
        GREETING("greeting"), STEP("step"), HOLD_MUSIC("hold-music"), HOLD_REASON("hold-reason"),
        HOLD_APOLOGY("hold-apology"), LONG_HOLD_EXPLAINED("long-hold-explained"),
        SUPERVISOR_HELP("supervisor-help"), APPOINTMENT("appointment");

        private final String yamlName;

        Rule(String yamlName) {
            this.yamlName = yamlName;
        }

        public String yamlName() {
            return yamlName;
        }

        public static Optional<Rule> of(String name) {
            for (Rule r : values()) {
                if (r.yamlName.equals(name)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    /** A deduction item (服务禁语, 口头禅): points taken off the total per occurrence. */
    public record Deduction(String id, Localized label, double pointsEach, int maxCount, Optional<Localized> examples) {}
}
