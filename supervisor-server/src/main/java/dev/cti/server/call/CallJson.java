package dev.cti.server.call;

import dev.cti.server.script.RenderedScript;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** JSON shapes of what the call center pushes (docs/API.md), used at the edge ({@code http.PushJson}). */
public final class CallJson {
    private CallJson() {}

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
