package dev.cti.server.http;

import dev.cti.server.agent.AgentJson;
import dev.cti.server.call.CallJson;
import dev.cti.server.events.AgentUpdate;
import dev.cti.server.events.CallPushEvent;
import dev.cti.server.events.CallPushEvent.Audience;
import dev.cti.server.events.CallPushEvent.Stamp;
import dev.cti.server.qa.QaJson;
import dev.cti.server.recording.DiskAlert;
import dev.cti.server.store.StoreAlerts;
import io.vertx.core.json.JsonObject;

/**
 * The JSON of the server's typed events, made here at the edge only: the WebSocket pushes of {@code /api/events}
 * (docs/API.md, "WebSocket"). Field names and order are the documented ones.
 */
public final class PushJson {
    private PushJson() {}

    /** {@code type: agent}. */
    public static JsonObject agent(AgentUpdate update) {
        AgentUpdate.Changed c = (AgentUpdate.Changed) update;
        JsonObject o = new JsonObject().put("type", "agent").put("seq", c.seq())
                .put("agent", AgentJson.toJson(c.snapshot(), c.config().orElse(null)));
        c.change().ifPresent(ch -> o.put("change", AgentJson.toJson(ch)));
        if (c.restored()) {
            o.put("restored", true);
        }
        return o;
    }

    /** Every other push. */
    public static JsonObject call(CallPushEvent event) {
        if (event instanceof CallPushEvent.CallChanged e) {
            JsonObject o = stamped(e.type(), e.stamp()).put("event", e.event()).put("call", CallJson.call(e.call()));
            e.cause().ifPresent(c -> o.put("cause", c));
            e.outcome().ifPresent(c -> o.put("outcome", c));
            return o;
        } else if (event instanceof CallPushEvent.Script e) {
            return stamped(e.type(), e.stamp()).put("agentId", e.agent()).put("callId", e.callId())
                    .put("script", CallJson.script(e.script()));
        } else if (event instanceof CallPushEvent.Phone e) {
            return stamped(e.type(), e.stamp()).put("agentId", e.agent()).put("registered", e.registered());
        } else if (event instanceof CallPushEvent.Dial e) {
            return stamped(e.type(), e.stamp()).put("agentId", e.agent());
        } else if (event instanceof CallPushEvent.HoldThreshold e) {
            return stamped(e.type(), e.stamp()).put("callId", e.callId()).put("agentId", e.agent())
                    .put("thresholdSeconds", e.thresholdSeconds()).put("level", e.level())
                    .put("heldSince", e.heldSince().toString());
        } else if (event instanceof CallPushEvent.Queues e) {
            return stamped(e.type(), e.stamp()).put("queues", QueueJson.figures(e.queues()))
                    .put("occupancy", e.occupancy().isPresent() ? e.occupancy().getAsDouble() : null);
        } else if (event instanceof CallPushEvent.Rejected e) {
            JsonObject o = stamped(e.type(), e.stamp()).put("callId", e.callId()).put("command", e.command())
                    .put("reason", e.reason());
            e.agent().ifPresent(a -> o.put("agentId", a));
            e.monitorId().ifPresent(m -> o.put("monitorId", m));
            return audience(o, e.audience());
        } else if (event instanceof CallPushEvent.Monitor e) {
            return audience(stamped(e.type(), e.stamp()).put("agentId", e.agent())
                    .put("monitor", MonitorJson.monitor(e.monitor()))
                    .put("notifyAgent", e.notifyAgent()), e.audience());
        } else if (event instanceof CallPushEvent.SipLockout e) {
            JsonObject o = audience(stamped(e.type(), e.stamp()), e.audience()).put("extension", e.extension())
                    .put("failures", e.failures()).put("lockedUntil", e.lockedUntil().toString());
            e.agent().ifPresent(a -> o.put("agentId", a));
            e.source().ifPresent(s -> o.put("source", s));
            return o;
        } else if (event instanceof CallPushEvent.Evaluation e) {
            return new JsonObject().put("type", e.type()).put("agentId", e.agent()).put("evaluation",
                    new JsonObject().put("id", e.id()).put("callId", e.callId()).put("status", e.status())
                            .put("score", e.score()).put("passed", e.passed()).put("grade", e.grade().orElse(null)));
        } else if (event instanceof CallPushEvent.QaFigures e) {
            return new JsonObject().put("type", e.type()).put("queues", QaJson.queues(e.queues()));
        } else if (event instanceof CallPushEvent.RecordingDisk e) {
            return audience(new JsonObject().put("type", e.type()).put("at", e.at().toString()), e.audience())
                    .put("disk", DiskAlert.json(e.status()));
        } else if (event instanceof CallPushEvent.StoreAlert e) {
            return audience(new JsonObject().put("type", e.type()).put("at", e.at().toString()), e.audience())
                    .put("store", StoreAlerts.json(e));
        } else if (event instanceof CallPushEvent.Recording e) {
            JsonObject o = new JsonObject().put("type", e.type()).put("at", e.at().toString())
                    .put("callId", e.callId()).put("state", e.state());
            e.agent().ifPresent(a -> o.put("agentId", a));
            e.recordingId().ifPresent(r -> o.put("recordingId", r));
            e.by().ifPresent(b -> o.put("by", b));
            e.offsetMillis().ifPresent(m -> o.put("offsetMillis", m));
            e.reason().ifPresent(r -> o.put("reason", r));
            return o;
        } else if (event instanceof CallPushEvent.CallbackOffer e) {
            return new JsonObject().put("type", e.type()).put("at", e.at().toString()).put("agentId", e.agent())
                    .put("callback", new JsonObject().put("id", e.callbackId()).put("requestId", e.requestId())
                            .put("number", e.number()).put("customer", e.customer().orElse(null))
                            .put("phrase", e.phrase()).put("dueAt", e.dueAt().toString())
                            .put("queueId", e.queueId().orElse(null)).put("attempt", e.attempt()));
        } else if (event instanceof CallPushEvent.FollowUps e) {
            return audience(new JsonObject().put("type", e.type()).put("at", e.at().toString()), e.audience())
                    .put("overdueCallbacks", FollowUpJson.callbacks(e.overdueCallbacks()))
                    .put("complaints", FollowUpJson.complaints(e.complaints()));
        } else if (event instanceof CallPushEvent.Help e) {
            JsonObject o = new JsonObject().put("type", e.type()).put("at", e.at().toString())
                    .put("agentId", e.hand().agentId()).put("state", e.state()).put("hand", HelpRoutes.hand(e.hand()));
            e.reason().ifPresent(r -> o.put("reason", r));
            return o;
        }
        throw new IllegalArgumentException("no JSON for " + event.getClass().getName());
    }

    private static JsonObject stamped(String type, Stamp stamp) {
        return new JsonObject().put("type", type).put("seq", stamp.seq()).put("at", stamp.at().toString());
    }

    private static JsonObject audience(JsonObject o, Audience audience) {
        return switch (audience) {
            case ALL -> o;
            case AGENTS -> o.put("audience", "agents");
            case SUPERVISORS -> o.put("audience", "supervisors");
        };
    }
}
