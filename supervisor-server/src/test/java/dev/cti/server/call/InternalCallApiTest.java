package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallState;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.Snapshot;
import dev.cti.server.agent.AgentState;
import dev.cti.server.store.CallRecord;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import dev.cti.server.testing.ShiftableClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Internal calls through the API (issue 18), as ServerMain runs it with a scripted gateway on the link: an agent
 * calls a colleague by name, extension or seat id with POST /api/agents/{id}/dial {kind: agent, target}; the gateway
 * is told to ring the colleague's phone (an internal Originate, no number), both agents' states follow the call, the
 * live call list shows it as internal, and its record is INTERNAL (left out of the customer-call KPIs). A server
 * restart during an internal call keeps it internal (issue 18: it was taken for an outbound call), whether the
 * colleague was logged in (restored on the same request id) or a seat that was not (known by its extension); one
 * the gateway lost meanwhile frees both agents and is recorded INTERNAL and lost.
 */
class InternalCallApiTest extends ScriptedGatewayApiBase {
    /** Real time, moved past the dialer's grace for an Originate not yet on the gateway where a test needs it. */
    private final ShiftableClock clock = new ShiftableClock();

    @Override
    protected Clock clock() {
        return clock;
    }

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

    @Test
    void anInternalCallToALoggedInColleagueStaysInternalAcrossAServerRestart() throws Exception {
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        ready(login("1002", "demo-1002"), "1002");
        String requestId = connected(agent, "1002", "gw-int-3");

        // the records leave both agents ON_CALL on the same request id; the gateway's snapshot names the caller
        restartServer(snapshotWith("gw-int-3", "1002"));
        await().atMost(Duration.ofSeconds(5)).until(() -> liveCall(agent, "gw-int-3").isPresent());
        JsonObject live = liveCall(agent, "gw-int-3").orElseThrow();
        assertThat(live.getString("direction")).as("not outbound after the restart").isEqualTo("internal");
        assertThat(live.getString("agentId")).isEqualTo("1001");
        assertThat(live.getString("colleague")).isEqualTo("1002");
        assertThat(live.getString("requestId")).isEqualTo(requestId);
        assertThat(state("1001")).isEqualTo(AgentState.ON_CALL);
        assertThat(state("1002")).isEqualTo(AgentState.ON_CALL);

        gateway.send(new CallCleared("gw-int-3", ClearCause.CALLER_HANGUP, 0, 20_000, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.WRAP_UP
                && state("1002") == AgentState.WRAP_UP);
        CallRecord cdr = await().atMost(Duration.ofSeconds(5)).until(() -> cdr("gw-int-3"), Optional::isPresent)
                .orElseThrow();
        assertThat(cdr.direction()).isEqualTo(CallRecord.Direction.INTERNAL);
        assertThat(cdr.outcome()).isEqualTo(CallRecord.Outcome.ANSWERED);
        assertThat(cdr.agentId()).contains("1001");
        assertThat(cdr.dialledNumber()).contains("1002");
    }

    @Test
    void anInternalCallToASeatNotLoggedInStaysInternalAcrossAServerRestart() throws Exception {
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        connected(agent, "9001", "gw-int-4");

        // only 1001 is restored on the call: the snapshot's far end, 9001, is a seat's extension
        restartServer(snapshotWith("gw-int-4", "9001"));
        await().atMost(Duration.ofSeconds(5)).until(() -> liveCall(agent, "gw-int-4").isPresent());
        assertThat(liveCall(agent, "gw-int-4").orElseThrow().getString("direction")).isEqualTo("internal");
        gateway.send(new CallCleared("gw-int-4", ClearCause.CALLER_HANGUP, 0, 20_000, System.currentTimeMillis()));
        CallRecord cdr = await().atMost(Duration.ofSeconds(5)).until(() -> cdr("gw-int-4"), Optional::isPresent)
                .orElseThrow();
        assertThat(cdr.direction()).isEqualTo(CallRecord.Direction.INTERNAL);
        assertThat(cdr.dialledNumber()).contains("9001");
        assertThat(state("1001")).isEqualTo(AgentState.WRAP_UP);
        assertThat(state("9001")).isEqualTo(AgentState.LOGGED_OUT);
    }

    @Test
    void anInternalCallTheGatewayLostDuringARestartFreesBothAgentsAndIsRecordedLost() throws Exception {
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        ready(login("1002", "demo-1002"), "1002");
        String requestId = connected(agent, "1002", "gw-int-5");

        clock.advance(Duration.ofSeconds(20)); // the restart took longer than the grace of a dial not yet named
        restartServer(snapshot(List.of()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.WRAP_UP
                && state("1002") == AgentState.WRAP_UP);
        CallRecord cdr = await().atMost(Duration.ofSeconds(5)).until(() -> cdr(requestId), Optional::isPresent)
                .orElseThrow();
        assertThat(cdr.direction()).isEqualTo(CallRecord.Direction.INTERNAL);
        assertThat(cdr.outcome()).isEqualTo(CallRecord.Outcome.LOST_ON_RESTART);
    }

    /** 1001 calls {@code target} through the API and the gateway connects it as {@code callId}; the request id. */
    private String connected(String token, String target, String callId) throws Exception {
        HttpResponse<String> r = post("/api/agents/1001/dial", token, "{\"kind\":\"agent\",\"target\":\"" + target
                + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String requestId = new JsonObject(r.body()).getString("requestId");
        gateway.await(Originate.class);
        gateway.send(new OriginateProgress(requestId, callId, OriginateState.CONNECTED, System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.ON_CALL);
        return requestId;
    }

    /** What the gateway has after the restart: 1001's connected internal call to {@code far}, the phones registered. */
    private static Snapshot snapshotWith(String callId, String far) {
        long now = System.currentTimeMillis();
        return snapshot(List.of(new Snapshot.CallSnapshot(callId, CallState.CONNECTED, null, "1001", "1001", far,
                now - 12_000, now - 10_000, null)));
    }

    /** The gateway's snapshot with these calls and the phones registered. */
    private static Snapshot snapshot(List<Snapshot.CallSnapshot> calls) {
        long now = System.currentTimeMillis();
        return new Snapshot(calls, Stream.of("1001", "1002", "9001")
                .map(ext -> new Snapshot.Registration(ext, "sip:" + ext + "@127.0.0.1:5099", now + 3_600_000)).toList(),
                now);
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
