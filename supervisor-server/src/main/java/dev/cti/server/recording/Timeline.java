package dev.cti.server.recording;

import dev.cti.privacy.PhoneMask;
import dev.cti.server.store.AuditEntry;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.CallTimeline;
import dev.cti.server.store.HoldThresholdCrossing;
import dev.cti.server.store.RecordingRow;
import dev.cti.server.store.ScriptShown;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A call's events aligned to its recording (docs/API.md, {@code GET /api/recordings/{id}}): every entry has
 * {@code offsetMillis} from the recording's time 0 (negative before the audio began, e.g. the call's arrival and
 * rings), its instant {@code at} and a {@code type}: {@code offered}, {@code dialled}, {@code ringing},
 * {@code ring-failed}, {@code answered}, {@code script} (with its {@code kind}: a {@code step} shown, a {@code phrase}
 * the agent used, a {@code prompt} the desktop put up, e.g. the hold phrases at the 10/60/120 s thresholds),
 * {@code hold}, {@code hold-threshold}, {@code resume},
 * {@code transferred}, {@code monitor}, {@code recording-paused}, {@code recording-resumed}, {@code ended},
 * {@code wrap-up}, {@code key} (a key pressed, with its {@code leg}: {@code caller} or {@code agent}; never the digit,
 * which may be part of a card number). Numbers (a transfer to a number) are masked.
 */
public final class Timeline {
    private Timeline() {}

    public static JsonArray of(RecordingRow rec, CallTimeline t) {
        Instant zero = rec.startedAt();
        List<JsonObject> out = new ArrayList<>();
        boolean answerStep = t.agentSteps().stream()
                .anyMatch(s -> s.event().equals("ANSWERED") || s.event().equals("DIAL_CONNECTED"));
        t.call().ifPresent(c -> {
            boolean outbound = c.direction() == CallRecord.Direction.OUTBOUND;
            JsonObject first = entry(zero, c.startedAt(), outbound ? "dialled" : "offered");
            c.queueId().ifPresent(q -> first.put("queueId", q));
            out.add(first);
            if (!answerStep) {
                c.answeredAt().ifPresent(a -> {
                    JsonObject e = entry(zero, a, "answered");
                    c.agentId().ifPresent(agent -> e.put("agentId", agent));
                    out.add(e);
                });
            }
            c.endedAt().ifPresent(end -> out.add(entry(zero, end, "ended").put("outcome", c.outcome().name())));
        });
        for (CallTimeline.AgentStep s : t.agentSteps()) {
            String type = switch (s.event()) {
                case "CALL_OFFERED" -> "ringing";
                case "RING_NO_ANSWER", "RING_FAILED" -> "ring-failed";
                case "ANSWERED", "DIAL_CONNECTED" -> "answered";
                default -> null;
            };
            if (type != null) {
                JsonObject e = entry(zero, s.at(), type).put("agentId", s.agentId());
                if (type.equals("ring-failed")) {
                    e.put("reason", s.event().equals("RING_NO_ANSWER") ? "no-answer" : "failed");
                }
                out.add(e);
            }
        }
        for (CallTimeline.Hold h : t.holds()) {
            JsonObject e = entry(zero, h.startedAt(), "hold");
            h.agentId().ifPresent(a -> e.put("agentId", a));
            h.endedAt().ifPresent(end -> {
                e.put("durationMillis", Duration.between(h.startedAt(), end).toMillis());
                out.add(entry(zero, end, "resume"));
            });
            out.add(e);
        }
        for (HoldThresholdCrossing x : t.crossings()) {
            out.add(entry(zero, x.at(), "hold-threshold").put("thresholdSeconds", x.thresholdSeconds()));
        }
        for (ScriptShown s : t.scripts()) {
            JsonObject e = entry(zero, s.at(), "script").put("agentId", s.agentId()).put("scriptId", s.scriptId())
                    .put("kind", s.kind());
            s.stepId().ifPresent(step -> e.put("stepId", step));
            out.add(e);
        }
        for (CallTimeline.Transfer x : t.transfers()) {
            JsonObject e = entry(zero, x.at(), "transferred").put("kind", x.kind().toLowerCase(Locale.ROOT))
                    .put("target", "NUMBER".equals(x.kind()) ? PhoneMask.mask(x.target()) : x.target())
                    .put("outcome", x.outcome());
            x.agentId().ifPresent(a -> e.put("agentId", a));
            out.add(e);
        }
        for (AuditEntry a : t.monitorActions()) {
            JsonObject e = entry(zero, a.at(), "monitor").put("action", a.action().substring("monitor-".length()))
                    .put("supervisor", a.actor());
            a.target().ifPresent(agent -> e.put("agentId", agent));
            a.detail().filter(d -> !d.isEmpty()).ifPresent(d -> e.put("detail", d));
            out.add(e);
        }
        for (RecordingRow.Pause p : rec.pauses()) {
            JsonObject e = offsetEntry(zero, p.startMillis(), "recording-paused");
            p.pausedBy().ifPresent(u -> e.put("by", u));
            out.add(e);
            p.endMillis().ifPresent(end -> {
                JsonObject r = offsetEntry(zero, end, "recording-resumed");
                p.resumedBy().ifPresent(u -> r.put("by", u));
                out.add(r);
            });
        }
        for (CallTimeline.WrapUp w : t.wrapUps()) {
            out.add(entry(zero, w.at(), "wrap-up").put("agentId", w.agentId()).put("code", w.code()));
        }
        for (CallTimeline.Key k : t.keys()) {
            out.add(entry(zero, k.at(), "key").put("leg", k.leg().toLowerCase(Locale.ROOT)));
        }
        out.sort(Comparator.comparingLong(o -> o.getLong("offsetMillis")));
        return new JsonArray(new ArrayList<>(out));
    }

    private static JsonObject entry(Instant zero, Instant at, String type) {
        return new JsonObject().put("offsetMillis", Duration.between(zero, at).toMillis()).put("at", at.toString())
                .put("type", type);
    }

    private static JsonObject offsetEntry(Instant zero, long offsetMillis, String type) {
        return new JsonObject().put("offsetMillis", offsetMillis).put("at", zero.plusMillis(offsetMillis).toString())
                .put("type", type);
    }
}
