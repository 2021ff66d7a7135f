package dev.cti.server.agent;

import dev.cti.config.AgentConfig;
import io.vertx.core.json.JsonObject;

/** The JSON shapes of agent snapshots and state changes used by the REST API and WebSocket pushes. */
public final class AgentJson {
    private AgentJson() {}

    public static JsonObject toJson(AgentSnapshot s, AgentConfig a) {
        JsonObject o = new JsonObject().put("id", s.agentId());
        if (a != null) {
            o.put("name", a.name()).put("workNumber", a.workNumber()).put("extension", a.extension())
                    .put("team", a.team());
        }
        o.put("state", s.state().name()).put("since", s.since().toString()).put("held", s.held());
        s.reason().ifPresent(r -> o.put("reason", r));
        s.callId().ifPresent(c -> o.put("callId", c));
        s.queueId().ifPresent(q -> o.put("queueId", q));
        s.pendingNotReady().ifPresent(p -> o.put("pendingNotReady", p));
        return o;
    }

    public static JsonObject toJson(AgentStateChange c) {
        JsonObject o = new JsonObject().put("agentId", c.agentId()).put("from", c.from().name())
                .put("to", c.to().name()).put("event", c.event().name()).put("cause", c.cause().kind().name())
                .put("at", c.at().toString());
        c.fromReason().ifPresent(r -> o.put("fromReason", r));
        c.reason().ifPresent(r -> o.put("reason", r));
        c.cause().actor().ifPresent(a -> o.put("actor", a));
        c.callId().ifPresent(id -> o.put("callId", id));
        return o;
    }
}
