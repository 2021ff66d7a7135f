package dev.cti.server.call;

import dev.cti.config.CtiConfig;
import dev.cti.server.EventAddresses;
import dev.cti.server.acd.Acd;
import dev.cti.privacy.PhoneMask;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;

/**
 * What the call center pushes on {@link EventAddresses#CALL_EVENTS}: every push gets its type, the next
 * number of the one sequence all call pushes share (the WebSocket clients order by it) and its time, and a
 * live call is shaped as JSON with its caller masked. Used on the call center's context only.
 */
final class CallPush {
    private final Vertx vertx;
    private final CtiConfig config;
    private final Acd acd;
    private final Clock clock;
    private long sequence;

    CallPush(Vertx vertx, CtiConfig config, Acd acd, Clock clock) {
        this.vertx = vertx;
        this.config = config;
        this.acd = acd;
        this.clock = clock;
    }

    /** A new push with its type, sequence number and time. */
    JsonObject event(String type) {
        return new JsonObject().put("type", type).put("seq", ++sequence).put("at", clock.instant().toString());
    }

    void publish(JsonObject body) {
        vertx.eventBus().publish(EventAddresses.CALL_EVENTS, body);
    }

    /** Pushes {@code call} with what happened to it; the body is returned so callers can add to it. */
    JsonObject call(LiveCall call, String what) {
        if (call == null) {
            return new JsonObject();
        }
        JsonObject body = event("call").put("event", what).put("call", json(call));
        publish(body);
        return body;
    }

    JsonObject json(LiveCall c) {
        JsonObject o = new JsonObject().put("id", c.callId).put("direction", "inbound").put("queueId", c.queueId)
                .put("phase", c.phase.name())
                .put("caller", PhoneMask.mask(c.callerNumber)).put("arrivedAt", c.arrivedAt.toString())
                .put("overflowed", c.overflowed).put("takenOver", c.takenOver);
        c.agentId.ifPresent(a -> o.put("agentId", a));
        if (c.answeredAt != null) {
            o.put("answeredAt", c.answeredAt.toString()).put("ringCount", c.ringCount)
                    .put("ringTargetMet", c.ringCount <= config.compliance().ringTargetRings());
        }
        if (c.heldSince != null) {
            o.put("heldSince", c.heldSince.toString());
        }
        acd.position(c.callId).ifPresent(p -> o.put("position", p));
        return o;
    }
}
