package dev.cti.server.http;

import dev.cti.server.events.MonitorView;
import dev.cti.server.monitor.MonitorState;
import dev.cti.server.monitor.Monitors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The JSON of a monitor session (docs/API.md, "Monitoring"), for the {@code monitor} push and the REST answers. */
public final class MonitorJson {
    private MonitorJson() {}

    public static JsonObject monitor(MonitorView view) {
        JsonObject o = new JsonObject().put("monitorId", view.monitorId()).put("callId", view.callId())
                .put("agentId", view.agentId()).put("supervisor", view.supervisor());
        if (view instanceof MonitorView.Session s) {
            return o.put("mode", Monitors.modeName(s.mode())).put("state", s.state().json())
                    .put("startedAt", s.startedAt().map(t -> t.toEpochMilli()).orElse(null))
                    .put("endReason", s.endReason().orElse(null));
        }
        return o.put("state", MonitorState.ENDED.json()).put("endReason", "left");
    }

    public static JsonArray monitors(List<? extends MonitorView> views) {
        JsonArray out = new JsonArray();
        views.forEach(v -> out.add(monitor(v)));
        return out;
    }
}
