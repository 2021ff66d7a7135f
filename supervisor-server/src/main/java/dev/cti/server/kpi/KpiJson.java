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

    private static Double value(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : null;
    }
}
