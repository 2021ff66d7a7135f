package dev.cti.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.server.agent.AgentEvent;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.Cause;
import dev.cti.server.store.AuditEntry;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.HoldThresholdCrossing;
import dev.cti.server.store.ScriptShown;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The QA API over HTTP against the real server and store: the evaluation's life (open pre-filled, edit, submit,
 * dispute, review, acknowledge), the role matrix with other teams refused and audited, bad input answered 4xx,
 * counted and changing nothing, the work list, the KPIs and the desktop's script-event reports. Calls are stored
 * directly as the call center would have stored them.
 */
class QaApiTest extends HttpApiTestBase {
    static final Instant T = Instant.now().minusSeconds(3600);

    static CallRecord call(String id, String agent, boolean ended) {
        return new CallRecord(id, CallRecord.Direction.INBOUND, Optional.of("sales"), Optional.of("13800001111"),
                Optional.empty(), Optional.of(agent), ended ? CallRecord.Outcome.ANSWERED : CallRecord.Outcome.IN_PROGRESS,
                Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(200), Duration.ofSeconds(30),
                Duration.ZERO, Optional.empty(), Optional.empty(), T, Optional.of(T.plusSeconds(10)),
                ended ? Optional.of(T.plusSeconds(300)) : Optional.empty());
    }

    @BeforeAll
    static void calls() throws Exception {
        for (String[] c : new String[][] {{"red-1", "a1"}, {"red-2", "a1"}, {"red-3", "a2"}, {"blue-1", "a3"},
                {"sue-1", "a4"}}) {
            get(store.recordCall(call(c[0], c[1], true)));
        }
        get(store.recordCall(call("live-1", "a1", false)));
        get(store.recordScriptShown(new ScriptShown(Optional.of("red-1"), "a1", "std", Optional.of("greeting"),
                "zh-CN", T.plusSeconds(6))));
        get(store.recordHold("red-1", "a1", true, T.plusSeconds(60)));
        get(store.recordHold("red-1", "a1", false, T.plusSeconds(90)));
        get(store.recordHoldThresholdCrossing(new HoldThresholdCrossing("red-1", "a1", 10, T.plusSeconds(70))));
    }

