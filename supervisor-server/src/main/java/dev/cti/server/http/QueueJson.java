package dev.cti.server.http;

import dev.cti.server.events.QueueFigures;
import dev.cti.server.kpi.KpiJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The JSON of a queue's live figures (docs/API.md), for the {@code queues} push and {@code GET /api/queues}. */
public final class QueueJson {
    private QueueJson() {}

    public static JsonObject figures(QueueFigures q) {
        JsonObject o = new JsonObject().put("id", q.id()).put("waiting", q.waiting())
                .put("oldestWaitSeconds", q.oldestWaitSeconds()).put("serviceLevelTarget", q.serviceLevelTarget())
                .put("thresholdSeconds", q.thresholdSeconds());
        q.today().ifPresent(f -> o.put("today", KpiJson.figures(f)));
        q.surveys().ifPresent(c -> o.put("survey", KpiJson.survey(c)));
        q.callbacks().ifPresent(c -> o.put("callbacks", KpiJson.callbacks(c)));
        JsonObject agents = new JsonObject();
        q.agentsByState().forEach((state, n) -> agents.put(state.name(), n));
        return o.put("agents", agents);
    }

    public static JsonArray figures(List<QueueFigures> queues) {
        JsonArray out = new JsonArray();
        queues.forEach(q -> out.add(figures(q)));
        return out;
    }
}
