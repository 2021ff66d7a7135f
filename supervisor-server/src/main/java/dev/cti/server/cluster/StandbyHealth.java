package dev.cti.server.cluster;

import dev.cti.config.CtiConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;

/**
 * What a standby node answers on its plain HTTP port while it waits for the owner lock (docs/CLUSTER.md): 503 to
 * everything, {@code GET /api/health} with {@code {"status":"STANDBY","node":...}}, so that a load balancer's check
 * tells a standby from a dead node and sends users to the owner. Closed before the server's own listeners open.
 */
final class StandbyHealth {
    private StandbyHealth() {}

    static Future<HttpServer> listen(Vertx vertx, CtiConfig config) {
        String node = config.storage().failover().nodeId();
        var server = config.network().server();
        return vertx.createHttpServer(new HttpServerOptions().setHost(server.host()).setPort(server.httpPort()))
                .requestHandler(req -> {
                    JsonObject body = req.method() == HttpMethod.GET && "/api/health".equals(req.path())
                            ? new JsonObject().put("status", "STANDBY").put("node", node)
                            : new JsonObject().put("error", "standby").put("message", "node " + node
                                    + " stands by: another node owns the call center (docs/CLUSTER.md)");
                    req.response().setStatusCode(503).putHeader("content-type", "application/json")
                            .putHeader("Retry-After", "5").end(body.encode());
                })
                .listen();
    }
}
