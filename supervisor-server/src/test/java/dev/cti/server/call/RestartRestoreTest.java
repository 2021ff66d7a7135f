package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.config.StorageConfig;
import dev.cti.link.message.AgentRinging;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.CallState;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.Snapshot;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.server.ServerMain;
import dev.cti.server.agent.AgentSnapshot;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.Cause;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.StoreContractTestAccess;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import dev.cti.server.testing.ScriptedServer;
import dev.cti.server.testing.ShiftableClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server restart (docs/STORAGE.md, "Restart: restoring from the records"): the real server is stopped and started
 * again on the same database, and a scripted gateway then sends its snapshot. Agents come back as they were (talking
 * on the call the gateway still has, in the rest of their wrap-up, not ready with their reason, ready without a
 * phone shown as such), the call that ends after the restart gets a right CDR and wrap-up, and the call the gateway
 * lost is closed as LOST_ON_RESTART.
 */
class RestartRestoreTest {
    @TempDir
    Path tmp;

    private final ShiftableClock clock = new ShiftableClock();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Vertx peers = Vertx.vertx();
    private ServerMain.Running server;
    private CtiConfig config;
    private String base;

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        peers.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private ServerMain.Running start(int graceSeconds) throws Exception {
        CtiConfig shipped = ScriptedServer.shipped();
        NetworkConfig n = shipped.network();
        config = shipped.withNetwork(new NetworkConfig(new NetworkConfig.Server("127.0.0.1", 0, List.of()),
                        n.sip(), n.rtp(), new NetworkConfig.CtiLink("127.0.0.1", 0), n.gatewayAdmin()))
                .withStorage(new StorageConfig(tmp.toString(), Optional.empty(), Optional.empty(), Optional.empty())
                        .withRestoreGrace(graceSeconds));
        server = ServerMain.start(config, clock).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        open.add(server);
        base = "http://127.0.0.1:" + server.httpPort();
        return server;
    }

    private ScriptedGatewayPeer gateway(Snapshot snapshot) {
        ScriptedGatewayPeer gw = ScriptedGatewayPeer.connect(peers, "127.0.0.1", server.linkPort(),
                ScriptedServer.gatewayTls(config, "gw"));
        open.add(gw);
        gw.handshake("gw", snapshot);
        return gw;
    }

    private String login(String user) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"demo-" + user
                        + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getString("token");
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void state(String token, String agent, String body) throws Exception {
        HttpResponse<String> r = post("/api/agents/" + agent + "/state", token, body);
        assertThat(r.statusCode()).as(agent + " " + body + ": " + r.body()).isEqualTo(200);
    }

