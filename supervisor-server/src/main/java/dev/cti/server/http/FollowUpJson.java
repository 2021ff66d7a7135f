package dev.cti.server.http;

import dev.cti.privacy.PhoneMask;
import dev.cti.server.followup.FollowUpViews.CallbackView;
import dev.cti.server.followup.FollowUpViews.ComplaintView;
import dev.cti.server.store.FollowUpStore.Callback;
import dev.cti.server.store.FollowUpStore.Complaint;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The JSON of callbacks and complaint follow-ups (docs/API.md, "Follow-ups"), for REST and the push alike. */
final class FollowUpJson {
    private FollowUpJson() {}

    static JsonObject callback(CallbackView v) {
        Callback c = v.callback();
        JsonObject o = new JsonObject().put("id", c.id()).put("callId", c.callId()).put("agentId", c.agentId())
                .put("queueId", c.queueId().orElse(null)).put("number", PhoneMask.mask(c.number()))
                .put("dueAt", c.dueAt().toString()).put("status", c.status().name()).put("attempts", c.attempts())
                .put("nextAt", c.nextAt().toString()).put("overdue", v.overdue());
        c.dialledBy().ifPresent(a -> o.put("dialledBy", a));
        c.finishedAt().ifPresent(t -> o.put("finishedAt", t.toString()));
        return o;
    }

    static JsonObject complaint(ComplaintView v) {
        Complaint c = v.complaint();
        JsonObject o = new JsonObject().put("id", c.id()).put("callId", c.callId()).put("agentId", c.agentId())
                .put("queueId", c.queueId().orElse(null)).put("level", c.level())
                .put("createdAt", c.createdAt().toString()).put("dueAt", c.dueAt().toString())
                .put("closeBy", v.closeBy().toString()).put("overdue", v.overdue());
        c.closedAt().ifPresent(t -> o.put("closedAt", t.toString()));
        c.closedBy().ifPresent(b -> o.put("closedBy", b));
        c.note().ifPresent(n -> o.put("note", n));
        return o;
    }

    static JsonArray callbacks(List<CallbackView> list) {
        JsonArray a = new JsonArray();
        list.forEach(v -> a.add(callback(v)));
        return a;
    }

    static JsonArray complaints(List<ComplaintView> list) {
        JsonArray a = new JsonArray();
        list.forEach(v -> a.add(complaint(v)));
        return a;
    }
}
