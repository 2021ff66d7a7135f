package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.server.agent.AgentState;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Click-to-dial calls are live calls like queue calls: {@code GET /api/calls} lists them (named by the gateway's
 * call id, with the dial's request id, the dialled number masked) to those who may see the agent, and the
 * WebSocket pushes their changes, so the wallboard's tile shows them as it shows a queue call.
 */
class OutboundCallListTest extends ScriptedGatewayApiBase {
    private static final String CALL = "gw-out-list";
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void anOutboundCallIsListedAndPushedFromDialingToCleared() throws Exception {
        long now = System.currentTimeMillis();
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, now));
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        String supervisor = login("supervisor", "demo-supervisor");
        String otherTeam = login("2001", "demo-2001");
        Events pushed = events(supervisor);
        HttpResponse<String> r = post("/api/agents/1001/dial", agent, "{\"number\":\"13812345678\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String requestId = new JsonObject(r.body()).getString("requestId");
        assertThat(gateway.await(Originate.class).requestId()).isEqualTo(requestId);

        gateway.send(new OriginateProgress(requestId, CALL, OriginateState.AGENT_RINGING, now));
        JsonObject dialing = call(pushed, "dialing");
        assertThat(dialing.getString("id")).isEqualTo(CALL);
        assertThat(dialing.getString("requestId")).isEqualTo(requestId);
        assertThat(dialing.getString("direction")).isEqualTo("outbound");
        assertThat(dialing.getString("phase")).isEqualTo("DIALING");
        assertThat(dialing.getString("dialled")).isEqualTo("138****5678");
        assertThat(dialing.getString("agentId")).isEqualTo("1001");
        assertThat(dialing.encode()).doesNotContain("13812345678");
        assertThat(listed(supervisor)).extracting(c -> c.getString("id")).containsExactly(CALL);
        assertThat(listed(agent)).extracting(c -> c.getString("id")).as("the agent's own call").containsExactly(CALL);
        assertThat(listed(otherTeam)).as("an agent of another team").isEmpty();

        gateway.send(new OriginateProgress(requestId, CALL, OriginateState.CONNECTED, now + 3_000));
        JsonObject answered = call(pushed, "answered");
        assertThat(answered.getString("phase")).isEqualTo("CONNECTED");
        assertThat(answered.getString("answeredAt")).isNotNull();
        await().atMost(WAIT).until(() -> state("1001") == AgentState.ON_CALL);

        gateway.send(new CallHeld(CALL, "1001", now + 5_000));
        JsonObject held = call(pushed, "held");
        assertThat(held.getString("phase")).isEqualTo("HELD");
        assertThat(held.getString("heldSince")).isNotNull();
        assertThat(listed(supervisor).get(0).getString("phase")).isEqualTo("HELD");

        gateway.send(new CallCleared(CALL, ClearCause.CALLER_HANGUP, 0, 8_000, now + 11_000));
        JsonObject cleared = pushed.next(e -> "call".equals(e.getString("type")) && "cleared".equals(e.getString("event")),
                WAIT);
        assertThat(cleared.getString("outcome")).isEqualTo("ANSWERED");
        assertThat(cleared.getJsonObject("call").getString("id")).isEqualTo(CALL);
        assertThat(listed(supervisor)).isEmpty();
    }

    private static JsonObject call(Events pushed, String event) throws InterruptedException {
        return pushed.next(e -> "call".equals(e.getString("type")) && event.equals(e.getString("event")), WAIT)
                .getJsonObject("call");
    }

    private java.util.List<JsonObject> listed(String token) throws Exception {
        HttpResponse<String> r = get("/api/calls", token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonArray calls = new JsonObject(r.body()).getJsonArray("calls");
        return calls.stream().map(JsonObject.class::cast).toList();
    }
}
