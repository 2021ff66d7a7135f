package dev.cti.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventsSocketTest extends HttpApiTestBase {
    private WebSocketClient ws;

    @BeforeEach
    void client() {
        ws = vertx.createWebSocketClient();
    }

    @AfterEach
    void closeClient() throws Exception {
        get(ws.close());
    }

    private Future<WebSocket> connect(String uri, String origin) {
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
        if (origin != null) {
            o.addHeader("Origin", origin);
        }
        return ws.connect(o);
    }

    @Test
    void a_foreign_origin_is_refused(VertxTestContext tc) {
        connect("/api/events?token=" + TOKENS.get("sam"), "http://evil.example")
                .onComplete(tc.failing(e -> tc.verify(() -> {
                    assertThat(e).isInstanceOf(UpgradeRejectedException.class);
                    assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(403);
                    assertThat(meters.counter("cti.ws.rejected").count()).isGreaterThanOrEqualTo(1);
                    tc.completeNow();
                })));
    }

    @Test
    void a_bad_token_is_refused(VertxTestContext tc) {
        connect("/api/events?token=forged", null).onComplete(tc.failing(e -> tc.verify(() -> {
            assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(401);
            tc.completeNow();
        })));
    }

    @Test
    void own_and_allowed_origins_are_accepted(VertxTestContext tc) {
        Checkpoint both = tc.checkpoint(2);
        for (String origin : new String[] {"http://127.0.0.1:" + port, "http://wallboard.example"}) {
            connect("/api/events?token=" + TOKENS.get("sam"), origin).onComplete(tc.succeeding(socket ->
                    socket.textMessageHandler(text -> tc.verify(() -> {
                        assertThat(new JsonObject(text).getString("type")).isEqualTo("snapshot");
                        socket.close();
                        both.flag();
                    }))));
        }
    }

    @Test
    void snapshot_then_pushed_state_change(VertxTestContext tc) {
        AtomicBoolean gotSnapshot = new AtomicBoolean();
        connect("/api/events?token=" + TOKENS.get("sam"), "http://127.0.0.1:" + port)
                .onComplete(tc.succeeding(socket -> socket.textMessageHandler(text -> tc.verify(() -> {
                    JsonObject m = new JsonObject(text);
                    if (m.getString("type").equals("snapshot")) {
                        assertThat(m.getJsonArray("agents").stream().map(a -> ((JsonObject) a).getString("id")))
                                .containsExactly("a1", "a2"); // sam's team only
                        gotSnapshot.set(true);
                        // now make a change sam may see: carol's (blue) must not arrive, bob's must
                        post("carol", "/api/agents/a3/state", state("LOGGED_IN"))
                                .compose(r -> post("bob", "/api/agents/a2/state", state("LOGGED_IN")))
                                .compose(r -> post("bob", "/api/agents/a2/state", state("NOT_READY", "break")))
                                .onComplete(tc.succeeding(r -> tc.verify(() ->
                                        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200))));
                        return;
                    }
                    assertThat(gotSnapshot).isTrue();
                    assertThat(m.getString("type")).isEqualTo("agent");
                    JsonObject agent = m.getJsonObject("agent");
                    assertThat(agent.getString("id")).isEqualTo("a2");
                    if (!"break".equals(agent.getString("reason"))) {
                        return; // a2's seat login comes first
                    }
                    assertThat(agent.getString("state")).isEqualTo("NOT_READY");
                    assertThat(m.getLong("seq")).isGreaterThan(0L);
                    assertThat(m.getJsonObject("change").getString("cause")).isEqualTo("AGENT");
                    socket.close();
                    tc.completeNow();
                }))));
    }

    @Test
    void token_as_first_message(VertxTestContext tc) {
        connect("/api/events", null).onComplete(tc.succeeding(socket -> {
            socket.textMessageHandler(text -> tc.verify(() -> {
                JsonObject m = new JsonObject(text);
                assertThat(m.getString("type")).isEqualTo("snapshot");
                assertThat(m.getJsonObject("user").getString("username")).isEqualTo("alice");
                assertThat(m.getJsonArray("agents")).hasSize(1);
                socket.close();
                tc.completeNow();
            }));
            socket.writeTextMessage(new JsonObject().put("type", "auth").put("token", TOKENS.get("alice")).encode());
        }));
    }

    @Test
    void a_bad_first_message_closes_with_policy_violation(VertxTestContext tc) {
        connect("/api/events", null).onComplete(tc.succeeding(socket -> {
            socket.closeHandler(v -> tc.verify(() -> {
                assertThat(socket.closeStatusCode()).isEqualTo((short) 1008);
                tc.completeNow();
            }));
            socket.writeTextMessage("{\"type\":\"auth\",\"token\":\"forged\"}");
        }));
    }
}
