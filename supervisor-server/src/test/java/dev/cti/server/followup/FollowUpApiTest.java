package dev.cti.server.followup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.server.agent.AgentState;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import dev.cti.server.testing.ShiftableClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scheduled callbacks and complaint follow-ups through the REST API as ServerMain runs them, with a scripted gateway
 * and a clock the test moves: a callback wrap-up without its time or number is a 400 naming the field; a booked
 * callback is dialled at its time for the agent through click-to-dial (Originate to the agent's phone, then the
 * number), its offer pushed to the agent with the script's callback phrase, and done when answered; a complaint's
 * follow-up is listed for supervisors and closed with a note by them only.
 */
class FollowUpApiTest extends ScriptedGatewayApiBase {
    private final ShiftableClock clock = new ShiftableClock();

    @Override
    protected Clock clock() {
        return clock;
    }

    @BeforeEach
    void phonesRegistered() throws Exception {
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, System.currentTimeMillis()));
    }

    /** Agent 1001 answers a call of the service queue, which ends: the agent is in wrap-up. */
    private String callInWrapUp(String agent, String callId) throws Exception {
        ready(agent, "1001");
        gateway.send(new CallOffered(callId, "service", "13812345678", "4008001000", "pbx", clock.millis()));
        gateway.await(DeliverToAgent.class);
        gateway.send(new CallAnswered(callId, "1001", 3000, clock.millis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.ON_CALL);
        gateway.send(new CallCleared(callId, ClearCause.CALLER_HANGUP, 0, 20_000, clock.millis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.WRAP_UP);
        return callId;
    }

    private static String wrap(String code, String at, String number) {
        JsonObject o = new JsonObject().put("code", code);
        if (at != null) {
            o.put("callbackAt", at);
        }
        if (number != null) {
            o.put("callbackNumber", number);
        }
        return o.encode();
    }

    private void assertBad(HttpResponse<String> r, String error, String field) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonObject o = new JsonObject(r.body());
        assertThat(o.getString("error")).isEqualTo(error);
        assertThat(o.getString("message")).contains("'" + field + "'");
    }

    @Test
    void a_callback_wrap_up_needs_a_future_time_within_the_horizon_and_a_number() throws Exception {
        String agent = login("1001", "demo-1001");
        String path = "/api/agents/1001/wrapup";
        String tomorrow = LocalDateTime.now(ZoneId.of("Asia/Shanghai")).plusDays(1).truncatedTo(ChronoUnit.MINUTES)
                .toString();
        assertBad(post(path, agent, wrap("callback-booked", null, "13912345678")), "missing_field", "callbackAt");
        assertBad(post(path, agent, wrap("callback-booked", tomorrow, null)), "missing_field", "callbackNumber");
        assertBad(post(path, agent, wrap("callback-booked", "tomorrow at ten", "13912345678")), "bad_parameter",
                "callbackAt");
        assertBad(post(path, agent, wrap("callback-booked", "2020-01-01T10:00", "13912345678")), "bad_parameter",
                "callbackAt");
        assertBad(post(path, agent, wrap("callback-booked", Instant.now().plus(Duration.ofDays(31)).toString(),
                "13912345678")), "bad_parameter", "callbackAt");
        assertBad(post(path, agent, wrap("callback-booked", tomorrow, "139-1234")), "bad_number", "callbackNumber");
        assertBad(post(path, agent, wrap("callback-booked", tomorrow, "0012025550100")), "bad_number",
                "callbackNumber");
        assertBad(post(path, agent, wrap("resolved", tomorrow, "13912345678")), "bad_parameter", "callbackAt");
        assertBad(post(path, agent, new JsonObject().put("code", "complaint").put("complaintLevel", "apocalyptic")
                .encode()), "bad_parameter", "complaintLevel");
        assertBad(post(path, agent, new JsonObject().put("code", "callback-booked").put("callbackAt", 5).encode()),
                "bad_request", "callbackAt");
    }

    @Test
    void a_booked_callback_is_dialled_at_its_time_for_the_agent_with_the_callback_phrase() throws Exception {
        String agent = login("1001", "demo-1001");
        String callId = callInWrapUp(agent, "c-cb");
        Instant due = clock.instant().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> w = post("/api/agents/1001/wrapup", agent, wrap("callback-booked", due.toString(),
                "13912345678"));
        assertThat(w.statusCode()).as(w.body()).isEqualTo(200);
        JsonArray listed = new JsonObject(get("/api/callbacks", agent).body()).getJsonArray("callbacks");
        assertThat(listed).hasSize(1);
        JsonObject booked = listed.getJsonObject(0);
        assertThat(booked.getString("callId")).isEqualTo(callId);
        assertThat(booked.getString("queueId")).isEqualTo("service");
        assertThat(booked.getString("number")).isEqualTo("139****5678");
        assertThat(booked.getString("dueAt")).isEqualTo(due.toString());
        assertThat(booked.getString("status")).isEqualTo("PENDING");
        assertThat(new JsonObject(get("/api/callbacks", login("1002", "demo-1002")).body())
                .getJsonArray("callbacks")).as("another agent's").isEmpty();

        assertThat(state("1001")).as("wrap-up ended: ready").isEqualTo(AgentState.READY);
        Events events = events(agent);
        FollowUps followUps = server.followUps();
        followUps.tick().toCompletionStage().toCompletableFuture().get();
        assertThat(state("1001")).as("not yet due").isEqualTo(AgentState.READY);

        clock.advance(Duration.ofHours(2));
        followUps.tick().toCompletionStage().toCompletableFuture().get();
        Originate o = gateway.await(Originate.class);
        assertThat(o.extension()).isEqualTo("1001");
        assertThat(o.number()).isEqualTo("13912345678");
        assertThat(state("1001")).isEqualTo(AgentState.DIALING);
        JsonObject offer = events.next(e -> "callback".equals(e.getString("type")), Duration.ofSeconds(5))
                .getJsonObject("callback");
        assertThat(offer.getString("requestId")).isEqualTo(o.requestId());
        assertThat(offer.getString("number")).isEqualTo("139****5678");
        assertThat(offer.getString("phrase")).isEqualTo("您好,我是示例科技1001号业务受理专员,请问刚才是您拨打客服热线咨询问题吗?");

        long now = clock.millis();
        gateway.send(new OriginateProgress(o.requestId(), "gw-cb-1", OriginateState.CONNECTED, now));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.ON_CALL);
        gateway.send(new CallCleared("gw-cb-1", ClearCause.AGENT_HANGUP, 0, 60_000, now + 60_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> followUps.callbacks().openNow().isEmpty());
        JsonObject done = new JsonObject(get("/api/callbacks?status=all", agent).body()).getJsonArray("callbacks")
                .getJsonObject(0);
        assertThat(done.getString("status")).isEqualTo("DONE");
        assertThat(done.getInteger("attempts")).isEqualTo(1);
        assertThat(done.getString("dialledBy")).isEqualTo("1001");
        String metrics = get("/metrics", agent).body();
        assertThat(metrics).contains("cti_followup_callbacks_total{event=\"scheduled\"} 1.0")
                .contains("cti_followup_callbacks_total{event=\"done\"} 1.0");
    }

    @Test
    void a_complaint_opens_a_follow_up_supervisors_see_and_close_with_a_note() throws Exception {
        String agent = login("1001", "demo-1001");
        String callId = callInWrapUp(agent, "c-complaint");
        HttpResponse<String> w = post("/api/agents/1001/wrapup", agent, new JsonObject().put("code", "complaint")
                .put("complaintLevel", "serious").encode());
        assertThat(w.statusCode()).as(w.body()).isEqualTo(200);

        String supervisor = login("supervisor", "demo-supervisor");
        JsonObject list = new JsonObject(get("/api/complaints", supervisor).body());
        assertThat(list.getJsonArray("levels")).containsExactly("general", "serious", "major");
        JsonObject c = list.getJsonArray("complaints").getJsonObject(0);
        assertThat(c.getString("callId")).isEqualTo(callId);
        assertThat(c.getString("level")).isEqualTo("serious");
        assertThat(Duration.between(Instant.parse(c.getString("createdAt")), Instant.parse(c.getString("dueAt"))))
                .isEqualTo(Duration.ofHours(24));
        assertThat(c.getBoolean("overdue")).isFalse();
        long id = c.getLong("id");

        String close = "/api/complaints/" + id + "/close";
        assertThat(post(close, agent, "{\"note\":\"sorted\"}").statusCode()).as("agents do not close").isEqualTo(403);
        assertBad(post(close, supervisor, "{}"), "missing_field", "note");
        assertBad(post(close, supervisor, "{\"note\":\"   \"}"), "missing_field", "note");
        assertBad(post("/api/complaints/abc/close", supervisor, "{\"note\":\"x\"}"), "bad_parameter", "id");
        assertThat(post("/api/complaints/999999/close", supervisor, "{\"note\":\"x\"}").statusCode()).isEqualTo(404);
        HttpResponse<String> closed = post(close, supervisor, "{\"note\":\"called back, apologised\"}");
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(post(close, supervisor, "{\"note\":\"again\"}").statusCode()).isEqualTo(409);
        assertThat(new JsonObject(get("/api/complaints", supervisor).body()).getJsonArray("complaints")).isEmpty();
        JsonObject all = new JsonObject(get("/api/complaints?status=all", supervisor).body()).getJsonArray("complaints")
                .getJsonObject(0);
        assertThat(all.getString("note")).isEqualTo("called back, apologised");
        assertThat(all.getString("closedBy")).isEqualTo("supervisor");
        assertThat(audit()).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("close-complaint");
            assertThat(a.actor()).isEqualTo("supervisor");
        });
    }

    @Test
    void the_lists_refuse_unknown_parameters_naming_them() throws Exception {
        String supervisor = login("supervisor", "demo-supervisor");
        assertBad(get("/api/callbacks?status=late", supervisor), "bad_parameter", "status");
        assertBad(get("/api/complaints?status=late", supervisor), "bad_parameter", "status");
        assertBad(get("/api/callbacks?agent=1001", supervisor), "bad_parameter", "agent");
    }
}
