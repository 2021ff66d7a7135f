package dev.cti.server.http;

import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.config.PasswordHash;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.agent.ConfigQueueRules;
import dev.cti.server.auth.AuthService;
import dev.cti.server.auth.AuthorizationPolicy;
import dev.cti.server.events.ServerEvents;
import dev.cti.server.store.SessionStore;
import dev.cti.server.store.Store;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * One API server on a given configuration and clock, that a test can stop and start again on the same database
 * (sessions surviving a restart). Plain HTTP on a free loopback port; production PBKDF2 verifier.
 */
final class ApiRig implements AutoCloseable {
    final CtiConfig config;
    final Clock clock;
    Vertx vertx;
    Store store;
    AgentRegistry agents;
    ServerEvents events;
    AuthService auth;
    HttpApiVerticle api;
    PrometheusMeterRegistry meters;
    WebClient client;
    int port;

    private final UnaryOperator<javax.sql.DataSource> connections;

    private ApiRig(CtiConfig config, Clock clock, UnaryOperator<javax.sql.DataSource> connections) {
        this.config = config;
        this.clock = clock;
        this.connections = connections;
    }

    /** {@code base} with the server's limits changed by {@code server}. */
    static CtiConfig with(CtiConfig base, UnaryOperator<NetworkConfig.Server> server) {
        NetworkConfig n = base.network();
        return base.withNetwork(new NetworkConfig(server.apply(n.server()), n.sip(), n.rtp(), n.ctiLink(),
                n.gatewayAdmin()));
    }

    static ApiRig start(CtiConfig config, Clock clock) throws Exception {
        return start(config, clock, UnaryOperator.identity());
    }

    /** With the store's connections passed through {@code connections} (a fault injector). */
    static ApiRig start(CtiConfig config, Clock clock, UnaryOperator<javax.sql.DataSource> connections)
            throws Exception {
        ApiRig rig = new ApiRig(config, clock, connections);
        rig.up();
        return rig;
    }

    private void up() throws Exception {
        vertx = Vertx.vertx();
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        store = Store.open(config.storage(), vertx, meters, clock, connections);
        events = new ServerEvents();
        store.alerts().publishTo(events);
        agents = new AgentRegistry(vertx, vertx.getOrCreateContext(), config, new ConfigQueueRules(config), store,
                events, meters, clock);
        auth = new AuthService(config, PasswordHash::verify, clock, new SecureRandom(), vertx, new SessionStore(store));
        get(auth.start());
        AuthorizationPolicy policy = new AuthorizationPolicy();
        var qa = new dev.cti.server.qa.QaModule(vertx, config, policy, store, events, meters, clock,
                new java.util.Random(7));
        api = new HttpApiVerticle(new ApiDependencies(config, agents, events, store, auth, policy, meters,
                Optional.of(meters), clock, Optional.empty(), qa));
        get(vertx.deployVerticle(api));
        port = api.actualPort();
        client = WebClient.create(vertx);
    }

    /** Stops everything but the database files, and starts again on them. */
    void restart() throws Exception {
        down();
        up();
    }

    HttpResponse<Buffer> login(String user, String password) throws Exception {
        return get(client.post(port, "127.0.0.1", "/api/login")
                .sendJsonObject(new JsonObject().put("username", user).put("password", password)));
    }

    String token(String user, String password) throws Exception {
        HttpResponse<Buffer> r = login(user, password);
        if (r.statusCode() != 200) {
            throw new AssertionError("login of " + user + ": " + r.statusCode() + " " + r.bodyAsString());
        }
        return r.bodyAsJsonObject().getString("token");
    }

    HttpResponse<Buffer> get(String path, String token) throws Exception {
        return get(client.get(port, "127.0.0.1", path).putHeader("Authorization", "Bearer " + token).send());
    }

    HttpResponse<Buffer> post(String path, String token, JsonObject body) throws Exception {
        return get(client.post(port, "127.0.0.1", path).putHeader("Authorization", "Bearer " + token)
                .sendJsonObject(body));
    }

    static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private void down() throws Exception {
        client.close();
        get(vertx.undeploy(api.deploymentID()));
        store.close();
        get(vertx.close());
        meters.close();
    }

    @Override
    public void close() throws Exception {
        down();
    }
}
