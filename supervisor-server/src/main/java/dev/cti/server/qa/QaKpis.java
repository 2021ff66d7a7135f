package dev.cti.server.qa;

import dev.cti.server.events.QaQueueFigures;
import dev.cti.server.metrics.ServerMeters;
import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.config.TeamConfig;
import dev.cti.server.store.EvaluationStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The QA KPIs (docs/METRICS.md): monitoring pass rate (监听合格率) = evaluations passing / evaluations submitted, and
 * the average score, per team and per queue, over the evaluations first submitted in a range of local days. Today's
 * figures are published as gauges ({@code cti_qa_team_*}, {@code cti_qa_queue_*}; labels team or queue only) and
 * pushed to the wallboards; submissions are counted ({@code cti_qa_evaluations_submitted_total{team,queue}}).
 * Click-to-dial calls count under the queue {@value #CLICK_TO_DIAL}.
 */
public final class QaKpis {
    public static final String CLICK_TO_DIAL = "click-to-dial";

    private final CtiConfig config;
    private final EvaluationStore evaluations;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ZoneId zone;
    private volatile Map<String, Figures> teamsToday = Map.of();
    private volatile Map<String, Figures> queuesToday = Map.of();

    /** One group's figures: submitted, passed and the sum of scores (the ratios follow). */
    public record Figures(long submitted, long passed, double scoreSum) {
        static final Figures NONE = new Figures(0, 0, 0);

        Figures plus(long s, long p, double sum) {
            return new Figures(submitted + s, passed + p, scoreSum + sum);
        }

        public Optional<Double> passRate() {
            return submitted == 0 ? Optional.empty() : Optional.of((double) passed / submitted);
        }

        public Optional<Double> averageScore() {
            return submitted == 0 ? Optional.empty() : Optional.of(Math.round(scoreSum / submitted * 100) / 100.0);
        }
    }

    /** Figures of a range by team and by queue, and all together. */
    public record Report(LocalDate from, LocalDate to, Map<String, Figures> teams, Map<String, Figures> queues,
                         Figures total) {}

    public QaKpis(CtiConfig config, EvaluationStore evaluations, MeterRegistry meters, Clock clock) {
        this.config = config;
        this.evaluations = evaluations;
        this.meters = meters;
        this.clock = clock;
        this.zone = ZoneId.of(config.site().timeZone());
        for (TeamConfig t : config.teams()) {
            gauge(ServerMeters.QA_TEAM_PASS_RATE, t.id(), () -> teamsToday, f -> f.passRate().orElse(Double.NaN));
            gauge(ServerMeters.QA_TEAM_AVERAGE_SCORE, t.id(), () -> teamsToday,
                    f -> f.averageScore().orElse(Double.NaN));
        }
        for (String q : queueIds()) {
            gauge(ServerMeters.QA_QUEUE_PASS_RATE, q, () -> queuesToday, f -> f.passRate().orElse(Double.NaN));
            gauge(ServerMeters.QA_QUEUE_AVERAGE_SCORE, q, () -> queuesToday,
                    f -> f.averageScore().orElse(Double.NaN));
        }
    }

    private List<String> queueIds() {
        List<String> ids = new java.util.ArrayList<>(config.queues().stream().map(QueueConfig::id).toList());
        ids.add(CLICK_TO_DIAL);
        return ids;
    }

    private void gauge(ServerMeters meter, String id, java.util.function.Supplier<Map<String, Figures>> figures,
                       Function<Figures, Double> value) {
        meter.gauge(this, k -> value.apply(figures.get().getOrDefault(id, Figures.NONE)), id).strongReference(true)
                .register(meters);
    }

    /** Counts a first submission (the counters are cumulative since the server started). */
    public void submitted(Evaluation e) {
        String queue = e.queueId().orElse(CLICK_TO_DIAL);
        ServerMeters.QA_EVALUATIONS_SUBMITTED.counter(meters, e.teamId(), queue).increment();
        if (e.score().passed()) {
            ServerMeters.QA_EVALUATIONS_PASSED.counter(meters, e.teamId(), queue).increment();
        }
    }

    /** The figures of local days [from, to], both included, over every team. */
    public Future<Report> report(LocalDate from, LocalDate to) {
        return report(from, to, Optional.empty());
    }

    /**
     * The figures of local days [from, to], both included; the team figures only of {@code teamsSeen} when given (a
     * supervisor's or QA user's view). Queue figures and the total are the site's, like the queues' other KPIs.
     */
    public Future<Report> report(LocalDate from, LocalDate to, Optional<Collection<String>> teamsSeen) {
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        return evaluations.kpis(start, end).map(rows -> {
            Map<String, Figures> teams = new LinkedHashMap<>();
            Map<String, Figures> queues = new LinkedHashMap<>();
            Figures total = Figures.NONE;
            for (EvaluationStore.KpiRow r : rows) {
                if (teamsSeen.isEmpty() || teamsSeen.get().contains(r.teamId())) {
                    teams.merge(r.teamId(), Figures.NONE.plus(r.submitted(), r.passed(), r.scoreSum()),
                            (a, b) -> a.plus(b.submitted(), b.passed(), b.scoreSum()));
                }
                queues.merge(r.queueId().orElse(CLICK_TO_DIAL), Figures.NONE.plus(r.submitted(), r.passed(),
                        r.scoreSum()), (a, b) -> a.plus(b.submitted(), b.passed(), b.scoreSum()));
                total = total.plus(r.submitted(), r.passed(), r.scoreSum());
            }
            return new Report(from, to, teams, queues, total);
        });
    }

    /** Recomputes today's figures (after a submission, and periodically so a new day starts empty). */
    public Future<Report> refreshToday() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        return report(today, today).onSuccess(r -> {
            teamsToday = Map.copyOf(r.teams());
            queuesToday = Map.copyOf(r.queues());
        });
    }

    /** Today's figures per queue, every configured queue (and click-to-dial), as pushed to the wallboards. */
    public List<QaQueueFigures> queues() {
        Map<String, Figures> today = queuesToday;
        return queueIds().stream().map(q -> new QaQueueFigures(q, today.getOrDefault(q, Figures.NONE))).toList();
    }
}