    private static void assertError(HttpResponse<Buffer> r, int status, String code) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo(code);
        assertThat(r.bodyAsJsonObject().getString("message")).isNotBlank();
    }

    private static HttpResponse<Buffer> put(String user, String path, JsonObject body) throws Exception {
        return get(client.put(port, "127.0.0.1", path).putHeader("Authorization", "Bearer " + TOKENS.get(user))
                .sendJsonObject(body));
    }

    private static HttpResponse<Buffer> postNow(String user, String path, JsonObject body) throws Exception {
        return get(post(user, path, body));
    }

    private static HttpResponse<Buffer> getNow(String user, String path) throws Exception {
        return get(getAs(user, path));
    }

    private static JsonObject evaluation(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isBetween(200, 201);
        return r.bodyAsJsonObject().getJsonObject("evaluation");
    }

    private static JsonObject item(JsonObject evaluation, String id) {
        return evaluation.getJsonArray("items").stream().map(JsonObject.class::cast)
                .filter(i -> i.getString("id").equals(id)).findFirst().orElseThrow();
    }

    private static JsonObject open(String callId) {
        return new JsonObject().put("callId", callId);
    }

    private static double refused(String code) {
        var c = meters.find("cti.qa.requests.refused").tag("code", code).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void an_evaluation_is_opened_prefilled_scored_submitted_disputed_reviewed_and_acknowledged() throws Exception {
        HttpResponse<Buffer> created = postNow("quinn", "/api/qa/evaluations", open("red-1"));
        assertThat(created.statusCode()).isEqualTo(201);
        JsonObject e = evaluation(created);
        long id = e.getLong("id");
        assertThat(e.getString("status")).isEqualTo("DRAFT");
        assertThat(e.getString("evaluator")).isEqualTo("quinn");
        assertThat(e.getJsonObject("form").getString("id")).isEqualTo("std-form");
        assertThat(e.getJsonObject("call").getString("party")).isEqualTo("138****1111");
        assertThat(e.getJsonObject("call").getInteger("rings")).isEqualTo(3);
        assertThat(item(e, "greeting").getString("proposed")).isEqualTo("excellent");
        assertThat(item(e, "greeting").getJsonObject("evidence").getJsonObject("text").getString("zh-CN"))
                .isEqualTo("第3声接听(目标3声内),首问语已显示");
        assertThat(item(e, "music").getString("proposed")).isEqualTo("excellent");
        assertThat(item(e, "reason").getString("proposed")).as("no before-hold phrase on record").isEqualTo("poor");
        assertThat(item(e, "manner").getValue("proposed")).isNull();
        assertThat(item(e, "manner").getValue("evidence")).isNull();
        assertThat(item(e, "greeting").getValue("rating")).as("nothing is rated until confirmed").isNull();
        assertThat(e.getJsonObject("formDefinition").getJsonArray("sections")).hasSize(3);
        assertThat(e.getBoolean("complete")).isFalse();

        assertThat(postNow("quinn", "/api/qa/evaluations", open("red-1")).statusCode()).as("the same one").isEqualTo(200);
        assertError(getNow("alice", "/api/qa/evaluations/" + id), 403, "forbidden");
        assertThat(getNow("alice", "/api/qa/evaluations").bodyAsJsonObject().getJsonArray("evaluations"))
                .as("an agent does not see drafts").isEmpty();

        // confirm the proposals, override one, rate the rest, one filler
        JsonObject saved = evaluation(put("quinn", "/api/qa/evaluations/" + id, new JsonObject()
                .put("acceptProposals", true)
                .put("items", new JsonArray().add(new JsonObject().put("id", "reason").put("rating", "pass")
                                .put("remarks", "said it, no click"))
                        .add(new JsonObject().put("id", "manner").put("rating", "good")))
                .put("deductions", new JsonArray().add(new JsonObject().put("id", "filler").put("occurrences", 1)))
                .put("remarks", "good call")));
        assertThat(item(saved, "reason").getString("rating")).isEqualTo("pass");
        assertThat(item(saved, "reason").getBoolean("overridden")).isTrue();
        assertThat(item(saved, "greeting").getBoolean("overridden")).isFalse();
        assertThat(item(saved, "need").getValue("rating")).as("no proposal, not rated yet").isNull();
        assertThat(saved.getJsonArray("unrated")).containsExactly("need", "help");
        assertError(postNow("quinn", "/api/qa/evaluations/" + id + "/submit", new JsonObject()), 409, "incomplete");
        // an item's note alone: replaced, then cleared; the rating stays
        JsonObject renoted = evaluation(put("quinn", "/api/qa/evaluations/" + id, new JsonObject().put("items",
                new JsonArray().add(new JsonObject().put("id", "manner").put("remarks", "warm")))));
        assertThat(item(renoted, "manner").getString("remarks")).isEqualTo("warm");
        JsonObject cleared = evaluation(put("quinn", "/api/qa/evaluations/" + id, new JsonObject().put("items",
                new JsonArray().add(new JsonObject().put("id", "manner").put("remarks", "")))));
        assertThat(item(cleared, "manner").getValue("remarks")).isNull();
        assertThat(item(cleared, "manner").getString("rating")).isEqualTo("good");
        JsonObject clearedByNull = evaluation(put("quinn", "/api/qa/evaluations/" + id, new JsonObject().put("items",
                new JsonArray().add(new JsonObject().put("id", "reason").putNull("remarks")))));
        assertThat(item(clearedByNull, "reason").getValue("remarks")).isNull();
        assertThat(item(clearedByNull, "reason").getString("rating")).isEqualTo("pass");

        JsonObject complete = evaluation(put("quinn", "/api/qa/evaluations/" + id, new JsonObject().put("items",
                new JsonArray().add(new JsonObject().put("id", "need").put("rating", "good"))
                        .add(new JsonObject().put("id", "help").put("rating", "excellent")))));
        // 20 + 16 + 10 + 6 + 10 (apology: no after-hold phrase → proposed poor, confirmed: 0) ...
        double expected = 20 + 16 + 10 + 6 + item(complete, "apology").getDouble("earned") + 10 + 10 + 8 - 2;
        assertThat(complete.getDouble("score")).isEqualTo(expected);
        JsonObject submitted = evaluation(postNow("quinn", "/api/qa/evaluations/" + id + "/submit", new JsonObject()));
        assertThat(submitted.getString("status")).isEqualTo("SUBMITTED");
        assertThat(submitted.getString("submittedAt")).isNotNull();
        assertError(put("quinn", "/api/qa/evaluations/" + id, new JsonObject().put("remarks", "late change")), 409,
                "not_editable");

        // the agent sees it, disputes it; the call goes back on quinn's list
        assertThat(getNow("alice", "/api/qa/evaluations").bodyAsJsonObject().getJsonArray("evaluations"))
                .extracting(o -> ((JsonObject) o).getLong("id")).containsExactly(id);
        assertError(postNow("alice", "/api/qa/evaluations/" + id + "/dispute", new JsonObject()), 400,
                "missing_comment");
        JsonObject disputed = evaluation(postNow("alice", "/api/qa/evaluations/" + id + "/dispute",
                new JsonObject().put("comment", "I did give the reason before the hold")));
        assertThat(disputed.getString("status")).isEqualTo("DISPUTED");
        JsonArray list = getNow("quinn", "/api/qa/worklist").bodyAsJsonObject().getJsonArray("items");
        assertThat(list).anySatisfy(o -> {
            JsonObject w = (JsonObject) o;
            assertThat(w.getString("callId")).isEqualTo("red-1");
            assertThat(w.getJsonArray("reasons")).contains("dispute");
            assertThat(w.getLong("evaluationId")).isEqualTo(id);
            assertThat(w.getJsonObject("call").getString("party")).isEqualTo("138****1111");
        });

        // the review: quinn changes the item and answers
        evaluation(put("quinn", "/api/qa/evaluations/" + id, new JsonObject().put("items", new JsonArray()
                .add(new JsonObject().put("id", "reason").put("rating", "excellent")))));
        JsonObject answered = evaluation(postNow("quinn", "/api/qa/evaluations/" + id + "/submit",
                new JsonObject().put("reply", "agreed, the phrase is on the recording")));
        assertThat(answered.getString("status")).isEqualTo("SUBMITTED");
        JsonObject dispute = answered.getJsonArray("disputeHistory").getJsonObject(0);
        assertThat(dispute.getString("reply")).isEqualTo("agreed, the phrase is on the recording");
        assertThat(dispute.getDouble("scoreAfter")).isEqualTo(answered.getDouble("score"));
        assertThat(dispute.getDouble("scoreBefore")).isEqualTo(submitted.getDouble("score"));
        assertError(postNow("alice", "/api/qa/evaluations/" + id + "/dispute", new JsonObject().put("comment", "again")),
                409, "already_disputed");
        JsonObject acknowledged = evaluation(postNow("alice", "/api/qa/evaluations/" + id + "/acknowledge",
                new JsonObject()));
        assertThat(acknowledged.getString("status")).isEqualTo("ACKNOWLEDGED");
        assertError(postNow("alice", "/api/qa/evaluations/" + id + "/acknowledge", new JsonObject()), 409,
                "illegal_transition");

        List<AuditEntry> audit = get(store.auditLog(200));
        for (String action : List.of("qa-evaluation-create", "qa-evaluation-save", "qa-evaluation-submit",
                "qa-evaluation-dispute", "qa-evaluation-acknowledge")) {
            assertThat(audit).as(action).anySatisfy(a -> {
                assertThat(a.action()).isEqualTo(action);
                assertThat(a.callId()).contains("red-1");
            });
        }
        assertThat(audit).anySatisfy(a -> assertThat(a.detail().orElse("")).contains("reason=pass (override of poor)"));

        JsonObject kpis = getNow("quinn", "/api/qa/kpis").bodyAsJsonObject();
        assertThat(kpis.getJsonArray("teams")).singleElement().satisfies(t -> {
            assertThat(((JsonObject) t).getString("id")).isEqualTo("red");
            assertThat(((JsonObject) t).getLong("submitted")).isEqualTo(1);
        });
        assertThat(kpis.getJsonObject("total").getDouble("averageScore")).isEqualTo(answered.getDouble("score"));
    }

    @Test
    void role_matrix_for_evaluations_with_other_teams_refused_and_audited() throws Exception {
        // open: evaluators of the agent's team and admins; agents never; nobody their own seat
        assertError(postNow("alice", "/api/qa/evaluations", open("red-2")), 403, "forbidden");
        assertError(postNow("bob", "/api/qa/evaluations", open("red-2")), 403, "forbidden");
        assertError(postNow("quinn", "/api/qa/evaluations", open("blue-1")), 403, "forbidden");
        assertError(postNow("sam", "/api/qa/evaluations", open("blue-1")), 403, "forbidden");
        assertError(postNow("sue", "/api/qa/evaluations", open("sue-1")), 403, "forbidden");
        long red = evaluation(postNow("sam", "/api/qa/evaluations", open("red-3"))).getLong("id");
        long blue = evaluation(postNow("root", "/api/qa/evaluations", open("blue-1"))).getLong("id");
        assertThat(postNow("quinn", "/api/qa/evaluations", open("red-3")).statusCode()).isEqualTo(200);

        // reading and editing a draft: evaluators of the team and admins
        assertThat(getNow("quinn", "/api/qa/evaluations/" + red).statusCode()).isEqualTo(200);
        assertError(getNow("bob", "/api/qa/evaluations/" + red), 403, "forbidden");
        assertError(getNow("quinn", "/api/qa/evaluations/" + blue), 403, "forbidden");
        assertError(put("quinn", "/api/qa/evaluations/" + blue, new JsonObject().put("remarks", "x")), 403,
                "forbidden");
        assertThat(put("root", "/api/qa/evaluations/" + blue, new JsonObject().put("acceptProposals", true))
                .statusCode()).isEqualTo(200);

        // the agent's word: only the evaluated agent, even an admin cannot give it
        JsonObject all = new JsonObject().put("acceptProposals", true).put("items", new JsonArray()
                .add(new JsonObject().put("id", "need").put("rating", "good"))
                .add(new JsonObject().put("id", "manner").put("rating", "good"))
                .add(new JsonObject().put("id", "greeting").put("rating", "good"))
                .add(new JsonObject().put("id", "help").put("rating", "good")));
        evaluation(put("sam", "/api/qa/evaluations/" + red, all));
        evaluation(postNow("sam", "/api/qa/evaluations/" + red + "/submit", new JsonObject()));
        assertError(postNow("root", "/api/qa/evaluations/" + red + "/acknowledge", new JsonObject()), 403, "forbidden");
        assertError(postNow("alice", "/api/qa/evaluations/" + red + "/acknowledge", new JsonObject()), 403,
                "forbidden");
        assertError(postNow("quinn", "/api/qa/evaluations/" + red + "/dispute", new JsonObject().put("comment", "x")),
                403, "forbidden");
        assertThat(getNow("bob", "/api/qa/evaluations/" + red).statusCode()).as("submitted: the agent sees it")
                .isEqualTo(200);
        assertError(getNow("carol", "/api/qa/evaluations/" + red), 403, "forbidden");

        // listings, work lists and KPIs
        assertError(getNow("bob", "/api/qa/evaluations?agent=a3"), 403, "forbidden");
        assertThat(getNow("quinn", "/api/qa/evaluations").bodyAsJsonObject().getJsonArray("evaluations"))
                .noneSatisfy(o -> assertThat(((JsonObject) o).getString("teamId")).isEqualTo("blue"));
        assertError(getNow("alice", "/api/qa/worklist"), 403, "forbidden");
        assertError(getNow("quinn", "/api/qa/worklist?evaluator=root"), 403, "forbidden");
        assertThat(getNow("root", "/api/qa/worklist?evaluator=all&status=all").statusCode()).isEqualTo(200);
        assertError(getNow("alice", "/api/qa/kpis"), 403, "forbidden");
        assertThat(getNow("sam", "/api/qa/kpis").bodyAsJsonObject().getJsonArray("teams"))
                .allSatisfy(t -> assertThat(((JsonObject) t).getString("id")).isEqualTo("red"));
        assertThat(getNow("alice", "/api/qa/forms").statusCode()).isEqualTo(200);

        List<AuditEntry> audit = get(store.auditLog(300));
        assertThat(audit).anySatisfy(a -> denied(a, "quinn", "qa-evaluation-create", "a3"));
        assertThat(audit).anySatisfy(a -> denied(a, "sue", "qa-evaluation-create", "a4"));
        assertThat(audit).anySatisfy(a -> denied(a, "root", "qa-evaluation-acknowledge", "a2"));
        assertThat(audit).anySatisfy(a -> denied(a, "quinn", "qa-evaluation-save", "a3"));
    }

    private static void denied(AuditEntry a, String actor, String action, String agent) {
        assertThat(a.actor()).isEqualTo(actor);
        assertThat(a.action()).isEqualTo(action);
        assertThat(a.target()).contains(agent);
        assertThat(a.detail().orElse("")).startsWith("denied");
    }

    @Test
    void bad_input_is_refused_counted_and_changes_nothing() throws Exception {
        long id = evaluation(postNow("quinn", "/api/qa/evaluations", open("red-2"))).getLong("id");
        JsonObject before = evaluation(getNow("quinn", "/api/qa/evaluations/" + id));
        double unknownItem = refused("unknown_item");
        double badRequests = meters.counter("cti.http.bad.requests").count();
        String path = "/api/qa/evaluations/" + id;
        assertError(put("quinn", path, items(new JsonObject().put("id", "smile").put("rating", "good"))), 400,
                "unknown_item");
        assertError(put("quinn", path, items(new JsonObject().put("id", "need").put("rating", "great"))), 400,
                "bad_rating");
        assertError(put("quinn", path, items(new JsonObject().put("id", "need"))), 400, "missing_rating");
        assertError(put("quinn", path, items(new JsonObject().put("id", "manner").put("accept", true))), 400,
                "no_proposal");
        assertError(put("quinn", path, new JsonObject().put("deductions", new JsonArray().add(new JsonObject()
                .put("id", "swearing").put("occurrences", 1)))), 400, "unknown_deduction");
        assertError(put("quinn", path, new JsonObject().put("deductions", new JsonArray().add(new JsonObject()
                .put("id", "filler").put("occurrences", 6)))), 400, "bad_count");
        assertError(put("quinn", path, new JsonObject().put("items", "all")), 400, "bad_request");
        assertError(put("quinn", path, new JsonObject().put("remarks", "x".repeat(2001))), 400, "bad_request");
        // a good change and a bad one in the same request: nothing of it is kept
        assertError(put("quinn", path, items(new JsonObject().put("id", "need").put("rating", "good"),
                new JsonObject().put("id", "smile").put("rating", "good"))), 400, "unknown_item");
        assertError(put("quinn", "/api/qa/evaluations/999999", new JsonObject()), 404, "unknown_evaluation");
        assertError(put("quinn", "/api/qa/evaluations/abc", new JsonObject()), 404, "unknown_evaluation");
        assertError(postNow("quinn", "/api/qa/evaluations", open("nope")), 404, "unknown_call");
        assertError(postNow("quinn", "/api/qa/evaluations", open("live-1")), 409, "not_evaluable");
        assertError(postNow("quinn", "/api/qa/evaluations", new JsonObject().put("callId", 5)), 400, "bad_request");
        assertError(getNow("quinn", "/api/qa/kpis?from=2026-13-01"), 400, "bad_request");
        assertError(getNow("quinn", "/api/qa/kpis?from=2026-03-02&to=2026-03-01"), 400, "bad_range");
        assertError(getNow("quinn", "/api/qa/worklist?status=later"), 400, "bad_request");

        JsonObject after = evaluation(getNow("quinn", "/api/qa/evaluations/" + id));
        assertThat(after.getJsonArray("items")).isEqualTo(before.getJsonArray("items"));
        assertThat(after.getString("updatedAt")).isEqualTo(before.getString("updatedAt"));
        assertThat(refused("unknown_item") - unknownItem).isEqualTo(2);
        assertThat(meters.counter("cti.http.bad.requests").count() - badRequests).isGreaterThanOrEqualTo(13);
    }

    private static JsonObject items(JsonObject... items) {
        JsonArray a = new JsonArray();
        for (JsonObject i : items) {
            a.add(i);
        }
        return new JsonObject().put("items", a);
    }

    @Test
    void the_desktop_reports_steps_and_phrases_against_the_agents_call() throws Exception {
        assertThat(postNow("carol", "/api/agents/a3/state", state("LOGGED_IN")).statusCode()).isEqualTo(200);
        assertThat(postNow("carol", "/api/agents/a3/state", state("READY")).statusCode()).isEqualTo(200);
        assertThat(get(agents.fire("a3", AgentEvent.offered("desk-1", "sales"))).accepted()).isTrue();
        get(agents.fire("a3", AgentEvent.call(AgentEventType.ANSWERED, Cause.sip(), "desk-1")));
        String path = "/api/agents/a3/script-events";
        HttpResponse<Buffer> ok = postNow("carol", path, new JsonObject().put("kind", "phrase").put("id", "before-hold")
                .put("scriptId", "std"));
        assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(204);
        assertThat(postNow("carol", path, new JsonObject().put("kind", "step").put("id", "check").put("scriptId", "std")
                .put("callId", "desk-1")).statusCode()).isEqualTo(204);
        assertError(postNow("carol", path, new JsonObject().put("kind", "word").put("id", "x").put("scriptId", "std")),
                400, "bad_request");
        assertError(postNow("carol", path, new JsonObject().put("kind", "phrase").put("id", "hello")
                .put("scriptId", "std")), 400, "unknown_step");
        assertError(postNow("carol", path, new JsonObject().put("kind", "phrase").put("id", "before-hold")), 400,
                "unknown_script");
        assertError(postNow("carol", path, new JsonObject().put("kind", "step").put("id", "check").put("scriptId", "std")
                .put("callId", "other")), 409, "wrong_call");
        assertError(postNow("alice", path, new JsonObject().put("kind", "step").put("id", "check")
                .put("scriptId", "std")), 403, "forbidden");
        assertError(postNow("root", path, new JsonObject().put("kind", "step").put("id", "check")
                .put("scriptId", "std")), 403, "forbidden");
        assertError(postNow("alice", "/api/agents/a1/script-events", new JsonObject().put("kind", "step")
                .put("id", "check").put("scriptId", "std")), 409, "no_call");

        var history = get(qa.service().callHistory().history("desk-1"));
        assertThat(history).as("no CDR yet: the rows wait for it").isEmpty();
        get(store.recordCall(call("desk-1", "a3", true)));
        var events = get(qa.service().callHistory().history("desk-1")).orElseThrow().scripts();
        assertThat(events).extracting(e -> e.kind() + ":" + e.id().orElseThrow())
                .containsExactly("phrase:before-hold", "step:check");
    }
}
