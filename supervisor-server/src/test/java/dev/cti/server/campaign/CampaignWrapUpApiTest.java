package dev.cti.server.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.CtiConfig;
import dev.cti.config.Localized;
import dev.cti.config.OutboundConfig;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.server.agent.AgentState;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One pick for the outcome and the wrap-up (issue 18): after the preview call ends the agent is in wrap-up, and the
 * campaign's outcome posted ends it with that code (the call's queue is the campaign's, so its codes are offered);
 * "callback booked" books the scheduled callback on the number asked; an outcome with no call to wrap up stores the
 * outcome only, and bad callback fields are 400s naming them.
 */
class CampaignWrapUpApiTest extends ScriptedGatewayApiBase {
    private static final String CSV = "number,name,title,notes\n13800000001,王芳,女士,\n13800000002,李雷,先生,\n";

    @Override
    protected CtiConfig configure(CtiConfig shipped) {
        OutboundConfig.Campaign open = new OutboundConfig.Campaign("spring-offer", Localized.of("春季优惠", "Spring"),
                Optional.of("sales"), Optional.empty(), "sales-outbound", List.of("order", "busy", "callback-booked"),
                new OutboundConfig.CallingHours(LocalTime.MIN, LocalTime.MAX, EnumSet.allOf(DayOfWeek.class)),
                Map.of(), Set.of());
        return shipped.withOutbound(new OutboundConfig(shipped.outbound().script(), List.of(open)));
    }

    @BeforeEach
    void phoneAndList() throws Exception {
        gateway.send(new PhoneRegistered("2001", "sip:2001@127.0.0.1:5099", 3600, System.currentTimeMillis()));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/campaigns/spring-offer/import"))
                .header("Authorization", "Bearer " + login("admin", "demo-admin")).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(CSV)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private JsonObject ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return new JsonObject(r.body());
    }

    /** The agent takes the next record and dials it; the customer answers, then hangs up: the agent is in wrap-up. */
    private String requestId;

    private long callEndedInWrapUp(String token, String callId) throws Exception {
        long record = ok(post("/api/agents/2001/preview/next", token, "{\"campaign\":\"spring-offer\"}"), 200)
                .getJsonObject("record").getLong("id");
        ok(post("/api/agents/2001/preview/dial", token, "{\"campaign\":\"spring-offer\",\"record\":" + record + "}"),
                202);
        requestId = gateway.await(Originate.class).requestId();
        long now = System.currentTimeMillis();
        gateway.send(new OriginateProgress(requestId, callId, OriginateState.AGENT_RINGING, now));
        gateway.send(new OriginateProgress(requestId, callId, OriginateState.CONNECTED, now + 1_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("2001") == AgentState.ON_CALL);
        assertThat(server.agents().snapshot("2001").orElseThrow().queueId()).as("the campaign's queue's wrap-up rules")
                .contains("sales");
        gateway.send(new CallCleared(callId, ClearCause.CALLER_HANGUP, 0, 5_000, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("2001") == AgentState.WRAP_UP);
        return record;
    }

    @Test
    void theOutcomeEndsTheWrapUpAndACallbackBookedIsScheduledOnTheNumberAsked() throws Exception {
        String agent = login("2001", "demo-2001");
        ready(agent, "2001");
        long record = callEndedInWrapUp(agent, "gw-preview-1");
        String rec = "{\"campaign\":\"spring-offer\",\"record\":" + record;
        Instant at = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String outcome = "/api/agents/2001/preview/outcome";
        HttpResponse<String> bad = post(outcome, agent, rec + ",\"outcome\":\"callback-booked\",\"callbackAt\":\"" + at
                + "\",\"callbackNumber\":\"139-1234\"}");
        assertThat(ok(bad, 400).getString("error")).isEqualTo("bad_number");
        assertThat(new JsonObject(bad.body()).getString("message")).contains("'callbackNumber'");
        assertThat(ok(post(outcome, agent, rec + ",\"outcome\":\"order\",\"callbackNumber\":\"13912345678\"}"), 400)
                .getString("error")).isEqualTo("bad_parameter");
        assertThat(ok(post(outcome, agent, rec + ",\"outcome\":\"order\",\"notes\":" + 5 + "}"), 400)
                .getString("error")).isEqualTo("bad_parameter");
        assertThat(state("2001")).as("a refused outcome leaves the wrap-up on").isEqualTo(AgentState.WRAP_UP);

        JsonObject done = ok(post(outcome, agent, rec + ",\"outcome\":\"callback-booked\",\"callbackAt\":\"" + at
                + "\",\"callbackNumber\":\"13912345678\",\"notes\":\"call after work\"}"), 200);
        assertThat(done.getJsonObject("record").getString("status")).isEqualTo("DONE");
        assertThat(done.getJsonObject("record").getString("callbackAt")).isEqualTo(at.toString());
        assertThat(done.getJsonObject("wrapUp")).isEqualTo(new JsonObject().put("status", "ACCEPTED")
                .put("code", "callback-booked").put("callbackAt", at.toString()));
        assertThat(state("2001")).as("one pick: the wrap-up is over").isNotEqualTo(AgentState.WRAP_UP);
        JsonArray callbacks = ok(get("/api/callbacks", agent), 200).getJsonArray("callbacks");
        assertThat(callbacks).hasSize(1);
        assertThat(callbacks.getJsonObject(0).getString("callId")).as("the agent's call: the dial's request")
                .isEqualTo(requestId);
        assertThat(callbacks.getJsonObject(0).getString("queueId")).isEqualTo("sales");
        assertThat(callbacks.getJsonObject(0).getString("number")).isEqualTo("139****5678");
        assertThat(callbacks.getJsonObject(0).getString("dueAt")).isEqualTo(at.toString());
    }

    @Test
    void aCallbackBookedWithoutANumberIsOnTheRecordsNumberAndAnOutcomeWithNoWrapUpStoresTheOutcomeOnly()
            throws Exception {
        String agent = login("2001", "demo-2001");
        ready(agent, "2001");
        long record = callEndedInWrapUp(agent, "gw-preview-2");
        Instant at = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        assertThat(ok(post("/api/agents/2001/preview/outcome", agent, "{\"campaign\":\"spring-offer\",\"record\":"
                + record + ",\"outcome\":\"callback-booked\",\"callbackAt\":\"" + at + "\"}"), 200)
                .getJsonObject("wrapUp").getString("status")).isEqualTo("ACCEPTED");
        assertThat(ok(get("/api/callbacks", agent), 200).getJsonArray("callbacks").getJsonObject(0)
                .getString("number")).as("the record's number").isEqualTo("138****0001");

        // the next record is not dialled (no call, no wrap-up): the outcome is stored, the agent's state untouched
        await().atMost(Duration.ofSeconds(5)).until(() -> state("2001") == AgentState.READY);
        long second = ok(post("/api/agents/2001/preview/next", agent, "{\"campaign\":\"spring-offer\"}"), 200)
                .getJsonObject("record").getLong("id");
        JsonObject busy = ok(post("/api/agents/2001/preview/outcome", agent, "{\"campaign\":\"spring-offer\","
                + "\"record\":" + second + ",\"outcome\":\"busy\"}"), 200);
        assertThat(busy.getJsonObject("wrapUp")).isEqualTo(new JsonObject().put("status", "NONE"));
        assertThat(busy.getJsonObject("record").getString("lastOutcome")).isEqualTo("busy");
        assertThat(state("2001")).isEqualTo(AgentState.READY);
    }
}
