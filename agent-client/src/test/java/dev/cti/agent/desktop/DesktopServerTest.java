package dev.cti.agent.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cti.agent.AgentSeat;
import dev.cti.agent.AudioSpec;
import dev.cti.agent.headless.EventOutput;
import dev.cti.agent.phone.PhoneSettings;
import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The desktop page and its WebSocket: token and origin checks, hello from the configuration, commands and events. */
class DesktopServerTest {
    private final Vertx vertx = Vertx.vertx();
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1);
    private DatagramSocket deadGateway;
    private AgentSeat seat;
    private DesktopServer desktop;
    private int port;
    private EventOutput output;

    @BeforeEach
    void start() throws Exception {
        CtiConfig config = ConfigLoader.load(Path.of(System.getProperty("cti.repo.root", "..")).resolve("conf"));
        deadGateway = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        output = new EventOutput(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        seat = new AgentSeat(new AgentSeat.Settings("1001", new PhoneSettings("1001", "pw", "cti.local", "127.0.0.1",
                deadGateway.getLocalPort(), "127.0.0.1", 300), null, "1001", null, -1, new AudioSpec("silence", "discard")),
                vertx, ticker, Clock.systemUTC(), output);
        seat.start().get(10, TimeUnit.SECONDS);
        desktop = new DesktopServer(vertx, seat, output,
                dev.cti.agent.AgentMainAccess.hello(config, config.agent("1001").orElseThrow()));
        port = desktop.start(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        desktop.close();
        seat.close();
        deadGateway.close();
        ticker.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Kept referenced: an unreferenced client may be collected and its connection evicted. */
    private final List<WebSocketClient> clients = new CopyOnWriteArrayList<>();

    private WebSocket connect(String query, String origin) throws Exception {
        return connect(query, origin, t -> { });
    }

    /**
     * Connects with the text handler installed on the event loop as the upgrade completes, so a message
     * the server sends at once (the hello) cannot arrive before there is a handler.
     */
    private WebSocket connect(String query, String origin, java.util.function.Consumer<String> onText)
            throws Exception {
        WebSocketClient client = vertx.createWebSocketClient();
        clients.add(client);
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws" + query);
        if (origin != null) o.addHeader("Origin", origin);
        return client.connect(o).onSuccess(ws -> ws.textMessageHandler(onText::accept))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void servesThePageWithAStrictPolicy() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<title>cti-agent desktop</title>").contains("/ws?token=");
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("default-src 'self'"));
        assertThat(desktop.url()).startsWith("http://127.0.0.1:" + port + "/?token=");
    }

    @Test
    void refusesSocketsWithoutTheTokenOrFromAnotherOrigin() {
        assertThatThrownBy(() -> connect("", null)).hasCauseInstanceOf(UpgradeRejectedException.class)
                .hasMessageContaining("401");
        assertThatThrownBy(() -> connect("?token=guess", null)).hasMessageContaining("401");
        String query = "?" + URI.create(desktop.url()).getQuery();
        assertThatThrownBy(() -> connect(query, "http://evil.example")).hasMessageContaining("403");
    }

    @Test
    void saysHelloRunsCommandsAndPushesEvents() throws Exception {
        List<JsonObject> got = new CopyOnWriteArrayList<>();
        String query = "?" + URI.create(desktop.url()).getQuery();
        WebSocket ws = connect(query, "http://127.0.0.1:" + port, t -> got.add(new JsonObject(t)));
        JsonObject hello = await().atMost(Duration.ofSeconds(5)).until(() -> got.stream()
                .filter(e -> "hello".equals(e.getString("event"))).findFirst().orElse(null), e -> e != null);
        assertThat(hello.getString("agent")).isEqualTo("1001");
        assertThat(hello.getJsonArray("reasons").encode()).contains("\"code\":\"meal\"").contains("用餐");
        assertThat(hello.getDouble("ringCadenceSeconds")).isPositive();

        ws.writeTextMessage("mute");
        await().atMost(Duration.ofSeconds(5)).until(() -> got.stream().anyMatch(e -> "muted".equals(e.getString("event"))));
        await().atMost(Duration.ofSeconds(5)).until(() -> got.stream()
                .anyMatch(e -> "ok".equals(e.getString("event")) && "mute".equals(e.getString("command"))));
        ws.writeTextMessage("hold");
        await().atMost(Duration.ofSeconds(5)).until(() -> got.stream()
                .anyMatch(e -> "error".equals(e.getString("event")) && "hold".equals(e.getString("command"))));
    }

    @Test
    void servesTheQaScriptAndOnlyTheAudioItHandedOut() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> script = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/qa.js"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("text/javascript"));
        assertThat(script.body()).contains("const DesktopQa");
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v)
                .contains("script-src 'self' 'unsafe-inline'"));
        for (String path : new String[] {"/audio/", "/audio/guess", "/audio/../qa.js", "/other.js"}) {
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void theQaFramesAndCommandsAnswerAClearErrorWhenTheyCannotBeDone() throws Exception {
        List<JsonObject> got = new CopyOnWriteArrayList<>();
        String query = "?" + URI.create(desktop.url()).getQuery();
        WebSocket ws = connect(query, "http://127.0.0.1:" + port, t -> got.add(new JsonObject(t)));
        // this seat runs without a server: every QA request says so; bad arguments are named
        for (String line : new String[] {"evaluations", "evaluation-detail 7", "play 20261207-abc", "play",
                                         "recording pause", "recording stop", "acknowledge x", "dispute 7 no reason"}) {
            ws.writeTextMessage(line);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> got.stream()
                .filter(e -> "error".equals(e.getString("event"))).count() == 8);
        List<JsonObject> errors = got.stream().filter(e -> "error".equals(e.getString("event"))).toList();
        assertThat(errors).anySatisfy(e -> {
            assertThat(e.getString("command")).isEqualTo("evaluations");
            assertThat(e.getString("message")).contains("no server configured");
        });
        assertThat(errors).anySatisfy(e -> {
            assertThat(e.getString("command")).isEqualTo("play");
            assertThat(e.getString("message")).isEqualTo("play takes a recording id");
        });
        assertThat(errors).anySatisfy(e -> {
            assertThat(e.getString("command")).isEqualTo("recording");
            assertThat(e.getString("message")).contains("pause or resume");
        });
        assertThat(errors).filteredOn(e -> "acknowledge".equals(e.getString("command"))).singleElement()
                .satisfies(e -> assertThat(e.getString("message")).contains("no server configured"));
        assertThat(errors).filteredOn(e -> e.getString("message").contains("13812345678")).isEmpty();
    }

    @Test
    void aPageOpenedDuringAMonitorIsToldOfItUntilTheCallIsOver() throws Exception {
        String query = "?" + URI.create(desktop.url()).getQuery();
        String origin = "http://127.0.0.1:" + port;
        output.accept(new JsonObject().put("event", "monitored").put("mode", "barge").put("state", "active"));
        assertThat(replayed(query, origin)).anySatisfy(e -> assertThat(e.getString("mode")).isEqualTo("barge"));
        output.accept(new JsonObject().put("event", "idle"));
        assertThat(replayed(query, origin)).as("the call is over").isEmpty();

        // a take-over stays through the wrap-up it caused, and goes with it
        output.accept(new JsonObject().put("event", "monitored").put("mode", "takeover").put("state", "active"));
        output.accept(new JsonObject().put("event", "idle"));
        output.accept(new JsonObject().put("event", "state").put("state", "WRAP_UP"));
        output.accept(new JsonObject().put("event", "monitored").put("mode", "takeover").put("state", "ended"));
        assertThat(replayed(query, origin)).anySatisfy(e -> assertThat(e.getString("mode")).isEqualTo("takeover"));
        output.accept(new JsonObject().put("event", "state").put("state", "READY"));
        assertThat(replayed(query, origin)).isEmpty();

        output.accept(new JsonObject().put("event", "monitored").put("mode", "whisper").put("state", "active"));
        output.accept(new JsonObject().put("event", "monitored").put("mode", "whisper").put("state", "ended"));
        assertThat(replayed(query, origin)).as("ended").isEmpty();
    }

    /** The "monitored" events a newly opened page gets (after its hello and the state it has to show). */
    private List<JsonObject> replayed(String query, String origin) throws Exception {
        List<JsonObject> got = new CopyOnWriteArrayList<>();
        WebSocket ws = connect(query, origin, t -> got.add(new JsonObject(t)));
        ws.writeTextMessage("status"); // answered after the replay: once it is here, the replay is complete
        await().atMost(Duration.ofSeconds(5)).until(() -> got.stream().anyMatch(e -> "ok".equals(e.getString("event"))));
        ws.close();
        return got.stream().filter(e -> "monitored".equals(e.getString("event"))).toList();
    }
}
