package dev.cti.bench.server;

import dev.cti.bench.core.BenchOptions;
import dev.cti.bench.core.SutProcess;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The supervisor server (dev.cti.server.ServerMain) as a system under test: a generated configuration, its own
 * JVM (pinned), health polling, an admin session and the REST calls the benchmarks drive it with.
 */
public final class ServerSut implements AutoCloseable {

    private final SutProcess process;
    private final URI base;
    private final HttpClient http;
    private String token;

    private ServerSut(SutProcess process, URI base) {
        this.process = process;
        this.base = base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Generates the configuration under WORK/server-conf, starts the server and waits until it is healthy. */
    public static ServerSut start(BenchOptions options, Path work, int queues, int agents) throws Exception {
        ConfigGenerator.Ports ports = ConfigGenerator.freePorts();
        Path conf = work.resolve("server-conf");
        ConfigGenerator.write(conf, queues, agents, ports);
        return start(options, work, conf, ports);
    }

    /** Starts the server on an existing configuration directory. */
    public static ServerSut start(BenchOptions options, Path work, Path conf, ConfigGenerator.Ports ports) throws Exception {
        SutProcess p = SutProcess.start("supervisor-server", "dev.cti.server.ServerMain",
                List.of("--config", conf.toString()), options.sutCpus(), work, false, options.profile(),
                List.of("-Xms256m", "-Xmx1g", SutProcess.shippedLogConfig(dev.cti.server.ServerMain.class)));
        ServerSut sut = new ServerSut(p, URI.create("http://127.0.0.1:" + ports.http()));
        try {
            sut.awaitHealthy(Duration.ofSeconds(90));
            sut.token = sut.login("admin", ConfigGenerator.PASSWORD);
        } catch (Exception e) {
            sut.close();
            throw e;
        }
        return sut;
    }

    public SutProcess process() {
        return process;
    }

    public URI base() {
        return base;
    }

    public String token() {
        return token;
    }

    public HttpClient http() {
        return http;
    }

    private void awaitHealthy(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            process.checkAlive();
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("server not healthy after " + timeout + "; log tail:\n" + process.logTail());
            }
            Thread.sleep(200);
        }
    }

    private String login(String user, String password) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", user).put("password", password).encode()))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login " + user + ": " + r.statusCode() + " " + r.body());
        }
        return new JsonObject(r.body()).getString("token");
    }

    /** POST /api/agents/ID/state as admin; completes with the HTTP status. */
    public CompletableFuture<Integer> setState(String agentId, String state, String reason) {
        JsonObject body = new JsonObject().put("state", state);
        if (reason != null) {
            body.put("reason", reason);
        }
        return http.sendAsync(HttpRequest.newBuilder(base.resolve("/api/agents/" + agentId + "/state"))
                        .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding())
                .thenApply(HttpResponse::statusCode);
    }

    /** How many agents are in each state (NOT_READY with its reason), from GET /api/agents. */
    public JsonObject agentStates() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/agents"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject counts = new JsonObject();
        new JsonObject(r.body()).getJsonArray("agents").forEach(a -> {
            JsonObject agent = (JsonObject) a;
            String key = agent.getString("state") + (agent.containsKey("reason") ? "(" + agent.getString("reason") + ")" : "");
            counts.put(key, counts.getInteger(key, 0) + 1);
        });
        return counts;
    }

    /** Logs every agent's seat in and makes it READY (at most 16 requests in flight). */
    public void loginAgents(int agents) throws Exception {
        Semaphore inFlight = new Semaphore(16);
        CompletableFuture<?>[] all = new CompletableFuture<?>[agents];
        for (int i = 0; i < agents; i++) {
            String id = ConfigGenerator.agentId(i);
            inFlight.acquire();
            all[i] = setState(id, "LOGGED_IN", null).thenCompose(s -> {
                if (s != 200) {
                    throw new IllegalStateException("LOGGED_IN " + id + ": HTTP " + s);
                }
                return setState(id, "READY", null);
            }).whenComplete((s, e) -> inFlight.release());
        }
        CompletableFuture.allOf(all).join();
    }

    @Override
    public void close() {
        process.close();
    }
}
