package dev.cti.server.kpi;

import dev.cti.config.QueueConfig;
import dev.cti.server.metrics.ServerMeters;
import dev.cti.server.store.SurveyStore.Counts;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Today's satisfaction surveys per queue (site.timeZone's day; issue 17): rated, satisfied, no answer, and customer
 * satisfaction (客户满意度) = satisfied ÷ rated (docs/METRICS.md), for the wallboard's queue panels and the
 * {@code cti_survey_satisfaction_ratio{queue}} gauge. Started from the store's surveys of the day (a restart keeps
 * them), then counted as they end; a new day starts from zero. Thread-safe (the gauges are read by the scrape).
 */
public final class SurveyTally {
    private final Clock clock;
    private final ZoneId zone;
    private final Map<String, Counts> today = new HashMap<>();
    private LocalDate day;

    public SurveyTally(List<QueueConfig> queues, MeterRegistry meters, Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
        this.day = LocalDate.ofInstant(clock.instant(), zone);
        for (QueueConfig q : queues) {
            if (q.survey().isPresent()) {
                ServerMeters.SURVEY_SATISFACTION.gauge(() -> ratio(counts(q.id())), q.id()).register(meters);
            }
        }
    }

    /** Today's counts as stored (at start-up), added to what was counted meanwhile. */
    public synchronized void start(Map<String, Counts> stored) {
        roll();
        stored.forEach((queue, c) -> today.merge(queue, c, Counts::plus));
    }

    /** A survey of {@code queueId} ended: {@code rating} null for no answer. */
    public synchronized void ended(String queueId, Integer rating, boolean satisfied) {
        roll();
        Counts one = rating == null ? new Counts(0, 0, 1, 0) : new Counts(1, satisfied ? 1 : 0, 0, rating);
        today.merge(queueId, one, Counts::plus);
    }

    /** Today's counts of the queue. */
    public synchronized Counts counts(String queueId) {
        roll();
        return today.getOrDefault(queueId, Counts.ZERO);
    }

    /** Satisfied ÷ rated; NaN without a rating. */
    static double ratio(Counts c) {
        return c.rated() == 0 ? Double.NaN : (double) c.satisfied() / c.rated();
    }

    private void roll() {
        LocalDate now = LocalDate.ofInstant(clock.instant(), zone);
        if (!now.equals(day)) {
            day = now;
            today.clear();
        }
    }
}
