package dev.cti.server.http;

import dev.cti.config.CtiConfig;
import dev.cti.config.PasswordHash;
import dev.cti.link.LinkDownException;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.agent.ConfigQueueRules;
import dev.cti.server.auth.AuthService;
import dev.cti.server.auth.AuthorizationPolicy;
import dev.cti.server.events.ServerEvents;
import dev.cti.server.recording.Recordings;
import dev.cti.server.store.Store;
import dev.cti.server.testing.TestConfigs;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One real server per test class (H2 store in a temp dir, ephemeral port, production PBKDF2 hashes), with
 * every test user logged in once through {@code POST /api/login}.
 */
@ExtendWith(VertxExtension.class)
abstract class HttpApiTestBase {
    static Vertx vertx;
    static Path dataDir;
    static CtiConfig config;
    static Store store;
    static AgentRegistry agents;
    static PrometheusMeterRegistry meters;
    static HttpApiVerticle api;
    static dev.cti.server.qa.QaModule qa;
    static dev.cti.server.report.Reports reports;
    static WebClient client;
    static int port;
    static final Map<String, String> TOKENS = new HashMap<>();

    @BeforeAll
    static void startServer() throws Exception {
        vertx = Vertx.vertx();
        dataDir = Files.createTempDirectory("cti-http-test");
        config = TestConfigs.withQa(TestConfigs.sample(dataDir.resolve("data").toString()));
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Clock clock = Clock.systemUTC();
        store = Store.open(config.storage(), vertx, meters, clock);
        ServerEvents events = new ServerEvents();
        store.alerts().publishTo(events);
        agents = new AgentRegistry(vertx, vertx.getOrCreateContext(), config, new ConfigQueueRules(config), store,
                events, meters, clock);
        AuthService auth = new AuthService(config, PasswordHash::verify, clock, new SecureRandom(), vertx,
                new dev.cti.server.store.SessionStore(store));
        get(auth.start());
        AuthorizationPolicy policy = new AuthorizationPolicy();
        qa = new dev.cti.server.qa.QaModule(vertx, config, policy, store, events, meters, clock, new java.util.Random(7));
        // the recording endpoints on an empty index, with no gateway
        Recordings recordings = Recordings.create(vertx, vertx.getOrCreateContext(), config, store,
                command -> Future.failedFuture(new LinkDownException("no gateway in these tests")),
                callId -> Optional.empty(), events, meters, clock);
        reports = new dev.cti.server.report.Reports(vertx, config, store, meters, clock).withQa(qa.kpis());
        api = new HttpApiVerticle(new ApiDependencies(config, agents, events, store, auth, policy, meters,
                Optional.of(meters), clock, Optional.empty(), qa, Optional.of(recordings), Optional.of(reports)));
        get(vertx.deployVerticle(api));
        port = api.actualPort();
        client = WebClient.create(vertx);
        for (String user : List.of("alice", "bob", "carol", "sam", "sue", "quinn", "root")) {
            HttpResponse<Buffer> r = get(client.post(port, "127.0.0.1", "/api/login")
                    .sendJsonObject(new JsonObject().put("username", user).put("password", TestConfigs.PASSWORD)));
            TOKENS.put(user, r.bodyAsJsonObject().getString("token"));
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        client.close();
        reports.close();
        store.close();
        get(vertx.close());
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static Future<HttpResponse<Buffer>> post(String user, String path, JsonObject body) {
        var req = client.post(port, "127.0.0.1", path);
        if (user != null) {
            req.putHeader("Authorization", "Bearer " + TOKENS.get(user));
        }
        return req.sendJsonObject(body);
    }

    static Future<HttpResponse<Buffer>> getAs(String user, String path) {
        var req = client.get(port, "127.0.0.1", path);
        if (user != null) {
            req.putHeader("Authorization", "Bearer " + TOKENS.get(user));
        }
        return req.send();
    }

    static JsonObject state(String state) {
        return new JsonObject().put("state", state);
    }

    static JsonObject state(String state, String reason) {
        return new JsonObject().put("state", state).put("reason", reason);
    }
}
