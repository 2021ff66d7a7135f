package dev.cti.server.kpi;

import io.vertx.core.json.JsonObject;
import java.util.OptionalDouble;

/** The JSON shape of a queue's day figures (docs/API.md); absent ratios are null, never 0. */
public final class KpiJson {
    private KpiJson() {}

    public static JsonObject figures(QueueKpis.Figures f) {
        return new JsonObject().put("offered", f.offered()).put("answered", f.answered()).put("abandoned", f.abandoned())
                .put("serviceLevel", value(f.serviceLevel()))
                .put("serviceLevelAsteriskPerf", value(f.serviceLevelAsteriskPerf()))
                .put("serviceLevelAsteriskPerf2", value(f.serviceLevelAsteriskPerf2()))
                .put("serviceLevelConnect", value(f.serviceLevelConnect()))
                .put("answerRate", value(f.answerRate())).put("abandonRate", value(f.abandonRate()))
                .put("averageRings", value(f.averageRings())).put("averageQueueSeconds", value(f.averageQueueSeconds()))
                .put("averageHandleSeconds", value(f.averageHandleSeconds()))
                .put("averageSpeedOfAnswerSeconds", value(f.averageSpeedOfAnswerSeconds()))
                .put("longestWaitSeconds", f.longestWaitSeconds());
    }

    /**
     * Today's satisfaction surveys of a queue: rated, satisfied, noAnswer; satisfaction (satisfied ÷ rated) and
     * averageRating null before the first rating.
     */
    public static JsonObject survey(dev.cti.server.store.SurveyStore.Counts c) {
        return new JsonObject().put("rated", c.rated()).put("satisfied", c.satisfied()).put("noAnswer", c.noAnswer())
                .put("satisfaction", c.rated() == 0 ? null : (double) c.satisfied() / c.rated())
                .put("averageRating", c.rated() == 0 ? null : (double) c.ratingSum() / c.rated());
    }

    /**
     * Today's callbacks that keep their place of a queue: requested, completed, failed; averageSecondsToCallback
     * (arrival to the customer answering) null before the first completed one.
     */
    public static JsonObject callbacks(dev.cti.server.store.FollowUpStore.QueuedCounts c) {
        return new JsonObject().put("requested", c.requested()).put("completed", c.completed())
                .put("failed", c.failed()).put("averageSecondsToCallback", c.completed() == 0 ? null
                        : c.timeToCallbackMillis() / 1000.0 / c.completed());
    }

    private static Double value(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : null;
    }
}
