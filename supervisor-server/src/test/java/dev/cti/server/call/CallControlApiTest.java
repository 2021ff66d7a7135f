package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.config.StorageConfig;
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
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.TargetKind;
import dev.cti.link.message.Transfer;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.server.ServerMain;
import dev.cti.server.agent.AgentState;
import dev.cti.server.store.AuditEntry;
import dev.cti.server.store.CallRecord;
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

/** Call control through the REST API, as ServerMain runs it, with a scripted gateway on the link. */
class CallControlApiTest {
    @TempDir
    Path tmp;

    private ServerMain.Running server;
    private Vertx peerVertx;
    private ScriptedGatewayPeer gateway;
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    @BeforeEach
    void start() throws Exception {
        CtiConfig shipped = ConfigLoader.load(Path.of(System.getProperty("cti.repo.root", "..")).resolve("conf"));
        NetworkConfig n = shipped.network();
        CtiConfig config = shipped.withNetwork(new NetworkConfig(new NetworkConfig.Server("127.0.0.1", 0, List.of()),
                        n.sip(), n.rtp(), new NetworkConfig.CtiLink("127.0.0.1", 0), n.gatewayAdmin()))
                .withStorage(new StorageConfig(tmp.toString(), Optional.empty(), Optional.empty(), Optional.empty()));
        server = ServerMain.start(config, Clock.systemUTC()).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + server.httpPort();
        peerVertx = Vertx.vertx();
        gateway = ScriptedGatewayPeer.connect(peerVertx, "127.0.0.1", server.linkPort());
        gateway.handshake("gw", new Snapshot(List.of(), List.of(), System.currentTimeMillis()));
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, System.currentTimeMillis()));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        server.close();
        peerVertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
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
        gateway.send(new CallCleared("gw-out-1", ClearCause.AGENT_HANGUP, 0, 30_000, now + 33_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.WRAP_UP);
        await().atMost(Duration.ofSeconds(5)).until(() -> cdr("gw-out-1").isPresent());
        CallRecord cdr = cdr("gw-out-1").orElseThrow();
        assertThat(cdr.direction()).isEqualTo(CallRecord.Direction.OUTBOUND);
        assertThat(cdr.outcome()).isEqualTo(CallRecord.Outcome.ANSWERED);
        assertThat(cdr.dialledNumber()).contains("13912345678");
        assertThat(cdr.talkTime()).isEqualTo(Duration.ofSeconds(30));

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
        JsonObject day = await().atMost(Duration.ofSeconds(5)).until(() -> new JsonObject(get("/api/agents/1001/today", agent)),
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

    private String get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private AgentState state(String agentId) {
        return server.agents().snapshot(agentId).orElseThrow().state();
    }

    private Optional<CallRecord> cdr(String id) throws Exception {
        return server.store().call(id).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private void ready(String token, String agentId) throws Exception {
        assertThat(post("/api/agents/" + agentId + "/state", token, "{\"state\":\"LOGGED_IN\"}").statusCode()).isEqualTo(200);
        assertThat(post("/api/agents/" + agentId + "/state", token, "{\"state\":\"READY\"}").statusCode()).isEqualTo(200);
    }

    private String login(String user, String password) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getString("token");
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
