package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.config.QueueConfig;
import dev.cti.config.StorageConfig;
import dev.cti.link.message.AgentRinging;
import dev.cti.link.message.Announce;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallState;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.DtmfReceived;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.Leg;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.PlayPrompts;
import dev.cti.link.message.PromptsPlayed;
import dev.cti.link.message.Snapshot;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.server.ServerMain;
import dev.cti.server.agent.AgentState;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.FollowUpStore;
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
 * A callback that keeps its place survives a server restart (issue 17; docs/STORAGE.md, "Restart: restoring from the
 * records"): the real server on the shipped configuration, a scripted gateway. A, B and C wait in the service queue in
 * that order with no agent ready; B takes the callback offer (after 60 s of waiting) and is hung up. The server stops
 * and starts again on the same database; the gateway comes back with A and C still waiting. B's callback is back
 * between them: C's announcement counts 3, the queue shows 3 waiting and B's callback requested, and once the agent is
 * ready A is served, then B is called back through the agent, then C.
 */
class QueueCallbackRestartTest {
    private static final String A = "13800000001";
    private static final String B = "13800000002";
    private static final String C = "13800000003";
    private static final Duration T = Duration.ofSeconds(10);

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

    @Test
    void a_queued_callback_comes_back_at_its_place_after_a_restart_and_is_dialled_in_its_turn() throws Exception {
        // ---- the first run: A, B, C wait; B leaves a callback ----------------------------------------------
        start();
        ScriptedGatewayPeer gw = gateway(new Snapshot(List.of(), List.of(), clock.millis()));
        gw.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, clock.millis()));
        state(login("1001"), "{\"state\":\"LOGGED_IN\"}");
        long startedA = offered(gw, "a", A);
        long startedC;
        offered(gw, "b", B);
        startedC = offered(gw, "c", C);
        clock.advance(Duration.ofSeconds(61)); // the shipped service queue offers the callback after 60 s

        gw.await(Announce.class, x -> x.callId().equals("b") && x.offersCallback());
        QueueConfig service = config.queue("service").orElseThrow();
        key(gw, "b", '1');
        gw.await(PlayPrompts.class, p -> p.callId().equals("b")
                && p.prompts().equals(List.of(service.callbackPrompt("number"))));
        key(gw, "b", '1');
        key(gw, "b", '#');
        PlayPrompts confirmed = gw.await(PlayPrompts.class, p -> p.callId().equals("b")
                && p.prompts().equals(List.of(service.callbackPrompt("confirmed"))));
        gw.send(new PromptsPlayed("b", confirmed.playId(), clock.millis()));
        assertThat(gw.await(HangUp.class).callId()).isEqualTo("b");
        gw.send(new CallCleared("b", ClearCause.SERVER_HANGUP, 62_000, 0, clock.millis()));
        await().atMost(T).until(() -> get(server.store().call("b")).map(CallRecord::outcome),
                o -> o.equals(Optional.of(CallRecord.Outcome.CALLBACK)));
        FollowUpStore.Callback stored = server.followUps().callbacks().queuedNow().stream()
                .filter(x -> x.callId().equals("b")).findFirst().orElseThrow();
        FollowUpStore.Place place = get(new FollowUpStore(server.store()).place(stored.id())).orElseThrow();
        assertThat(place.priority()).isEqualTo(service.priority());
        assertThat(place.skills()).isEqualTo(service.requiredSkills());

        // ---- the restart: the server stops and starts again on the same database --------------------------
        server.close();
        open.remove(server);
        clock.advance(Duration.ofSeconds(5));
        start();
        assertThat(server.followUps().callbacks().queuedNow()).as("still waiting in its place, not made due")
                .singleElement().satisfies(x -> assertThat(x.status()).isEqualTo(FollowUpStore.Status.QUEUED));

        // the gateway comes back with A and C still waiting
        ScriptedGatewayPeer gw2 = gateway(new Snapshot(List.of(
                new Snapshot.CallSnapshot("a", CallState.QUEUED, "service", null, null, A, startedA, null, null),
                new Snapshot.CallSnapshot("c", CallState.QUEUED, "service", null, null, C, startedC, null, null)),
                List.of(new Snapshot.Registration("1001", "sip:1001@127.0.0.1:5099", clock.millis() + 3_600_000)),
                clock.millis()));
        Announce toC = gw2.await(Announce.class, x -> x.callId().equals("c"));
        assertThat(toC.position()).as("C's announcement counts B's callback").isEqualTo(3);
        assertThat(gw2.await(Announce.class, x -> x.callId().equals("a")).position()).isEqualTo(1);
        String supervisor = login("supervisor");
        JsonObject queue = queue(supervisor, "service");
        assertThat(queue.getInteger("waiting")).isEqualTo(3);
        assertThat(queue.getJsonObject("callbacks").getLong("requested")).as("today's, read back").isEqualTo(1);

        // ---- the agent is ready: A, then B's callback through the agent, then C --------------------------
        String agent = login("1001");
        state(agent, "{\"state\":\"READY\"}");
        assertThat(gw2.await(DeliverToAgent.class).callId()).as("A is served first").isEqualTo("a");
        gw2.send(new AgentRinging("a", "1001", "1001", clock.millis()));
        gw2.send(new CallAnswered("a", "1001", 1_000, clock.millis()));
        await().atMost(T).until(() -> agentState() == AgentState.ON_CALL);
        gw2.send(new CallCleared("a", ClearCause.CALLER_HANGUP, 1_000, 2_000, clock.millis()));
        await().atMost(T).until(() -> agentState() == AgentState.WRAP_UP);
        wrapUp(agent);

        Originate dial = gw2.await(Originate.class);
        assertThat(dial.number()).as("then B's callback, dialled through the agent").isEqualTo(B);
        assertThat(dial.agentId()).isEqualTo("1001");
        assertThat(gw2.received(DeliverToAgent.class)).as("C waits behind the callback").hasSize(1);
        gw2.send(new OriginateProgress(dial.requestId(), "cb-call", OriginateState.AGENT_RINGING, clock.millis()));
        gw2.send(new OriginateProgress(dial.requestId(), "cb-call", OriginateState.DIALING, clock.millis()));
        clock.advance(Duration.ofSeconds(30));
        gw2.send(new OriginateProgress(dial.requestId(), "cb-call", OriginateState.CONNECTED, clock.millis()));
        await().atMost(T).until(() -> agentState() == AgentState.ON_CALL);
        gw2.send(new CallCleared("cb-call", ClearCause.CALLER_HANGUP, 0, 3_000, clock.millis()));
        await().atMost(T).until(() -> server.followUps().callbacks().openNow().isEmpty());
        await().atMost(T).until(() -> queue(supervisor, "service").getJsonObject("callbacks").getLong("completed")
                == 1);
        await().atMost(T).until(() -> agentState() == AgentState.WRAP_UP);
        wrapUp(agent);

        assertThat(gw2.await(DeliverToAgent.class, d -> d.callId().equals("c")).agentId()).as("then C")
                .isEqualTo("1001");
    }

    private void start() throws Exception {
        CtiConfig shipped = ScriptedServer.shipped();
        NetworkConfig n = shipped.network();
        config = shipped.withNetwork(new NetworkConfig(new NetworkConfig.Server("127.0.0.1", 0, List.of()),
                        n.sip(), n.rtp(), new NetworkConfig.CtiLink("127.0.0.1", 0), n.gatewayAdmin()))
                .withStorage(new StorageConfig(tmp.toString(), Optional.empty(), Optional.empty(), Optional.empty())
                        .withRestoreGrace(60));
        server = ServerMain.start(config, clock).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        open.add(server);
        base = "http://127.0.0.1:" + server.httpPort();
    }

    private ScriptedGatewayPeer gateway(Snapshot snapshot) {
        ScriptedGatewayPeer gw = ScriptedGatewayPeer.connect(peers, "127.0.0.1", server.linkPort(),
                ScriptedServer.gatewayTls(config, "gw"));
        open.add(gw);
        gw.handshake("gw", snapshot);
        return gw;
    }

    /** Offers a call and waits for its CDR; its start (the snapshot's). One second passes after it (arrival order). */
    private long offered(ScriptedGatewayPeer gw, String callId, String caller) {
        long at = clock.millis();
        gw.send(new CallOffered(callId, "service", caller, "4008001000", "pbx", at));
        await().atMost(T).until(() -> get(server.store().call(callId)).isPresent());
        clock.advance(Duration.ofSeconds(1));
        return at;
    }

    private static void key(ScriptedGatewayPeer gw, String callId, char digit) {
        gw.send(new DtmfReceived(callId, Leg.CALLER, String.valueOf(digit), System.currentTimeMillis()));
    }

    private void wrapUp(String token) throws Exception {
        HttpResponse<String> r = post("/api/agents/1001/wrapup", token, "{\"code\":\"resolved\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        // READY, and at once offered the next one: only the end of the wrap-up is waited for
        await().atMost(T).until(() -> agentState() != AgentState.WRAP_UP);
    }

    private AgentState agentState() {
        return server.agents().snapshot("1001").orElseThrow().state();
    }

    private JsonObject queue(String token, String id) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/queues"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonArray queues = new JsonObject(r.body()).getJsonArray("queues");
        for (int i = 0; i < queues.size(); i++) {
            if (id.equals(queues.getJsonObject(i).getString("id"))) {
                return queues.getJsonObject(i);
            }
        }
        throw new AssertionError("no queue " + id + " in " + r.body());
    }

    private String login(String user) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"demo-" + user
                        + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getString("token");
    }

    private void state(String token, String body) throws Exception {
        HttpResponse<String> r = post("/api/agents/1001/state", token, body);
        assertThat(r.statusCode()).as(body + ": " + r.body()).isEqualTo(200);
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
