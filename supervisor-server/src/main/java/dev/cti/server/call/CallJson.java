package dev.cti.server.call;

import dev.cti.server.events.CallSummary;
import dev.cti.server.script.RenderedScript;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** JSON shapes of what the call center pushes (docs/API.md), used at the edge ({@code http.PushJson}). */
public final class CallJson {
    private CallJson() {}

    /** A live call ({@code GET /api/calls}, the {@code call} of a {@code call} push). */
    public static JsonObject call(CallSummary call) {
        if (call instanceof CallSummary.Inbound c) {
            JsonObject o = new JsonObject().put("id", c.id()).put("direction", "inbound").put("queueId", c.queueId())
                    .put("phase", c.phase()).put("caller", c.callerMasked()).put("arrivedAt", c.arrivedAt().toString())
                    .put("overflowed", c.overflowed()).put("takenOver", c.takenOver());
            c.agentId().ifPresent(a -> o.put("agentId", a));
            c.answered().ifPresent(a -> o.put("answeredAt", a.at().toString()).put("ringCount", a.ringCount())
                    .put("ringTargetMet", a.ringTargetMet()));
            c.heldSince().ifPresent(h -> o.put("heldSince", h.toString()));
            c.position().ifPresent(p -> o.put("position", p));
            return o;
        }
        CallSummary.Outbound d = (CallSummary.Outbound) call;
        JsonObject o = new JsonObject().put("id", d.id()).put("requestId", d.requestId())
                .put("direction", d.colleague().isPresent() ? "internal" : "outbound")
                .put("phase", d.phase()).put("dialled", d.dialledMasked()).put("startedAt", d.startedAt().toString())
                .put("takenOver", d.takenOver()).put("agentId", d.agent());
        d.answeredAt().ifPresent(a -> o.put("answeredAt", a.toString()));
        d.colleague().ifPresent(c -> o.put("colleague", c));
        d.heldSince().ifPresent(h -> o.put("heldSince", h.toString()));
        return o;
    }

    public static JsonObject script(RenderedScript s) {
        JsonArray steps = new JsonArray();
        s.steps().forEach(l -> steps.add(line(l)));
        JsonArray phrases = new JsonArray();
        s.quickPhrases().forEach(l -> phrases.add(line(l)));
        return new JsonObject().put("id", s.scriptId()).put("name", s.name()).put("language", s.language())
                .put("holiday", s.holiday()).put("steps", steps).put("quickPhrases", phrases);
    }

    private static JsonObject line(RenderedScript.Line l) {
        return new JsonObject().put("id", l.id()).put("title", l.title()).put("text", l.text());
    }
}
