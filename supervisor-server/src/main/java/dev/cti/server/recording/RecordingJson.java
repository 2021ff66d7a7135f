package dev.cti.server.recording;

import dev.cti.config.ComplianceConfig;
import dev.cti.server.compliance.RingCount;
import dev.cti.privacy.PhoneMask;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.RecordingRow;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** The JSON shapes of recordings in the API (docs/API.md, "Recordings"); phone numbers are always masked. */
public final class RecordingJson {
    private RecordingJson() {}

    /** A listed recording: the index row's summary and its call's CDR summary (absent until the CDR is written). */
    public static JsonObject summary(RecordingRow r, Optional<CallRecord> call, ComplianceConfig compliance) {
        JsonObject o = new JsonObject().put("id", r.id()).put("callId", r.callId()).put("status", r.status().name())
                .put("startedAt", r.startedAt().toString());
        r.failure().ifPresent(f -> o.put("failure", f));
        r.durationMillis().ifPresent(d -> o.put("durationMillis", d));
        r.endedAt().ifPresent(e -> o.put("endedAt", e.toString()));
        call.flatMap(CallRecord::agentId).or(r::agentId).ifPresent(a -> o.put("agentId", a));
        call.ifPresent(c -> o.put("call", call(c, compliance)));
        return o;
    }

    /** The whole index row: summary, file facts and the paused and hold spans. */
    public static JsonObject detail(RecordingRow r, Optional<CallRecord> call, ComplianceConfig compliance) {
        JsonObject o = summary(r, call, compliance).put("file", r.file());
        r.sizeBytes().ifPresent(s -> o.put("sizeBytes", s));
        r.sha256().ifPresent(s -> o.put("sha256", s));
        r.keyId().ifPresent(k -> o.put("keyId", k));
        r.channels().ifPresent(c -> o.put("channels", c));
        r.sampleRate().ifPresent(s -> o.put("sampleRate", s));
        o.put("indexedAt", r.indexedAt().toString());
        r.deletedAt().ifPresent(d -> o.put("deletedAt", d.toString()));
        JsonArray pauses = new JsonArray();
        for (RecordingRow.Pause p : r.pauses()) {
            JsonObject s = new JsonObject().put("startMillis", p.startMillis());
            p.endMillis().ifPresent(e -> s.put("endMillis", e));
            p.pausedBy().ifPresent(u -> s.put("pausedBy", u));
            p.resumedBy().ifPresent(u -> s.put("resumedBy", u));
            pauses.add(s);
        }
        JsonArray holds = new JsonArray();
        r.holds().forEach(h -> holds.add(new JsonObject().put("startMillis", h.startMillis())
                .put("endMillis", h.endMillis())));
        return o.put("pausedSpans", pauses).put("holdSpans", holds);
    }

    private static JsonObject call(CallRecord c, ComplianceConfig compliance) {
        JsonObject o = new JsonObject().put("direction", c.direction().name()).put("outcome", c.outcome().name())
                .put("startedAt", c.startedAt().toString())
                .put("holdSeconds", c.holdTime().toMillis() / 1000.0)
                .put("talkSeconds", c.talkTime().toMillis() / 1000.0);
        c.queueId().ifPresent(q -> o.put("queueId", q));
        c.agentId().ifPresent(a -> o.put("agentId", a));
        Optional<String> party = c.direction() == CallRecord.Direction.INBOUND ? c.callerNumber() : c.dialledNumber();
        party.ifPresent(p -> o.put("party", PhoneMask.mask(p)));
        c.answeredAt().ifPresent(a -> {
            o.put("answeredAt", a.toString());
            if (c.direction() == CallRecord.Direction.INBOUND) {
                o.put("rings", RingCount.of(c.ringTime(), compliance));
            }
        });
        c.endedAt().ifPresent(e -> o.put("endedAt", e.toString()));
        c.wrapUpCode().ifPresent(w -> o.put("wrapUpCode", w));
        return o;
    }
}
