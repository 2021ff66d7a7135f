package dev.cti.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Supplier;

/**
 * The gateway's own small HTTP listener (network.gatewayAdmin): {@code GET /health} (JSON, 200 while the gateway
 * runs, with live calls and whether the CTI link is up) and {@code GET /metrics} (Prometheus text). Exists apart
 * from the server's API because Prometheus scrapes every process and an operator checks the gateway alone.
 */
public final class AdminServer {
    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;
    private final Supplier<String> health;
    private HttpServer server;

    /** @param health produces the body of GET /health (a JSON object); called on the event loop, must be quick */
    public AdminServer(Vertx vertx, PrometheusMeterRegistry registry, Supplier<String> health) {
        this.vertx = vertx;
        this.registry = registry;
        this.health = health;
    }

    public Future<Integer> start(String host, int port) {
        server = vertx.createHttpServer().requestHandler(this::handle);
        return server.listen(port, host).map(HttpServer::actualPort);
    }

    private void handle(HttpServerRequest req) {
        if (req.method() != HttpMethod.GET) {
            req.response().setStatusCode(405).putHeader("Allow", "GET").end();
            return;
        }
        switch (req.path()) {
            case "/health" -> req.response().putHeader("Content-Type", "application/json").end(health.get());
            case "/metrics" -> req.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(registry.scrape());
            default -> req.response().setStatusCode(404).end();
        }
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
