package dev.cti.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.CtiConfig;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.CallState;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.MonitorMode;
import dev.cti.link.message.MonitorStarted;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.StartMonitor;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.AgentStateChange;
import dev.cti.server.agent.Cause;
import dev.cti.server.store.CallRecord;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import dev.cti.server.testing.TestConfigs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Monitoring an agent's outbound (click-to-dial) call through the REST API on the real server, the gateway played
 * by a scripted link peer driving the call with OriginateProgress: a ringing outbound call cannot be monitored
 * (409 no_call), an answered one can (StartMonitor names the gateway's call id), a gateway snapshot listing it
 * changes nothing, its end ends the session; a take-over puts the agent in wrap-up (cause: the supervisor) and the
 * call's later hold and end leave the agent alone; after a link outage the gateway's snapshot binds and connects an
 * outbound call whose progress was lost, ends one that is gone (with its session) and adopts a session on another.
 */
class MonitorOutboundApiTest extends ScriptedGatewayApiBase {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String NUMBER = "13912345678";

    @Override
    protected CtiConfig configure(CtiConfig shipped) {
        return TestConfigs.withMonitoringUsers(shipped);
    }

    /** Agent 1001 clicks to dial; the gateway reports the agent's phone ringing as call {@code callId}. */
    private String dialing(String callId) throws Exception {
        long now = System.currentTimeMillis();
        for (String ext : List.of("1001", "9001", "9002", "9003")) {
            gateway.send(new PhoneRegistered(ext, "sip:" + ext + "@127.0.0.1:5099", 3600, now));
        }
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        HttpResponse<String> r = post("/api/agents/1001/dial", agent, "{\"number\":\"" + NUMBER + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String requestId = new JsonObject(r.body()).getString("requestId");
        assertThat(gateway.await(Originate.class).requestId()).isEqualTo(requestId);
        gateway.send(new OriginateProgress(requestId, callId, OriginateState.AGENT_RINGING, now));
        gateway.send(new OriginateProgress(requestId, callId, OriginateState.DIALING, now + 1000));
        gateway.send(new OriginateProgress(requestId, callId, OriginateState.REMOTE_RINGING, now + 1500));
        return requestId;
    }

    private void connected(String requestId, String callId, long at) {
        gateway.send(new OriginateProgress(requestId, callId, OriginateState.CONNECTED, at));
        await().atMost(WAIT).until(() -> state("1001") == AgentState.ON_CALL);
    }

    private HttpResponse<String> start(String token, String mode) throws Exception {
        return post("/api/monitors", token, new JsonObject().put("agentId", "1001").put("mode", mode).encode());
    }

    private JsonObject nextMonitor(Events events, String state) throws InterruptedException {
        return events.next(e -> "monitor".equals(e.getString("type"))
                && state.equals(e.getJsonObject("monitor").getString("state")), WAIT);
    }

    private JsonArray live(String token) throws Exception {
        return new JsonObject(get("/api/monitors", token).body()).getJsonArray("monitors");
    }

    private Optional<CallRecord> cdr(String id) throws Exception {
        return server.store().call(id).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private List<AgentStateChange> history() throws Exception {
        return server.store().stateHistory("1001").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void anAnsweredOutboundCallIsMonitoredAndItsEndEndsTheSession() throws Exception {
        String requestId = dialing("gw-out-1");
        String supervisor = login("supervisor", "demo-supervisor");
        Events supervisorEvents = events(supervisor);

        // still ringing at the customer's end: nothing to monitor yet
        await().atMost(WAIT).until(() -> state("1001") == AgentState.DIALING);
        HttpResponse<String> ringing = start(supervisor, "listen");
        assertThat(ringing.statusCode()).as(ringing.body()).isEqualTo(409);
        assertThat(new JsonObject(ringing.body()).getString("error")).isEqualTo("no_call");

        long answeredAt = System.currentTimeMillis();
        connected(requestId, "gw-out-1", answeredAt);
        HttpResponse<String> r = start(supervisor, "listen");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonObject m = new JsonObject(r.body()).getJsonObject("monitor");
        String id = m.getString("monitorId");
        assertThat(m.getString("callId")).as("the gateway's call id, not the request id").isEqualTo("gw-out-1");
        assertThat(gateway.await(StartMonitor.class))
                .isEqualTo(new StartMonitor(id, "gw-out-1", "supervisor", "9001", "9001", MonitorMode.LISTEN));
        gateway.send(new MonitorStarted(id, "gw-out-1", "supervisor", "1001", MonitorMode.LISTEN, answeredAt + 500));
        nextMonitor(supervisorEvents, "active");

        // a held outbound call can be monitored too: a second request finds the same call, already monitored
        gateway.send(new CallHeld("gw-out-1", "1001", answeredAt + 600));
        await().atMost(WAIT).until(() -> server.agents().snapshot("1001").orElseThrow().held());
        HttpResponse<String> again = start(login("admin", "demo-admin"), "listen");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(again.body()).getString("error")).isEqualTo("already_monitored");
        gateway.send(new CallResumed("gw-out-1", "1001", answeredAt + 700));

        // the gateway's snapshot lists the outbound call and its session: the agent stays on the call, the session
        // stays active (the agent's machine knows the call by its request id, the gateway by its call id)
        gateway.send(new Snapshot(List.of(new Snapshot.CallSnapshot("gw-out-1", CallState.CONNECTED, null, "1001",
                "1001", NUMBER, answeredAt - 2000, answeredAt, null).withMonitor(new Snapshot.MonitorSnapshot(id,
                "supervisor", "9001", MonitorMode.LISTEN, Snapshot.MonitorSnapshotState.ACTIVE))),
                List.of(new Snapshot.Registration("1001", "sip:1001@127.0.0.1:5099", answeredAt + 3_600_000),
                        new Snapshot.Registration("9001", "sip:9001@127.0.0.1:5099", answeredAt + 3_600_000)),
                answeredAt + 800));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> state("1001") == AgentState.ON_CALL
                && live(supervisor).size() == 1 && "active".equals(live(supervisor).getJsonObject(0).getString("state")));
        assertThat(server.agents().snapshot("1001").orElseThrow().callId()).contains(requestId);

        gateway.send(new CallCleared("gw-out-1", ClearCause.CALLER_HANGUP, 0, 20_000, answeredAt + 20_000));
        JsonObject ended = nextMonitor(supervisorEvents, "ended");
        assertThat(ended.getJsonObject("monitor").getString("endReason")).isEqualTo("call_ended");
        await().atMost(WAIT).until(() -> state("1001") == AgentState.WRAP_UP);
        assertThat(live(supervisor)).isEmpty();
        await().atMost(WAIT).until(() -> cdr("gw-out-1").map(c -> c.outcome() == CallRecord.Outcome.ANSWERED)
                .orElse(false));
        assertThat(cdr("gw-out-1").orElseThrow().agentId()).contains("1001");
    }

    @Test
    void aTakeOverOfAnOutboundCallPutsTheAgentInWrapUpAndTheCallsEndLeavesTheAgentAlone() throws Exception {
        String requestId = dialing("gw-out-2");
        String supervisor = login("supervisor", "demo-supervisor");
        Events supervisorEvents = events(supervisor);
        long answeredAt = System.currentTimeMillis();
        connected(requestId, "gw-out-2", answeredAt);

        HttpResponse<String> r = start(supervisor, "takeover");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = new JsonObject(r.body()).getJsonObject("monitor").getString("monitorId");
        StartMonitor sm = gateway.await(StartMonitor.class);
        assertThat(sm.callId()).isEqualTo("gw-out-2");
        assertThat(sm.mode()).isEqualTo(MonitorMode.TAKEOVER);
        gateway.send(new MonitorStarted(id, "gw-out-2", "supervisor", "1001", MonitorMode.TAKEOVER, answeredAt + 500));

        await().atMost(WAIT).until(() -> state("1001") == AgentState.WRAP_UP);
        nextMonitor(supervisorEvents, "active");
        AgentStateChange toWrapUp = history().stream().filter(c -> c.to() == AgentState.WRAP_UP).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(toWrapUp.cause()).isEqualTo(Cause.supervisor("supervisor"));
        // stored under the gateway's call id, which the dial's request id is an alias of (docs/STORAGE.md)
        assertThat(toWrapUp.callId()).contains("gw-out-2");
        // the agent no longer has the call: nothing to monitor on it
        HttpResponse<String> gone = start(login("admin", "demo-admin"), "listen");
        assertThat(gone.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(gone.body()).getString("error")).isEqualTo("no_call");

        // the supervisor's phone holds and resumes the call, the snapshot names the seat: the agent is untouched
        gateway.send(new CallHeld("gw-out-2", "9001", answeredAt + 1000));
        gateway.send(new CallResumed("gw-out-2", "9001", answeredAt + 2000));
        gateway.send(new Snapshot(List.of(new Snapshot.CallSnapshot("gw-out-2", CallState.CONNECTED, null, "9001",
                "9001", NUMBER, answeredAt - 2000, answeredAt, null)),
                List.of(new Snapshot.Registration("9001", "sip:9001@127.0.0.1:5099", answeredAt + 3_600_000)),
                answeredAt + 2500));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> state("1001") == AgentState.WRAP_UP
                && live(supervisor).size() == 1);

        // the agent finishes wrap-up and is READY again before the supervisor's call ends
        assertThat(post("/api/agents/1001/state", login("1001", "demo-1001"), "{\"state\":\"READY\"}").statusCode())
                .isEqualTo(200);
        await().atMost(WAIT).until(() -> state("1001") == AgentState.READY);
        int changes = history().size();

        gateway.send(new CallCleared("gw-out-2", ClearCause.AGENT_HANGUP, 0, 30_000, answeredAt + 30_000));
        JsonObject ended = nextMonitor(supervisorEvents, "ended");
        assertThat(ended.getJsonObject("monitor").getString("endReason")).isEqualTo("call_ended");
        await().atMost(WAIT).until(() -> cdr("gw-out-2").map(c -> c.outcome() == CallRecord.Outcome.ANSWERED)
                .orElse(false));
        CallRecord cdr = cdr("gw-out-2").orElseThrow();
        assertThat(cdr.direction()).isEqualTo(CallRecord.Direction.OUTBOUND);
        assertThat(cdr.agentId()).as("the call ended with the supervisor's seat").contains("9001");
        assertThat(cdr.dialledNumber()).contains(NUMBER);
        assertThat(cdr.holdTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(cdr.talkTime()).isEqualTo(Duration.ofSeconds(29));
        assertThat(state("1001")).as("the call's end does not end the agent's call twice").isEqualTo(AgentState.READY);
        assertThat(history()).hasSize(changes);
        assertThat(live(supervisor)).isEmpty();
    }

    @Test
    void afterALinkOutageTheSnapshotConnectsEndsAndAdoptsOutboundCalls() throws Exception {
        // every OriginateProgress was lost: the snapshot's outbound call on the agent binds the dial and connects it
        long now = System.currentTimeMillis();
        for (String ext : List.of("1001", "9001", "9002", "9003")) {
            gateway.send(new PhoneRegistered(ext, "sip:" + ext + "@127.0.0.1:5099", 3600, now));
        }
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        HttpResponse<String> dial = post("/api/agents/1001/dial", agent, "{\"number\":\"" + NUMBER + "\"}");
        String requestId = new JsonObject(dial.body()).getString("requestId");
        gateway.await(Originate.class);
        List<Snapshot.Registration> phones = List.of(
                new Snapshot.Registration("1001", "sip:1001@127.0.0.1:5099", now + 3_600_000),
                new Snapshot.Registration("9001", "sip:9001@127.0.0.1:5099", now + 3_600_000));
        gateway.send(new Snapshot(List.of(new Snapshot.CallSnapshot("gw-out-3", CallState.CONNECTED, null, "1001",
                "1001", NUMBER, now, now + 4000, null)), phones, now + 5000));
        await().atMost(WAIT).until(() -> state("1001") == AgentState.ON_CALL);
        assertThat(server.agents().snapshot("1001").orElseThrow().callId()).contains(requestId);

        String supervisor = login("supervisor", "demo-supervisor");
        Events supervisorEvents = events(supervisor);
        HttpResponse<String> r = start(supervisor, "listen");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String id = new JsonObject(r.body()).getJsonObject("monitor").getString("monitorId");
        assertThat(gateway.await(StartMonitor.class).callId()).isEqualTo("gw-out-3");
        gateway.send(new MonitorStarted(id, "gw-out-3", "supervisor", "1001", MonitorMode.LISTEN, now + 6000));
        nextMonitor(supervisorEvents, "active");

        // the gateway also has an outbound call of agent 1002 monitored by a session this server never saw (it began
        // while the link was down): adopted, and ended by that call's CallCleared
        Snapshot.MonitorSnapshot other = new Snapshot.MonitorSnapshot("m-adopted", "supervisor", "9001",
                MonitorMode.WHISPER, Snapshot.MonitorSnapshotState.ACTIVE);
        gateway.send(new Snapshot(List.of(
                new Snapshot.CallSnapshot("gw-out-3", CallState.CONNECTED, null, "1001", "1001", NUMBER, now,
                        now + 4000, null).withMonitor(new Snapshot.MonitorSnapshot(id, "supervisor", "9001",
                        MonitorMode.LISTEN, Snapshot.MonitorSnapshotState.ACTIVE)),
                new Snapshot.CallSnapshot("gw-out-9", CallState.CONNECTED, null, "1002", "1002", "13900009999", now,
                        now + 1000, null).withMonitor(other)), phones, now + 7000));
        await().atMost(WAIT).until(() -> live(supervisor).size() == 2);
        assertThat(state("1001")).isEqualTo(AgentState.ON_CALL);
        gateway.send(new CallCleared("gw-out-9", ClearCause.CALLER_HANGUP, 0, 10_000, now + 8000));
        await().atMost(WAIT).until(() -> live(supervisor).size() == 1);
        assertThat(live(supervisor).getJsonObject(0).getString("monitorId")).isEqualTo(id);

        // the call ended while the link was down: the next snapshot no longer has it
        gateway.send(new Snapshot(List.of(), phones, now + 60_000));
        JsonObject ended = supervisorEvents.next(e -> "monitor".equals(e.getString("type"))
                && id.equals(e.getJsonObject("monitor").getString("monitorId"))
                && "ended".equals(e.getJsonObject("monitor").getString("state")), WAIT);
        assertThat(ended.getJsonObject("monitor").getString("endReason")).isEqualTo("call_ended");
        await().atMost(WAIT).until(() -> state("1001") == AgentState.WRAP_UP);
        await().atMost(WAIT).until(() -> cdr("gw-out-3").map(c -> c.outcome() == CallRecord.Outcome.ANSWERED)
                .orElse(false));
        assertThat(live(supervisor)).isEmpty();
    }
}
