package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.CallTransferred;
import dev.cti.link.message.TargetKind;
import dev.cti.link.message.TransferOutcome;
import dev.cti.link.message.Transfer;
import dev.cti.server.agent.AgentState;
import dev.cti.server.store.AuditEntry;
import dev.cti.server.store.CallRecord;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Call control through the REST API, as ServerMain runs it, with a scripted gateway on the link. */
class CallControlApiTest extends ScriptedGatewayApiBase {
    @BeforeEach
    void agentPhoneRegistered() throws Exception {
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, System.currentTimeMillis()));
    }

    @Test
    void clickToDialPutsTheAgentDialingThenOnCallAndRecordsAnOutboundCall() throws Exception {
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        HttpResponse<String> r = post("/api/agents/1001/dial", agent, "{\"number\":\"13912345678\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String requestId = new JsonObject(r.body()).getString("requestId");
        Originate o = gateway.await(Originate.class);
        assertThat(o.requestId()).isEqualTo(requestId);
        assertThat(o.extension()).isEqualTo("1001");
        assertThat(state("1001")).isEqualTo(AgentState.DIALING);

        long now = System.currentTimeMillis();
        gateway.send(new OriginateProgress(requestId, "gw-out-1", OriginateState.AGENT_RINGING, now));
        gateway.send(new OriginateProgress(requestId, "gw-out-1", OriginateState.CONNECTED, now + 3000));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.ON_CALL);
        gateway.send(new CallHeld("gw-out-1", "1001", now + 10_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.agents().snapshot("1001").orElseThrow().held());
        gateway.send(new CallResumed("gw-out-1", "1001", now + 15_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> !server.agents().snapshot("1001").orElseThrow().held());
        gateway.send(new CallCleared("gw-out-1", ClearCause.AGENT_HANGUP, 0, 30_000, now + 33_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.WRAP_UP);
        await().atMost(Duration.ofSeconds(5)).until(() -> cdr("gw-out-1").isPresent());
        // a callback code books the callback: its time and number are required (issue 17)
        HttpResponse<String> wrapped = post("/api/agents/1001/wrapup", agent, new JsonObject()
                .put("code", "callback-booked").put("callbackNumber", "13912345678")
                .put("callbackAt", java.time.Instant.now().plus(Duration.ofDays(1)).toString()).encode());
        assertThat(wrapped.statusCode()).as(wrapped.body()).isEqualTo(200);
        CallRecord cdr = await().atMost(Duration.ofSeconds(5)).until(() -> cdr("gw-out-1"),
                c -> c.orElseThrow().wrapUpCode().isPresent()).orElseThrow();
        assertThat(cdr.direction()).isEqualTo(CallRecord.Direction.OUTBOUND);
        assertThat(cdr.outcome()).isEqualTo(CallRecord.Outcome.ANSWERED);
        assertThat(cdr.dialledNumber()).contains("13912345678");
        assertThat(cdr.talkTime()).isEqualTo(Duration.ofSeconds(25));
        // the agent's machine knows the call by the request id, its rows are stored under the gateway's call id
        // (the alias written when the gateway named it): the wrap-up reaches the CDR, the hold the timeline
        assertThat(cdr.wrapUpCode()).contains("callback-booked");
        assertThat(server.store().wrapUps("gw-out-1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS))
                .extracting(w -> w.code()).containsExactly("callback-booked");
        var timeline = server.recordings().timelines().timeline("gw-out-1").toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertThat(timeline.holds()).hasSize(1);
        assertThat(timeline.holds().get(0).endedAt()).isPresent();
        assertThat(timeline.agentSteps()).extracting(st -> st.event()).contains("DIAL", "DIAL_CONNECTED");

        assertThat(post("/api/agents/1001/dial", agent, "{\"number\":\"12ab\"}").statusCode()).isEqualTo(400);
        String other = login("1002", "demo-1002");
        assertThat(post("/api/agents/1001/dial", other, "{\"number\":\"13912345678\"}").statusCode()).isEqualTo(403);
    }

    @Test
    void hangUpAndTransferFollowTheRolesAndSupervisorActionsAreAudited() throws Exception {
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        gateway.send(new CallOffered("c1", "service", "13812345678", "4008001000", "pbx", System.currentTimeMillis()));
        gateway.await(DeliverToAgent.class);
        gateway.send(new CallAnswered("c1", "1001", 4000, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.ON_CALL);

        String colleague = login("1002", "demo-1002");
        assertThat(post("/api/calls/c1/hangup", colleague, "{}").statusCode()).isEqualTo(403);
        assertThat(post("/api/calls/nope/hangup", agent, "{}").statusCode()).isEqualTo(404);
        assertThat(post("/api/calls/c1/transfer", agent, "{\"kind\":\"queue\",\"target\":\"nowhere\"}").statusCode())
                .isEqualTo(400);

        HttpResponse<String> t = post("/api/calls/c1/transfer", agent, "{\"kind\":\"queue\",\"target\":\"sales\"}");
        assertThat(t.statusCode()).as(t.body()).isEqualTo(202);
        assertThat(gateway.await(Transfer.class)).isEqualTo(new Transfer("c1", TargetKind.QUEUE, "sales"));

        String supervisor = login("supervisor", "demo-supervisor");
        HttpResponse<String> h = post("/api/calls/c1/hangup", supervisor, "{}");
        assertThat(h.statusCode()).as(h.body()).isEqualTo(202);
        assertThat(gateway.await(HangUp.class)).isEqualTo(new HangUp("c1", ClearCause.SERVER_HANGUP));
        List<AuditEntry> audit = server.store().auditLog(50).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertThat(audit).anySatisfy(a -> {
            assertThat(a.actor()).isEqualTo("supervisor");
            assertThat(a.action()).isEqualTo("hangup");
            assertThat(a.callId()).contains("c1");
            assertThat(a.target()).contains("1001");
        });
    }

    @Test
    void theAgentTransfersTheCustomerToTheQueuesSurveyWhichEndsTheAgentsPart() throws Exception {
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        gateway.send(new CallOffered("c9", "service", "13812345678", "4008001000", "pbx", System.currentTimeMillis()));
        gateway.await(DeliverToAgent.class);
        gateway.send(new CallAnswered("c9", "1001", 4000, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.ON_CALL);

        HttpResponse<String> other = post("/api/calls/c9/transfer", agent, "{\"kind\":\"survey\",\"target\":\"nowhere\"}");
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(other.body()).getString("error")).isEqualTo("no_survey");
        HttpResponse<String> t = post("/api/calls/c9/transfer", agent, "{\"kind\":\"survey\"}"); // the call's queue
        assertThat(t.statusCode()).as(t.body()).isEqualTo(202);
        assertThat(gateway.await(Transfer.class)).isEqualTo(new Transfer("c9", TargetKind.SURVEY, "service"));

        long now = System.currentTimeMillis();
        gateway.send(new CallTransferred("c9", "1001", TargetKind.SURVEY, "service", TransferOutcome.COMPLETED, now));
        gateway.send(new CallCleared("c9", ClearCause.TRANSFERRED, 4000, 20_000, now));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.WRAP_UP);
        CallRecord cdr = await().atMost(Duration.ofSeconds(5)).until(() -> cdr("c9"), Optional::isPresent)
                .orElseThrow();
        assertThat(cdr.agentId()).contains("1001");
    }

    @Test
    void aCompletedTransferToAQueueEndsTheAgentsPartAndOffersTheCallToTheNextAgent() throws Exception {
        gateway.send(new PhoneRegistered("1002", "sip:1002@127.0.0.1:5098", 3600, System.currentTimeMillis()));
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        long now = System.currentTimeMillis();
        gateway.send(new CallOffered("t1", "service", "13812345678", "4008001000", "pbx", now));
        assertThat(gateway.await(DeliverToAgent.class).agentId()).isEqualTo("1001");
        gateway.send(new CallAnswered("t1", "1001", 2000, now + 3000));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.ON_CALL);
        String colleague = login("1002", "demo-1002");
        ready(colleague, "1002");

        // the agent's phone blind-transferred the call to the queue (REFER): the gateway reports it, then offers it
        gateway.send(new CallTransferred("t1", "1001", TargetKind.QUEUE, "service", TransferOutcome.COMPLETED,
                now + 20_000));
        gateway.send(new CallOffered("t1", "service", "13812345678", "4008001000", "pbx", now + 20_001));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.WRAP_UP);
        DeliverToAgent again = gateway.awaitCount(DeliverToAgent.class, 2).get(1);
        assertThat(again.callId()).isEqualTo("t1");
        assertThat(again.agentId()).as("offered to the next agent, not back to the first").isEqualTo("1002");
        gateway.send(new CallAnswered("t1", "1002", 1000, now + 22_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1002") == AgentState.ON_CALL);
        gateway.send(new CallCleared("t1", ClearCause.CALLER_HANGUP, 0, 10_000, now + 32_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1002") == AgentState.WRAP_UP);
        CallRecord cdr = await().atMost(Duration.ofSeconds(5)).until(() -> cdr("t1"),
                c -> c.isPresent() && c.get().outcome() == CallRecord.Outcome.ANSWERED).orElseThrow();
        assertThat(cdr.agentId()).as("the CDR follows the latest visit").contains("1002");
        assertThat(cdr.talkTime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(await().atMost(Duration.ofSeconds(5)).until(() -> visits("t1"), v -> v.size() == 2
                && v.get(1).endsWith("talk=10000")))
                .as("two visits for the reports: the first agent's part kept, the second queued after it")
                .containsExactly("1 1001 ANSWERED talk=17000", "2 1002 ANSWERED talk=10000");

        // a transfer that failed (to a number) leaves the call with its agent
        gateway.send(new CallOffered("t2", "service", "13812345679", "4008001000", "pbx", now + 40_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> post("/api/agents/1001/wrapup", agent,
                "{\"code\":\"resolved\"}").statusCode() == 200);
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.received(DeliverToAgent.class).size() == 3);
        gateway.send(new CallAnswered("t2", "1001", 1000, now + 41_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.ON_CALL);
        gateway.send(new CallTransferred("t2", "1001", TargetKind.NUMBER, "13912345678", TransferOutcome.FAILED,
                now + 45_000));
        gateway.send(new CallCleared("t2", ClearCause.CALLER_HANGUP, 0, 9_000, now + 50_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.WRAP_UP);
        assertThat(cdr("t2").orElseThrow().agentId()).contains("1001");
    }

    @Test
    void theAgentsOwnDayListsHandledCallsWithTheirWrapUpCodes() throws Exception {
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        long now = System.currentTimeMillis();
        gateway.send(new CallOffered("d1", "service", "13812345678", "4008001000", "pbx", now));
        gateway.await(DeliverToAgent.class);
        gateway.send(new CallAnswered("d1", "1001", 4000, now + 5000));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.ON_CALL);
        gateway.send(new CallCleared("d1", ClearCause.CALLER_HANGUP, 1000, 60_000, now + 65_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.WRAP_UP);
        assertThat(post("/api/agents/1001/wrapup", agent, "{\"code\":\"resolved\",\"notes\":\"ok\"}").statusCode())
                .isEqualTo(200);
        JsonObject day = await().atMost(Duration.ofSeconds(5)).until(() -> new JsonObject(get("/api/agents/1001/today", agent).body()),
                d -> d.getLong("handled") == 1 && d.getJsonArray("calls").getJsonObject(0).containsKey("wrapUpCode"));
        JsonObject call = day.getJsonArray("calls").getJsonObject(0);
        assertThat(call.getString("id")).isEqualTo("d1");
        assertThat(call.getString("wrapUpCode")).isEqualTo("resolved");
        assertThat(call.getString("party")).isEqualTo("138****5678");
        assertThat(day.getDouble("averageHandleSeconds")).isGreaterThan(0);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/agents/1001/today"))
                .header("Authorization", "Bearer " + login("2001", "demo-2001")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
    }

    /** The call's queue visits (V5) as "visit agent outcome talk=ms", in order. */
    private List<String> visits(String callId) throws Exception {
        var db = server.store().database();
        try (var c = java.sql.DriverManager.getConnection(db.url(), db.user().orElse(null), db.password().orElse(null));
             var q = c.prepareStatement("SELECT visit_no, agent_id, outcome, talk_ms FROM queue_visits"
                     + " WHERE call_id = ? ORDER BY visit_no")) {
            q.setString(1, callId);
            List<String> out = new java.util.ArrayList<>();
            try (var r = q.executeQuery()) {
                while (r.next()) {
                    out.add(r.getInt(1) + " " + r.getString(2) + " " + r.getString(3) + " talk=" + r.getObject(4));
                }
            }
            return out;
        }
    }

    private Optional<CallRecord> cdr(String id) throws Exception {
        return server.store().call(id).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
