package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.config.StorageConfig;
import dev.cti.link.message.AgentRinging;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallState;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.Snapshot;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.server.ServerMain;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.AgentStateChange;
import dev.cti.server.agent.Cause;
import dev.cti.server.testing.FaultyConnections;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import dev.cti.server.testing.ScriptedServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call center on a store that fails on demand (a real H2 under {@link FaultyConnections}): a CDR step that cannot
 * be stored raises the store alert (metric, push, health) instead of vanishing, and an answer whose agent record
 * could not be stored leaves the agent where the database has it (RESERVED) until the gateway's snapshot puts it on
 * the call.
 */
class StoreFailureCallTest {
    @TempDir
    Path tmp;

    private final FaultyConnections faults = new FaultyConnections();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Vertx peers = Vertx.vertx();
    private ServerMain.Running server;
    private ScriptedGatewayPeer gateway;
    private String base;

    @BeforeEach
    void start() throws Exception {
        CtiConfig shipped = ScriptedServer.shipped();
        NetworkConfig n = shipped.network();
        CtiConfig config = shipped.withNetwork(new NetworkConfig(new NetworkConfig.Server("127.0.0.1", 0, List.of()),
                        n.sip(), n.rtp(), new NetworkConfig.CtiLink("127.0.0.1", 0), n.gatewayAdmin()))
                .withStorage(new StorageConfig(tmp.toString(), Optional.empty(), Optional.empty(), Optional.empty()));
        server = ServerMain.start(config, Clock.systemUTC(), faults).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + server.httpPort();
        gateway = ScriptedGatewayPeer.connect(peers, "127.0.0.1", server.linkPort(),
                ScriptedServer.gatewayTls(config, "gw"));
        gateway.handshake("gw", new Snapshot(List.of(), List.of(), System.currentTimeMillis()));
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, System.currentTimeMillis()));
    }

    @AfterEach
    void stop() throws Exception {
        faults.failNothing();
        gateway.close();
        server.close();
        peers.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private String login(String user) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"demo-" + user
                        + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getString("token");
    }

    private void ready(String agent) throws Exception {
        String token = login(agent);
        for (String s : List.of("LOGGED_IN", "READY")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/agents/" + agent
                    + "/state")).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"state\":\"" + s + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
    }

    private AgentState state(String agent) {
        return server.agents().snapshot(agent).orElseThrow().state();
    }

    @Test
    void a_cdr_step_that_cannot_be_stored_raises_the_store_alert() throws Exception {
        String supervisor = login("supervisor");
        ScriptedGatewayApiBase.Events events = new ScriptedGatewayApiBase.Events();
        http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.httpPort() + "/api/events?token="
                + supervisor), events).get(10, TimeUnit.SECONDS);
        events.next(e -> "snapshot".equals(e.getString("type")), Duration.ofSeconds(10));
        faults.failStatements(sql -> sql.startsWith("UPDATE calls SET direction"));

        gateway.send(new CallOffered("c1", "service", "13812345678", "4008001000", "pbx", System.currentTimeMillis()));

        JsonObject alert = events.next(e -> "store-alert".equals(e.getString("type")), Duration.ofSeconds(10));
        assertThat(alert.getJsonObject("store").getString("kind")).isEqualTo("call");
        assertThat(alert.getJsonObject("store").getString("subject")).isEqualTo("c1");
        assertThat(alert.getJsonObject("store").getLong("lost")).isEqualTo(1);
        assertThat(alert.encode()).doesNotContain("13812345678");
        assertThat(server.meters().get("cti.store.writes.lost").tag("kind", "call").counter().count()).isEqualTo(1);
        JsonObject health = new JsonObject(http.send(HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(health.getJsonObject("lostRecords").getLong("lost")).isEqualTo(1);
    }

    @Test
    void an_answer_whose_record_fails_leaves_the_agent_ringing_until_the_snapshot_puts_it_on_the_call()
            throws Exception {
        ready("1001");
        gateway.send(new CallOffered("c1", "service", "13812345678", "4008001000", "pbx", System.currentTimeMillis()));
        gateway.await(DeliverToAgent.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.RESERVED);
        gateway.send(new AgentRinging("c1", "1001", "1001", System.currentTimeMillis()));
        faults.failStatements(sql -> sql.startsWith("INSERT INTO agent_state_history"));

        long answeredAt = System.currentTimeMillis();
        gateway.send(new CallAnswered("c1", "1001", 2000, answeredAt));

        await().atMost(Duration.ofSeconds(5)).until(() -> server.meters().find("cti.agent.events.unstored")
                .tag("event", "ANSWERED").counter() != null);
        assertThat(state("1001")).as("memory never ahead of the database").isEqualTo(AgentState.RESERVED);
        faults.failNothing();

        gateway.send(new Snapshot(List.of(new Snapshot.CallSnapshot("c1", CallState.CONNECTED, "service", "1001",
                "1001", "13812345678", answeredAt - 5000, answeredAt, null)), List.of(new Snapshot.Registration("1001",
                "sip:1001@127.0.0.1:5099", System.currentTimeMillis() + 3_600_000)), System.currentTimeMillis()));

        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.ON_CALL);
        List<AgentStateChange> history = server.store().stateHistory("1001").toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertThat(history).last().satisfies(c -> {
            assertThat(c.event()).isEqualTo(AgentEventType.ANSWERED);
            assertThat(c.from()).isEqualTo(AgentState.RESERVED);
            assertThat(c.cause().kind()).isEqualTo(Cause.Kind.RECONCILIATION);
        });
        assertThat(server.meters().get("cti.reconciliation.corrections").tag("kind", "agent-answered").counter()
                .count()).isEqualTo(1);
    }
}
