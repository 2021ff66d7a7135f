package dev.cti.agent.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Turns one push of the server's {@code /api/events} (docs/API.md) into the seat's JSON event, or nothing when it is
 * not about this seat's agent. Kept apart from the socket handling so the mapping is one pure function with its own
 * tests: which pushes an agent sees, and what leaves out (a supervisor's silent listen, refusals of a supervisor's
 * monitor commands), is the part that must not drift. The agent's own call's {@code recording} state and the agent's
 * own {@code evaluation} changes (issue 12) and the scheduled callbacks dialled for the agent (issue 17) are passed on.
 */
final class ServerEvents {
    private ServerEvents() {
    }

    /**
     * The seat event for {@code message}, as seen by agent {@code me}.
     *
     * @throws ClassCastException when a field has the wrong JSON type (the caller counts it as unreadable)
     */
    static Optional<JsonObject> toSeat(JsonObject m, String me) {
        if (me == null) return Optional.empty();
        return switch (m.getString("type", "")) {
            case "snapshot" -> m.getJsonArray("agents", new JsonArray()).stream()
                    .filter(o -> o instanceof JsonObject a && me.equals(a.getString("id")))
                    .findFirst().map(a -> state((JsonObject) a));
            case "agent" -> {
                JsonObject a = m.getJsonObject("agent", new JsonObject());
                yield me.equals(a.getString("id")) ? Optional.of(state(a)) : Optional.empty();
            }
            case "script" -> me.equals(m.getString("agentId"))
                    ? Optional.of(new JsonObject().put("event", "script").put("callId", m.getString("callId"))
                            .put("script", m.getJsonObject("script")))
                    : Optional.empty();
            case "call" -> {
                JsonObject c = m.getJsonObject("call", new JsonObject());
                yield me.equals(c.getString("agentId"))
                        ? Optional.of(new JsonObject().put("event", "call").put("callEvent", m.getString("event"))
                                .put("callId", c.getString("id")).put("queueId", c.getString("queueId"))
                                .put("caller", c.getString("caller")))
                        : Optional.empty();
            }
            case "hold-threshold" -> me.equals(m.getString("agentId"))
                    ? Optional.of(new JsonObject().put("event", "hold-threshold").put("callId", m.getString("callId"))
                            .put("level", m.getInteger("level")).put("thresholdSeconds", m.getInteger("thresholdSeconds")))
                    : Optional.empty();
            case "monitor" -> monitored(m, me);
            case "command-rejected" -> rejected(m, me);
            case "recording" -> me.equals(m.getString("agentId")) ? Optional.of(recording(m)) : Optional.empty();
            case "evaluation" -> me.equals(m.getString("agentId"))
                    ? Optional.of(new JsonObject().put("event", "evaluation")
                            .put("evaluation", m.getJsonObject("evaluation", new JsonObject())))
                    : Optional.empty();
            case "callback" -> me.equals(m.getString("agentId"))
                    ? Optional.of(new JsonObject().put("event", "callback")
                            .put("callback", m.getJsonObject("callback", new JsonObject())))
                    : Optional.empty();
            case "help" -> me.equals(m.getString("agentId"))
                    ? Optional.of(new JsonObject().put("event", "help").put("state", m.getString("state"))
                            .put("reason", m.getString("reason")))
                    : Optional.empty();
            default -> Optional.empty();
        };
    }

    /**
     * A supervisor monitors this agent's call. Only pushes the server marks {@code "notifyAgent": true}
     * (monitoring.notifyAgent for the mode) become {@code monitored}: a supervisor who also works a seat sees every
     * monitor of the agents they may see, and those are not about their own call.
     */
    private static Optional<JsonObject> monitored(JsonObject m, String me) {
        JsonObject mon = m.getJsonObject("monitor", new JsonObject());
        String agent = m.getString("agentId", mon.getString("agentId"));
        if (!me.equals(agent) || !Boolean.TRUE.equals(m.getValue("notifyAgent"))) return Optional.empty();
        JsonObject e = new JsonObject().put("event", "monitored")
                .put("monitorId", mon.getString("monitorId"))
                .put("callId", mon.getString("callId"))
                .put("mode", mon.getString("mode"))
                .put("supervisor", mon.getString("supervisor"))
                .put("state", mon.getString("state"));
        if (mon.getValue("endReason") != null) e.put("endReason", mon.getString("endReason"));
        return Optional.of(e);
    }

    /**
     * The gateway refused a hold / resume / answer of this agent's call. A refused monitor command (it carries a
     * {@code monitorId}) is the supervisor's business and would tell the agent of a silent listen: left out.
     */
    private static Optional<JsonObject> rejected(JsonObject m, String me) {
        if (!me.equals(m.getString("agentId")) || m.getValue("monitorId") != null) return Optional.empty();
        return Optional.of(new JsonObject().put("event", "command-rejected").put("callId", m.getString("callId"))
                .put("command", m.getString("command")).put("reason", m.getString("reason")));
    }

    /** The recording of this agent's call started, paused, resumed, or was not made (the desktop's pause button). */
    private static JsonObject recording(JsonObject m) {
        JsonObject e = new JsonObject().put("event", "recording").put("callId", m.getString("callId"))
                .put("state", m.getString("state"));
        for (String k : new String[] {"recordingId", "by", "reason"}) {
            if (m.getValue(k) != null) e.put(k, m.getString(k));
        }
        if (m.getValue("offsetMillis") != null) e.put("offsetMillis", m.getLong("offsetMillis"));
        return e;
    }

    private static JsonObject state(JsonObject agent) {
        JsonObject e = new JsonObject().put("event", "state").put("state", agent.getString("state"));
        for (String k : new String[] {"reason", "callId", "queueId", "pendingNotReady"}) {
            if (agent.getValue(k) != null) e.put(k, agent.getValue(k));
        }
        return e;
    }
}
