package dev.cti.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.CtiConfig;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.server.ServerMain;
import dev.cti.server.agent.AgentState;
import dev.cti.server.store.AuditEntry;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link ScriptedServer} per test (the real server on the shipped configuration, or the subclass's version of
 * it, H2 in a temp dir, a scripted gateway on the CTI link), and the REST and WebSocket helpers the call-control
 * and monitor tests share.
 */
public abstract class ScriptedGatewayApiBase {
    @TempDir
    protected Path tmp;

    protected ServerMain.Running server;
    protected ScriptedGatewayPeer gateway;
    protected final HttpClient http = HttpClient.newHttpClient();
    protected String base;
    private ScriptedServer stack;
    private final List<WebSocket> sockets = new ArrayList<>();

    /** The shipped conf/ as loaded; subclasses may add to it. */
    protected CtiConfig configure(CtiConfig shipped) {
        return shipped;
    }

    /** The server's clock: the system's; a subclass may give one it moves by hand. */
    protected Clock clock() {
        return Clock.systemUTC();
    }

    @BeforeEach
    protected void startServerAndGateway() throws Exception {
        stack = ScriptedServer.start(configure(ScriptedServer.shipped()), clock(), tmp, "gw");
        server = stack.server;
        gateway = stack.gateway;
        base = stack.base;
    }

    @AfterEach
    protected void stopServerAndGateway() throws Exception {
        sockets.forEach(WebSocket::abort);
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * A server restart: server and scripted gateway closed, a new server started on the same database (sessions,
     * agents and open calls come back from the records), and the gateway connected again with {@code snapshot}.
     */
    protected void restartServer(dev.cti.link.message.Snapshot snapshot) throws Exception {
        stack.close();
        stack = null;
        stack = ScriptedServer.start(configure(ScriptedServer.shipped()), clock(), tmp, "gw", snapshot);
        server = stack.server;
        gateway = stack.gateway;
        base = stack.base;
    }

    /** A second connection of the gateway "gw" (e.g. after a reconnection), over TLS like the first, not handshaken. */
    protected ScriptedGatewayPeer reconnectGateway(io.vertx.core.Vertx vertx) {
        return stack.connectGateway(vertx, "gw");
    }

    protected AgentState state(String agentId) {
        return server.agents().snapshot(agentId).orElseThrow().state();
    }

    protected List<AuditEntry> audit() throws Exception {
        return server.store().auditLog(500).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    protected void ready(String token, String agentId) throws Exception {
        assertThat(post("/api/agents/" + agentId + "/state", token, "{\"state\":\"LOGGED_IN\"}").statusCode()).isEqualTo(200);
        assertThat(post("/api/agents/" + agentId + "/state", token, "{\"state\":\"READY\"}").statusCode()).isEqualTo(200);
    }

    protected String login(String user, String password) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getString("token");
    }

    protected HttpResponse<String> post(String path, String token, String body) throws Exception {
        return send(path, token, "POST", body);
    }

    protected HttpResponse<String> send(String path, String token, String method, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Everything /api/events pushes to one user, as JSON, after the initial snapshot. */
    protected Events events(String token) throws Exception {
        Events events = new Events();
        WebSocket ws = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.httpPort() + "/api/events?token=" + token), events)
                .get(10, TimeUnit.SECONDS);
        sockets.add(ws);
        events.next(e -> "snapshot".equals(e.getString("type")), Duration.ofSeconds(10));
        return events;
    }

    /** A WebSocket listener that queues each text message. */
    public static final class Events implements WebSocket.Listener {
        private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(new JsonObject(partial.toString()));
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        /** The next event matching {@code which}, skipping others; fails after {@code within}. */
        public JsonObject next(Predicate<JsonObject> which, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (true) {
                JsonObject e = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new AssertionError("no matching event within " + within);
                }
                if (which.test(e)) {
                    return e;
                }
            }
        }

        /** Events of {@code type} received so far (without waiting). */
        public List<JsonObject> drained(String type) {
            List<JsonObject> out = new ArrayList<>();
            received.drainTo(out);
            return out.stream().filter(e -> type.equals(e.getString("type"))).toList();
        }
    }
}
