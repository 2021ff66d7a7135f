package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.link.message.CallCleared;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.server.agent.AgentState;
import dev.cti.server.store.CallRecord;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Internal calls through the API (issue 18), as ServerMain runs it with a scripted gateway on the link: an agent
 * calls a colleague by name, extension or seat id with POST /api/agents/{id}/dial {kind: agent, target}; the gateway
 * is told to ring the colleague's phone (an internal Originate, no number), both agents' states follow the call, the
 * live call list shows it as internal, and its record is INTERNAL (left out of the customer-call KPIs).
 */
class InternalCallApiTest extends ScriptedGatewayApiBase {
    @BeforeEach
    void phonesRegistered() throws Exception {
        for (String ext : new String[] {"1001", "1002", "1003", "9001"}) {
            gateway.send(new PhoneRegistered(ext, "sip:" + ext + "@127.0.0.1:5099", 3600, System.currentTimeMillis()));
        }
    }

    @Test
    void anAgentCallsAColleagueByNameAndBothStatesFollowTheCall() throws Exception {
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        String colleague = login("1002", "demo-1002");
        ready(colleague, "1002");

        HttpResponse<String> r = post("/api/agents/1001/dial", agent, "{\"kind\":\"agent\",\"target\":\" 王芳 \"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("colleague")).isEqualTo("1002");
        String requestId = body.getString("requestId");
        Originate o = gateway.await(Originate.class);
        assertThat(o).isEqualTo(Originate.internal(requestId, "1001", "1001", "1002", "1002"));
        assertThat(state("1001")).isEqualTo(AgentState.DIALING);
        assertThat(state("1002")).isEqualTo(AgentState.DIALING);

        long now = System.currentTimeMillis();
        gateway.send(new OriginateProgress(requestId, "gw-int-1", OriginateState.AGENT_RINGING, now));
        gateway.send(new OriginateProgress(requestId, "gw-int-1", OriginateState.CONNECTED, now + 2000));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.ON_CALL
                && state("1002") == AgentState.ON_CALL);
        JsonObject live = await().atMost(Duration.ofSeconds(5)).until(() -> liveCall(agent, "gw-int-1"),
                Optional::isPresent).orElseThrow();
        assertThat(live.getString("direction")).isEqualTo("internal");
        assertThat(live.getString("colleague")).isEqualTo("1002");
        assertThat(live.getString("dialled")).as("an extension, not a customer's number").isEqualTo("1002");
        assertThat(live.getString("agentId")).isEqualTo("1001");

        // the colleague is busy now: a second internal call to it is refused, nothing reaches the gateway
        String third = login("1003", "demo-1003");
        ready(third, "1003");
        HttpResponse<String> busy = post("/api/agents/1003/dial", third, "{\"kind\":\"agent\",\"target\":\"1002\"}");
        assertThat(busy.statusCode()).as(busy.body()).isEqualTo(409);
        assertThat(new JsonObject(busy.body()).getString("error")).isEqualTo("agent_unavailable");
        assertThat(state("1003")).isEqualTo(AgentState.READY);

        gateway.send(new CallCleared("gw-int-1", ClearCause.CALLER_HANGUP, 0, 20_000, now + 22_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.WRAP_UP
                && state("1002") == AgentState.WRAP_UP);
        CallRecord cdr = await().atMost(Duration.ofSeconds(5)).until(() -> cdr("gw-int-1"), Optional::isPresent)
                .orElseThrow();
        assertThat(cdr.direction()).isEqualTo(CallRecord.Direction.INTERNAL);
        assertThat(cdr.outcome()).isEqualTo(CallRecord.Outcome.ANSWERED);
        assertThat(cdr.agentId()).contains("1001");
        assertThat(cdr.dialledNumber()).contains("1002");
        assertThat(gateway.commands().stream().filter(c -> c instanceof Originate).count()).isEqualTo(1);
    }

    @Test
    void aLoggedOutSeatIsRungByExtensionAndBadTargetsAreRefused() throws Exception {
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        HttpResponse<String> unknown = post("/api/agents/1001/dial", agent, "{\"kind\":\"agent\",\"target\":\"nobody\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(unknown.body()).getString("error")).isEqualTo("unknown_agent");
        HttpResponse<String> bad = post("/api/agents/1001/dial", agent, "{\"kind\":\"queue\",\"target\":\"service\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        HttpResponse<String> self = post("/api/agents/1001/dial", agent, "{\"kind\":\"agent\",\"target\":\"1001\"}");
        assertThat(self.statusCode()).isEqualTo(409);
        assertThat(state("1001")).isEqualTo(AgentState.READY);
        assertThat(gateway.commands().stream().noneMatch(c -> c instanceof Originate)).isTrue();

        // the supervisor's seat 9001 is not logged in as an agent: its phone is simply rung
        HttpResponse<String> r = post("/api/agents/1001/dial", agent, "{\"kind\":\"agent\",\"target\":\"9001\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        Originate o = gateway.await(Originate.class);
        assertThat(o.targetExtension()).isEqualTo("9001");
        assertThat(o.number()).isNull();
        assertThat(state("9001")).isEqualTo(AgentState.LOGGED_OUT);
        // the far phone fails: the agent is free again
        gateway.send(new OriginateProgress(o.requestId(), "gw-int-2", OriginateState.FAILED, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") != AgentState.DIALING);
    }

    private Optional<JsonObject> liveCall(String token, String id) throws Exception {
        HttpResponse<String> r = get("/api/calls", token);
        if (r.statusCode() != 200) {
            return Optional.empty();
        }
        JsonArray calls = new JsonObject(r.body()).getJsonArray("calls");
        return calls.stream().map(JsonObject.class::cast).filter(c -> id.equals(c.getString("id"))).findFirst();
    }

    private Optional<CallRecord> cdr(String id) throws Exception {
        return server.store().call(id).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
