package dev.cti.server.qa;

import dev.cti.config.CtiConfig;
import dev.cti.config.QaConfig;
import dev.cti.config.QaConfig.Rating;
import dev.cti.server.compliance.RingCount;
import dev.cti.server.events.QaQueueFigures;
import dev.cti.privacy.PhoneMask;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.WorkItem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The JSON shapes of the QA API (docs/API.md, "Quality assurance"); phone numbers masked. */
public final class QaJson {
    private QaJson() {}

    /** An evaluation in full: items with proposals and evidence, deductions, disputes, the call, the form. */
    public static JsonObject evaluation(QaService.Scored s, CtiConfig config) {
        Evaluation e = s.evaluation();
        FormSnapshot form = s.form();
        JsonObject o = summary(e);
        JsonArray items = new JsonArray();
        for (QaConfig.Section section : form.form().sections()) {
            for (QaConfig.Item def : section.items()) {
                Evaluation.Item i = e.item(def.id()).orElse(new Evaluation.Item(def.id(), Optional.empty(),
                        Optional.empty(), Optional.empty(), false, Optional.empty()));
                items.add(new JsonObject().put("id", def.id()).put("section", section.id()).put("points", def.points())
                        .put("proposed", i.proposed().map(Rating::key).orElse(null))
                        .put("evidence", i.evidence().map(JsonObject::new).orElse(null))
                        .put("rating", i.rating().map(Rating::key).orElse(null)).put("overridden", i.overridden())
                        .put("remarks", i.remarks().orElse(null))
                        .put("earned", i.rating().map(r -> def.points() * form.ratings().get(r)).orElse(0.0)));
            }
        }
        JsonArray deductions = new JsonArray();
        for (Evaluation.Deduction d : e.deductions()) {
            double each = form.form().deduction(d.deductionId()).map(QaConfig.Deduction::pointsEach).orElse(0.0);
            deductions.add(new JsonObject().put("id", d.deductionId()).put("occurrences", d.occurrences())
                    .put("pointsEach", each).put("points", each * d.occurrences()).put("remarks", d.remarks().orElse(null)));
        }
        JsonArray disputes = new JsonArray();
        for (Evaluation.Dispute d : e.disputeList()) {
            disputes.add(new JsonObject().put("id", d.id()).put("agentId", d.agentId()).put("comment", d.remarks())
                    .put("scoreBefore", d.scoreBefore()).put("openedAt", d.openedAt().toString())
                    .put("resolvedBy", d.resolvedBy().orElse(null)).put("reply", d.reply().orElse(null))
                    .put("scoreAfter", d.scoreAfter().orElse(null))
                    .put("resolvedAt", d.resolvedAt().map(Instant::toString).orElse(null)));
        }
        o.put("unrated", new JsonArray(Scoring.unrated(form, e.items())));
        o.put("complete", Scoring.unrated(form, e.items()).isEmpty());
        s.call().ifPresent(c -> o.put("call", call(c, config)));
        return o.put("items", items).put("deductions", deductions).put("disputeHistory", disputes)
                .put("formDefinition", form.toJson());
    }

    /** An evaluation without its items (listings). */
    public static JsonObject summary(Evaluation e) {
        return new JsonObject().put("id", e.id()).put("callId", e.callId()).put("agentId", e.agentId())
                .put("teamId", e.teamId()).put("queueId", e.queueId().orElse(null)).put("direction", e.direction())
                .put("evaluator", e.evaluator()).put("status", e.state().name())
                .put("form", new JsonObject().put("id", e.formId()).put("version", e.formVersion())
                        .put("versionId", e.formVersionId()))
                .put("score", e.score().total()).put("passed", e.score().passed())
                .put("grade", e.score().grade().orElse(null)).put("remarks", e.remarks().orElse(null))
                .put("disputes", e.disputes()).put("createdAt", e.createdAt().toString())
                .put("updatedAt", e.updatedAt().toString())
                .put("submittedAt", e.submittedAt().map(Instant::toString).orElse(null))
                .put("acknowledgedAt", e.acknowledgedAt().map(Instant::toString).orElse(null));
    }

    /** What a QA screen shows of a call (number masked). */
    public static JsonObject call(CallRecord c, CtiConfig config) {
        JsonObject o = new JsonObject().put("id", c.id()).put("direction", c.direction().name())
                .put("queueId", c.queueId().orElse(null)).put("agentId", c.agentId().orElse(null))
                .put("outcome", c.outcome().name()).put("startedAt", c.startedAt().toString())
                .put("answeredAt", c.answeredAt().map(Instant::toString).orElse(null))
                .put("endedAt", c.endedAt().map(Instant::toString).orElse(null))
                .put("talkSeconds", c.talkTime().toSeconds()).put("holdSeconds", c.holdTime().toSeconds())
                .put("wrapUpCode", c.wrapUpCode().orElse(null))
                .put("party", c.callerNumber().or(c::dialledNumber).map(PhoneMask::mask).orElse(null));
        if (c.direction() == CallRecord.Direction.INBOUND && c.answeredAt().isPresent()) {
            o.put("rings", RingCount.of(c.ringTime(), config.compliance()));
        }
        return o;
    }

    public static JsonObject workItem(WorkItem w, Optional<CallRecord> call, CtiConfig config) {
        JsonObject o = new JsonObject().put("id", w.id()).put("evaluator", w.evaluator()).put("callId", w.callId())
                .put("agentId", w.agentId()).put("day", w.callDay().toString()).put("reasons", new JsonArray(w.reasons()))
                .put("status", w.status()).put("evaluationId", w.evaluationId().orElse(null))
                .put("addedAt", w.addedAt().toString());
        config.agent(w.agentId()).ifPresent(a -> o.put("teamId", a.team()).put("agentName", a.name()));
        call.ifPresent(c -> o.put("call", call(c, config)));
        return o;
    }

    public static JsonObject report(QaKpis.Report r, double passMark) {
        JsonArray teams = new JsonArray();
        r.teams().forEach((id, f) -> teams.add(figures(f).put("id", id)));
        JsonArray queues = new JsonArray();
        r.queues().forEach((id, f) -> queues.add(queue(new QaQueueFigures(id, f))));
        return new JsonObject().put("from", r.from().toString()).put("to", r.to().toString()).put("passMark", passMark)
                .put("total", figures(r.total())).put("teams", teams).put("queues", queues);
    }

    /** A group's QA figures; the ratios are null without submissions. */
    public static JsonObject figures(QaKpis.Figures f) {
        return new JsonObject().put("submitted", f.submitted()).put("passed", f.passed())
                .put("passRate", f.passRate().orElse(null)).put("averageScore", f.averageScore().orElse(null));
    }

    /** A queue's QA figures (the {@code qa} push and the report's queues). */
    public static JsonObject queue(QaQueueFigures q) {
        return figures(q.figures()).put("id", q.id());
    }

    public static JsonArray queues(List<QaQueueFigures> queues) {
        JsonArray out = new JsonArray();
        queues.forEach(q -> out.add(queue(q)));
        return out;
    }
}
