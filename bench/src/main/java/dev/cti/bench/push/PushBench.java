package dev.cti.bench.push;

import dev.cti.bench.core.Bench;
import dev.cti.bench.core.BenchOptions;
import dev.cti.bench.core.JfrSummary;
import dev.cti.bench.core.LatencyRecorder;
import dev.cti.bench.core.Progress;
import dev.cti.bench.server.ServerSut;
import dev.cti.bench.server.StateChangeDriver;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * T5: N WebSocket dashboard clients (admin sessions: every agent event plus the per-second queue figures)
 * while agent states change through the REST API at R/s. Latency is client receive time minus the event's
 * {@code change.at} (the server's clock at the change; one machine, one clock). Target at 1,000 clients and
 * 50 events/s: p99 ≤ 50 ms using ≤ 0.5 core.
 */
public final class PushBench implements Bench {

    static final double TARGET_P99_MS = 50;
    static final double TARGET_CORES = 0.5;

    @Override
    public String id() {
        return "t5-push";
    }

    @Override
    public JsonObject run(BenchOptions o) throws Exception {
        int clients = o.intOption("clients", 1000, 20);
        int agents = o.intOption("agents", 200, 10);
        int queues = o.intOption("queues", 10, 2);
        int eventsPerSecond = o.intOption("events-per-second", 50, 10);
        Path work = o.outDir().resolve("work").resolve(id());
        JsonObject result = new JsonObject().put("clients", clients).put("agents", agents).put("queues", queues)
                .put("eventsPerSecond", eventsPerSecond);
        LatencyRecorder latency = new LatencyRecorder();
        AtomicLong agentEvents = new AtomicLong();
        AtomicLong otherMessages = new AtomicLong();
        AtomicInteger closed = new AtomicInteger();
        AtomicInteger parseErrors = new AtomicInteger();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        ServerSut server = ServerSut.start(o, work, queues, agents);
        try (server) {
            server.loginAgents(agents);
            WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(clients + 10)
                    .setMaxMessageSize(64 * 1024 * 1024).setMaxFrameSize(16 * 1024 * 1024));
            CountDownLatch snapshots = new CountDownLatch(clients);
            List<WebSocket> sockets = new ArrayList<>();
            var measuring = new java.util.concurrent.atomic.AtomicBoolean(false);
            try (Progress p = Progress.every(System.out, "t5 connecting", () -> (clients - snapshots.getCount()) + "/" + clients)) {
                for (int i = 0; i < clients; i++) {
                    WebSocketConnectOptions c = new WebSocketConnectOptions().setHost("127.0.0.1")
                            .setPort(server.base().getPort()).setURI("/api/events?token=" + server.token());
                    WebSocket socket = ws.connect(c).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                    AtomicInteger seen = new AtomicInteger();
                    socket.textMessageHandler(msg -> {
                        if (seen.getAndIncrement() == 0) {
                            snapshots.countDown();
                            return;
                        }
                        int change = msg.indexOf("\"change\"");
                        if (change < 0) {
                            otherMessages.incrementAndGet();
                            return;
                        }
                        agentEvents.incrementAndGet();
                        if (measuring.get()) {
                            try {
                                int at = msg.indexOf("\"at\":\"", change) + 6;
                                Instant sent = Instant.parse(msg.substring(at, msg.indexOf('"', at)));
                                Instant now = Instant.now();
                                latency.record((now.getEpochSecond() - sent.getEpochSecond()) * 1_000_000_000L
                                        + now.getNano() - sent.getNano());
                            } catch (RuntimeException e) {
                                parseErrors.incrementAndGet();
                            }
                        }
                    });
                    socket.closeHandler(v -> closed.incrementAndGet());
                    sockets.add(socket);
                }
                if (!snapshots.await(120, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("only " + (clients - snapshots.getCount()) + " of " + clients + " got a snapshot");
                }
            }
            try (StateChangeDriver driver = new StateChangeDriver(server, agents);
                 Progress p = Progress.every(System.out, "t5 pushing", () -> "changes=" + driver.accepted()
                         + " delivered=" + agentEvents.get() + " samples=" + latency.count() + " closed=" + closed.get())) {
                driver.start(eventsPerSecond);
                Thread.sleep(2000);   // warm-up
                double cpu0 = server.process().cpuSeconds();
                double gen0 = dev.cti.bench.core.ProcessCpu.generatorCpuSeconds();
                long accepted0 = driver.accepted();
                long t0 = System.nanoTime();
                measuring.set(true);
                Thread.sleep(o.duration().toMillis());
                measuring.set(false);
                double wall = (System.nanoTime() - t0) / 1e9;
                double cpu = server.process().cpuSeconds() - cpu0;
                double gen = dev.cti.bench.core.ProcessCpu.generatorCpuSeconds() - gen0;
                long acceptedInWindow = driver.accepted() - accepted0;
                driver.close();
                Thread.sleep(2000);   // drain
                server.process().checkAlive();
                long expected = driver.accepted() * clients;
                JsonObject lat = latency.summaryMillis();
                double cores = cpu / wall;
                result.put("latencyMs", lat).put("stateChangesSent", driver.sent())
                        .put("stateChangesAccepted", driver.accepted()).put("stateChangesFailed", driver.failed())
                        .put("achievedEventsPerSecond", Math.round(acceptedInWindow * 10.0 / wall) / 10.0)
                        .put("agentEventsExpected", expected).put("agentEventsDelivered", agentEvents.get())
                        .put("otherMessages", otherMessages.get()).put("socketsClosed", closed.get())
                        .put("parseErrors", parseErrors.get())
                        .put("sutCpuSeconds", round(cpu)).put("sutCores", round(cores))
                        .put("generatorCores", round(gen / wall))
                        .put("sutCpuMsPerDeliveredEvent", latency.count() == 0 ? null : round(cpu * 1000 / latency.count()))
                        .put("targetP99Ms", TARGET_P99_MS).put("targetCores", TARGET_CORES)
                        .put("meetsTarget", lat.containsKey("p99") && lat.getDouble("p99") <= TARGET_P99_MS && cores <= TARGET_CORES);
            }
            for (WebSocket s : sockets) {
                s.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (o.profile()) {
            result.put("profile", JfrSummary.topFrames(server.process().jfr(), 15));
        }
        return result;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    @Override
    public String summarize(JsonObject r) {
        JsonObject l = r.getJsonObject("latencyMs", new JsonObject());
        return "| clients | events/s asked / achieved | delivered / expected | p50 ms | p95 ms | p99 ms | max ms | SUT cores | generator cores | target p99 ≤ 50 ms, ≤ 0.5 core |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
                + "| " + r.getInteger("clients") + " | " + r.getInteger("eventsPerSecond") + " / " + r.getValue("achievedEventsPerSecond") + " | "
                + r.getLong("agentEventsDelivered") + " / " + r.getLong("agentEventsExpected") + " | " + l.getValue("p50")
                + " | " + l.getValue("p95") + " | " + l.getValue("p99") + " | " + l.getValue("max") + " | "
                + r.getValue("sutCores") + " | " + r.getValue("generatorCores") + " | " + (r.getBoolean("meetsTarget") ? "met" : "missed") + " |\n";
    }
}