    private AgentSnapshot agent(String id) {
        return server.agents().snapshot(id).orElseThrow();
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void answeredCall(ScriptedGatewayPeer gw, String callId, String agentId) {
        gw.send(new CallOffered(callId, "service", "13812345678", "4008001000", "pbx", clock.millis()));
        assertThat(gw.await(DeliverToAgent.class, d -> d.callId().equals(callId)).agentId()).isEqualTo(agentId);
        await().atMost(Duration.ofSeconds(5)).until(() -> agent(agentId).state() == AgentState.RESERVED);
        gw.send(new AgentRinging(callId, agentId, agentId, clock.millis()));
        gw.send(new CallAnswered(callId, agentId, 3000, clock.millis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> agent(agentId).state() == AgentState.ON_CALL);
    }

    @Test
    void agents_and_calls_come_back_as_they_were_and_the_call_ending_after_the_restart_is_recorded_right()
            throws Exception {
        // ---- the first run --------------------------------------------------------------------------------
        start(60);
        ScriptedGatewayPeer gw = gateway(new Snapshot(List.of(), List.of(), clock.millis()));
        for (String ext : List.of("1001", "1002", "2001")) {
            gw.send(new PhoneRegistered(ext, "sip:" + ext + "@127.0.0.1:5099", 3600, clock.millis()));
        }
        String a1001 = login("1001");
        String a1002 = login("1002");
        String a1003 = login("1003");
        String a2001 = login("2001");
        state(a1003, "1003", "{\"state\":\"LOGGED_IN\"}");
        state(a1003, "1003", "{\"state\":\"NOT_READY\",\"reason\":\"meeting\"}");
        state(a2001, "2001", "{\"state\":\"LOGGED_IN\"}");
        state(a2001, "2001", "{\"state\":\"READY\"}");
        state(a1001, "1001", "{\"state\":\"LOGGED_IN\"}");
        state(a1001, "1001", "{\"state\":\"READY\"}");
        answeredCall(gw, "c1", "1001");
        // a first hold of c1 before the restart: 20 s by the clock
        gw.send(new CallHeld("c1", "1001", clock.millis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> agent("1001").held());
        clock.advance(Duration.ofSeconds(20));
        gw.send(new CallResumed("c1", "1001", clock.millis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> !agent("1001").held());
        state(a1002, "1002", "{\"state\":\"LOGGED_IN\"}");
        state(a1002, "1002", "{\"state\":\"READY\"}");
        answeredCall(gw, "c2", "1002");
        gw.send(new CallCleared("c2", ClearCause.CALLER_HANGUP, 1000, 60_000, clock.millis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> agent("1002").state() == AgentState.WRAP_UP);
        // a third call waits in the queue: everyone able to take it is busy
        gw.send(new CallOffered("c3", "service", "13912345678", "4008001000", "pbx", clock.millis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> get(server.store().call("c3")).isPresent());

        // ---- the restart: the server stops, 25 of the 30 s of 1002's wrap-up pass, a new server starts --------
        server.close();
        open.remove(server);
        clock.advance(Duration.ofSeconds(25));
        start(60);

        // before the gateway is back: everyone as the records say
        assertThat(agent("1001").state()).isEqualTo(AgentState.ON_CALL);
        assertThat(agent("1001").callId()).contains("c1");
        assertThat(agent("1001").queueId()).contains("service");
        assertThat(agent("1002").state()).isEqualTo(AgentState.WRAP_UP);
        assertThat(agent("1002").callId()).contains("c2");
        assertThat(agent("1003").state()).isEqualTo(AgentState.NOT_READY);
        assertThat(agent("1003").reason()).contains("meeting");
        assertThat(agent("2001").state()).isEqualTo(AgentState.READY);
        assertThat(agent("2002").state()).isEqualTo(AgentState.LOGGED_OUT);

        // the gateway comes back: c1 is still up (1001 talking), c3 is gone; only 1001's and 1002's phones registered
        long answeredAt = clock.millis() - 40_000;
        ScriptedGatewayPeer gw2 = gateway(new Snapshot(List.of(new Snapshot.CallSnapshot("c1", CallState.CONNECTED,
                "service", "1001", "1001", "13812345678", clock.millis() - 50_000, answeredAt, null)),
                List.of(new Snapshot.Registration("1001", "sip:1001@127.0.0.1:5099", clock.millis() + 3_600_000),
                        new Snapshot.Registration("1002", "sip:1002@127.0.0.1:5099", clock.millis() + 3_600_000)),
                clock.millis()));
        await().atMost(Duration.ofSeconds(10)).until(() -> get(server.store().call("c3")).orElseThrow().outcome()
                == CallRecord.Outcome.LOST_ON_RESTART);
        assertThat(get(server.store().call("c3")).orElseThrow().endedAt()).isPresent();
        assertThat(server.meters().get("cti.restore.calls.lost").counter().count()).isEqualTo(1);
        assertThat(agent("1001").state()).isEqualTo(AgentState.ON_CALL);

        // 1002's wrap-up ends after the REST of its 30 s (5 s), not 30 s after the restart
        await().atMost(Duration.ofSeconds(15)).until(() -> agent("1002").state() != AgentState.WRAP_UP);
        assertThat(agent("1002").state()).isEqualTo(AgentState.READY);

        // a screen connecting now sees 2001 READY with no phone registered
        String supervisor = login("supervisor");
        ScriptedGatewayApiBase.Events events = new ScriptedGatewayApiBase.Events();
        http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.httpPort() + "/api/events?token="
                + supervisor), events).get(10, TimeUnit.SECONDS);
        JsonObject snapshot = events.next(e -> "snapshot".equals(e.getString("type")), Duration.ofSeconds(10));
        JsonArray agents = snapshot.getJsonArray("agents");
        JsonObject s2001 = find(agents, "2001");
        assertThat(s2001.getString("state")).isEqualTo("READY");
        assertThat(s2001.getBoolean("phoneRegistered")).isFalse();
        assertThat(find(agents, "1001").getBoolean("phoneRegistered")).isTrue();

        // c1 ends after the restart: the end is taken, 1001 wraps up, the code is kept, the CDR is right
        gw2.send(new CallHeld("c1", "1001", clock.millis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> agent("1001").held());
        clock.advance(Duration.ofSeconds(10));
        gw2.send(new CallResumed("c1", "1001", clock.millis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> !agent("1001").held());
        gw2.send(new CallCleared("c1", ClearCause.CALLER_HANGUP, 1000, 60_000, clock.millis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> agent("1001").state() == AgentState.WRAP_UP);
        String again = login("1001");
        HttpResponse<String> code = post("/api/agents/1001/wrapup", again, "{\"code\":\"resolved\",\"notes\":\"ok\"}");
        assertThat(code.statusCode()).as(code.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> agent("1001").state() == AgentState.READY);

        CallRecord c1 = get(server.store().call("c1")).orElseThrow();
        assertThat(c1.outcome()).isEqualTo(CallRecord.Outcome.ANSWERED);
        assertThat(c1.agentId()).contains("1001");
        assertThat(c1.dialledNumber()).contains("4008001000");
        assertThat(c1.callerNumber()).contains("13812345678");
        assertThat(c1.ringTime()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c1.holdTime()).as("both holds, before and after the restart")
                .isBetween(Duration.ofSeconds(30), Duration.ofSeconds(33));
        assertThat(c1.talkTime()).isPositive();
        assertThat(c1.endedAt()).isPresent();
        assertThat(c1.wrapUpCode()).contains("resolved");
        assertThat(get(server.store().wrapUps("c1"))).singleElement()
                .satisfies(w -> assertThat(w.code()).isEqualTo("resolved"));
        assertThat(get(server.store().count("holds"))).isEqualTo(2);
        assertThat(StoreContractTestAccess.openHolds(server.store(), "c1")).isZero();
        // c2's after-call work, begun before the restart and ended after it: 25 s shifted + the 5 s left
        await().atMost(Duration.ofSeconds(5)).until(() -> get(server.store().call("c2")).orElseThrow().wrapUpTime()
                .compareTo(Duration.ofSeconds(29)) > 0);
        assertThat(get(server.store().call("c2")).orElseThrow().wrapUpTime()).isLessThan(Duration.ofSeconds(40));
    }

    private static JsonObject find(JsonArray agents, String id) {
        for (int i = 0; i < agents.size(); i++) {
            if (id.equals(agents.getJsonObject(i).getString("id"))) {
                return agents.getJsonObject(i);
            }
        }
        throw new AssertionError("no agent " + id + " in " + agents.encode());
    }

    @Test
    void a_ringing_agent_whose_call_was_answered_during_the_restart_is_on_that_call() throws Exception {
        start(60);
        ScriptedGatewayPeer gw = gateway(new Snapshot(List.of(), List.of(), clock.millis()));
        gw.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, clock.millis()));
        String a1001 = login("1001");
        state(a1001, "1001", "{\"state\":\"LOGGED_IN\"}");
        state(a1001, "1001", "{\"state\":\"READY\"}");
        gw.send(new CallOffered("c1", "service", "13812345678", "4008001000", "pbx", clock.millis()));
        gw.await(DeliverToAgent.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> agent("1001").state() == AgentState.RESERVED);

        server.close();
        open.remove(server);
        start(60);
        assertThat(agent("1001").state()).isEqualTo(AgentState.RESERVED);

        // meanwhile the agent answered
        gateway(new Snapshot(List.of(new Snapshot.CallSnapshot("c1", CallState.CONNECTED, "service", "1001", "1001",
                "13812345678", clock.millis() - 10_000, clock.millis() - 2_000, null)),
                List.of(new Snapshot.Registration("1001", "sip:1001@127.0.0.1:5099", clock.millis() + 3_600_000)),
                clock.millis()));

        await().atMost(Duration.ofSeconds(5)).until(() -> agent("1001").state() == AgentState.ON_CALL);
        assertThat(agent("1001").callId()).contains("c1");
        JsonObject calls = new JsonObject(http.send(HttpRequest.newBuilder(URI.create(base + "/api/calls"))
                .header("Authorization", "Bearer " + login("supervisor")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(calls.getJsonArray("calls")).singleElement().satisfies(c -> {
            JsonObject o = (JsonObject) c;
            assertThat(o.getString("agentId")).isEqualTo("1001");
            assertThat(o.getString("phase")).isEqualTo("CONNECTED");
        });
    }

    @Test
    void without_a_gateway_within_the_grace_the_server_says_so_and_guesses_nothing() throws Exception {
        start(60);
        ScriptedGatewayPeer gw = gateway(new Snapshot(List.of(), List.of(), clock.millis()));
        gw.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, clock.millis()));
        String a1001 = login("1001");
        state(a1001, "1001", "{\"state\":\"LOGGED_IN\"}");
        state(a1001, "1001", "{\"state\":\"READY\"}");
        answeredCall(gw, "c1", "1001");
        server.close();
        open.remove(server);

        start(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> server.meters().get("cti.restore.waiting.for.gateway").gauge().value() == 1);
        assertThat(agent("1001").state()).isEqualTo(AgentState.ON_CALL);
        assertThat(get(server.store().call("c1")).orElseThrow().outcome()).isEqualTo(CallRecord.Outcome.IN_PROGRESS);

        gateway(new Snapshot(List.of(new Snapshot.CallSnapshot("c1", CallState.CONNECTED, "service", "1001", "1001",
                "13812345678", clock.millis() - 10_000, clock.millis() - 5_000, null)), List.of(), clock.millis()));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> server.meters().get("cti.restore.waiting.for.gateway").gauge().value() == 0);
        assertThat(agent("1001").state()).isEqualTo(AgentState.ON_CALL);
    }

    @Test
    void an_agent_on_a_call_the_gateway_lost_during_the_restart_wraps_it_up_and_the_code_is_kept() throws Exception {
        start(60);
        ScriptedGatewayPeer gw = gateway(new Snapshot(List.of(), List.of(), clock.millis()));
        gw.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, clock.millis()));
        String a1001 = login("1001");
        state(a1001, "1001", "{\"state\":\"LOGGED_IN\"}");
        state(a1001, "1001", "{\"state\":\"READY\"}");
        answeredCall(gw, "c1", "1001");
        gw.send(new CallHeld("c1", "1001", clock.millis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> agent("1001").held());
        server.close();
        open.remove(server);

        clock.advance(Duration.ofSeconds(30));
        start(60);
        assertThat(agent("1001").state()).isEqualTo(AgentState.ON_CALL);
        assertThat(agent("1001").held()).as("the open holds row").isTrue();
        // the call ended while the server was away: the gateway no longer has it
        java.time.Instant beforeSnapshot = clock.instant();
        gateway(new Snapshot(List.of(), List.of(new Snapshot.Registration("1001", "sip:1001@127.0.0.1:5099",
                clock.millis() + 3_600_000)), clock.millis()));

        await().atMost(Duration.ofSeconds(10)).until(() -> agent("1001").state() == AgentState.WRAP_UP);
        await().atMost(Duration.ofSeconds(10)).until(() -> get(server.store().call("c1")).orElseThrow().outcome()
                == CallRecord.Outcome.LOST_ON_RESTART);
        CallRecord c1 = get(server.store().call("c1")).orElseThrow();
        assertThat(c1.endedAt()).as("ended when the snapshot showed it gone").hasValueSatisfying(
                end -> assertThat(end).isBetween(beforeSnapshot, clock.instant()));
        assertThat(StoreContractTestAccess.openHolds(server.store(), "c1")).as("the open hold ended with the call")
                .isZero();
        assertThat(server.meters().get("cti.restore.calls.lost").counter().count()).isEqualTo(1);
        assertThat(server.meters().get("cti.reconciliation.corrections").tag("kind", "agent-freed").counter()
                .count()).isEqualTo(1);
        HttpResponse<String> code = post("/api/agents/1001/wrapup", login("1001"), "{\"code\":\"resolved\"}");
        assertThat(code.statusCode()).as(code.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> agent("1001").state() == AgentState.READY);
        assertThat(get(server.store().wrapUps("c1"))).singleElement()
                .satisfies(w -> assertThat(w.code()).isEqualTo("resolved"));
        assertThat(get(server.store().call("c1")).orElseThrow().outcome())
                .as("the wrap-up code does not reopen the call").isEqualTo(CallRecord.Outcome.LOST_ON_RESTART);
    }

    @Test
    void a_click_to_dial_call_is_bound_to_the_gateways_call_after_the_restart_or_recorded_lost() throws Exception {
        start(60);
        ScriptedGatewayPeer gw = gateway(new Snapshot(List.of(), List.of(), clock.millis()));
        for (String ext : List.of("1001", "1002")) {
            gw.send(new PhoneRegistered(ext, "sip:" + ext + "@127.0.0.1:5099", 3600, clock.millis()));
        }
        String[] requests = new String[2];
        List<String> seats = List.of("1001", "1002");
        for (int i = 0; i < 2; i++) {
            String seat = seats.get(i);
            String token = login(seat);
            state(token, seat, "{\"state\":\"LOGGED_IN\"}");
            state(token, seat, "{\"state\":\"READY\"}");
            String request = get(server.calls().dial(seat, "1391234567" + i, Cause.agent(seat)));
            requests[i] = request;
            gw.await(Originate.class, o -> o.requestId().equals(request));
            gw.send(new OriginateProgress(request, "gw-" + i, OriginateState.CONNECTED, clock.millis()));
            await().atMost(Duration.ofSeconds(5)).until(() -> agent(seat).state() == AgentState.ON_CALL);
        }
        server.close();
        open.remove(server);

        clock.advance(Duration.ofSeconds(20));
        start(60);
        assertThat(agent("1001").state()).isEqualTo(AgentState.ON_CALL);
        assertThat(agent("1001").callId()).contains(requests[0]);
        // the gateway still has 1001's call (gw-0), not 1002's
        long answeredAt = clock.millis() - 20_000;
        ScriptedGatewayPeer gw2 = gateway(new Snapshot(List.of(new Snapshot.CallSnapshot("gw-0", CallState.CONNECTED,
                null, "1001", "1001", "13912345670", answeredAt - 3_000, answeredAt, null)),
                List.of(new Snapshot.Registration("1001", "sip:1001@127.0.0.1:5099", clock.millis() + 3_600_000),
                        new Snapshot.Registration("1002", "sip:1002@127.0.0.1:5099", clock.millis() + 3_600_000)),
                clock.millis()));

        await().atMost(Duration.ofSeconds(10)).until(() -> agent("1002").state() == AgentState.WRAP_UP);
        await().atMost(Duration.ofSeconds(10)).until(() -> get(server.store().call(requests[1]))
                .map(c -> c.outcome() == CallRecord.Outcome.LOST_ON_RESTART).orElse(false));
        assertThat(agent("1001").state()).isEqualTo(AgentState.ON_CALL);

        clock.advance(Duration.ofSeconds(10));
        gw2.send(new CallCleared("gw-0", ClearCause.CALLER_HANGUP, 0, 0, clock.millis()));
        await().atMost(Duration.ofSeconds(10)).until(() -> agent("1001").state() == AgentState.WRAP_UP);
        await().atMost(Duration.ofSeconds(10)).until(() -> get(server.store().call("gw-0")).isPresent());
        CallRecord gw0 = get(server.store().call("gw-0")).orElseThrow();
        assertThat(gw0.outcome()).isEqualTo(CallRecord.Outcome.ANSWERED);
        assertThat(gw0.direction()).isEqualTo(CallRecord.Direction.OUTBOUND);
        assertThat(gw0.dialledNumber()).as("the number from the gateway's snapshot").contains("13912345670");
        assertThat(gw0.agentId()).contains("1001");
        assertThat(gw0.talkTime()).as("from the gateway's answer, across the restart")
                .isBetween(Duration.ofSeconds(30), Duration.ofSeconds(35));
    }
}
