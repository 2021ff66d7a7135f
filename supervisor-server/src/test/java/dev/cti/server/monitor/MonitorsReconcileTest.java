package dev.cti.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.link.message.CallState;
import dev.cti.link.message.LinkCommand;
import dev.cti.link.message.MonitorEndReason;
import dev.cti.link.message.MonitorEnded;
import dev.cti.link.message.MonitorMode;
import dev.cti.link.message.MonitorModeChanged;
import dev.cti.link.message.MonitorStarted;
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.Snapshot.CallSnapshot;
import dev.cti.link.message.Snapshot.MonitorSnapshot;
import dev.cti.link.message.Snapshot.MonitorSnapshotState;
import dev.cti.link.message.StopMonitor;
import dev.cti.server.events.CallPushEvent;
import dev.cti.server.http.MonitorJson;
import dev.cti.server.http.PushJson;
import dev.cti.server.agent.Cause;
import dev.cti.server.metrics.ServerMeters;
import dev.cti.server.testing.TestConfigs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Monitors#reconcile(Snapshot)} on a real Vert.x context, the call center replaced by a
 * recording {@link CallView} and the link by a recording command sink: a server that did not know the gateway's
 * monitor session adopts it from the snapshot, lists it, follows its events and can stop it; a known session follows
 * the snapshot's mode and state and ends when the gateway no longer has it (after the grace for a fresh
 * StartMonitor); reserved sessions and take-overs are left alone.
 */
class MonitorsReconcileTest {
    private static final long T0 = 1_767_000_000_000L;

    private Vertx vertx;
    private Context context;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<LinkCommand> sent = new CopyOnWriteArrayList<>();
    private final List<JsonObject> pushed = new CopyOnWriteArrayList<>();
    private final List<String> takenOver = new CopyOnWriteArrayList<>();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.ofEpochMilli(T0));
    private Monitors monitors;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        CtiConfig config = TestConfigs.withMonitoringUsers(
                ConfigLoader.load(Path.of(System.getProperty("cti.repo.root", "..")).resolve("conf")));
        AtomicInteger ids = new AtomicInteger();
        AtomicInteger seq = new AtomicInteger();
        AtomicInteger pushSeq = new AtomicInteger();
        CallView calls = new CallView() {
            @Override
            public Optional<String> connectedCall(String agentId) {
                return agentId.equals("1001") ? Optional.of("c1") : Optional.empty();
            }

            @Override
            public boolean phoneRegistered(String extension) {
                return true;
            }

            @Override
            public void takenOver(String callId, String seatId, Cause cause) {
                takenOver.add(callId + " " + seatId);
            }

            @Override
            public CallPushEvent.Stamp stamp() {
                return new CallPushEvent.Stamp(pushSeq.incrementAndGet(), now.get());
            }

            @Override
            public void publish(CallPushEvent event) {
                pushed.add(PushJson.call(event));
            }
        };
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        monitors = new Monitors(vertx, context, config, calls, command -> {
            sent.add(command);
            return Future.succeededFuture((long) seq.incrementAndGet());
        }, meters, () -> "m-" + ids.incrementAndGet(), clock);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aSessionTheServerDidNotKnowIsAdoptedListedFollowedAndStoppable() throws Exception {
        onContext(() -> monitors.reconcile(snapshot(call("c1", "1001",
                new MonitorSnapshot("m-gw", "supervisor", "9001", MonitorMode.WHISPER, MonitorSnapshotState.ACTIVE)))));

        JsonObject listed = single(list());
        assertThat(listed.getString("monitorId")).isEqualTo("m-gw");
        assertThat(listed.getString("callId")).isEqualTo("c1");
        assertThat(listed.getString("agentId")).isEqualTo("1001");
        assertThat(listed.getString("supervisor")).isEqualTo("supervisor");
        assertThat(listed.getString("mode")).isEqualTo("whisper");
        assertThat(listed.getString("state")).isEqualTo("active");
        assertThat(listed.getLong("startedAt")).isEqualTo(T0 + 500);
        JsonObject adopted = awaitPush("m-gw", "active");
        assertThat(adopted.getString("agentId")).isEqualTo("1001");
        assertThat(adopted.getBoolean("notifyAgent")).as("monitoring.notifyAgent.whisper").isTrue();

        // its later events are followed, not counted as unexpected
        onContext(() -> monitors.modeChanged(new MonitorModeChanged("m-gw", "c1", MonitorMode.BARGE, T0 + 900)));
        assertThat(single(list()).getString("mode")).isEqualTo("barge");
        // the same snapshot again changes nothing
        int pushes = pushed.size();
        onContext(() -> monitors.reconcile(snapshot(call("c1", "1001",
                new MonitorSnapshot("m-gw", "supervisor", "9001", MonitorMode.BARGE, MonitorSnapshotState.ACTIVE)))));
        assertThat(pushed).hasSize(pushes);

        // the wallboard can stop it
        assertThat(MonitorJson.monitor(monitors.stop("m-gw").toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS)).getString("monitorId")).isEqualTo("m-gw");
        assertThat(sent).containsExactly(new StopMonitor("m-gw", "c1"));
        onContext(() -> monitors.ended(new MonitorEnded("m-gw", "c1", MonitorEndReason.STOPPED, T0 + 2_000)));
        assertThat(list()).isEmpty();
        assertThat(awaitPush("m-gw", "ended").getJsonObject("monitor").getString("endReason")).isEqualTo("stopped");
        assertThat(unexpected()).isZero();
    }

    @Test
    void aRingingTakeOverIsAdoptedAndHandsTheCallOverWhenAnswered() throws Exception {
        onContext(() -> monitors.reconcile(snapshot(call("c1", "1001",
                new MonitorSnapshot("m-gw", "supervisor", "9001", MonitorMode.TAKEOVER, MonitorSnapshotState.CALLING)))));
        JsonObject listed = single(list());
        assertThat(listed.getString("state")).isEqualTo("calling");
        assertThat(listed.getValue("startedAt")).isNull();
        onContext(() -> monitors.started(new MonitorStarted("m-gw", "c1", "supervisor", "1001", MonitorMode.TAKEOVER,
                T0 + 3_000)));
        assertThat(single(list()).getString("state")).isEqualTo("active");
        assertThat(takenOver).containsExactly("c1 9001");
        // the gateway lists no monitor on a taken-over call: the session stays until the call ends
        now.set(now.get().plusSeconds(60));
        onContext(() -> monitors.reconcile(snapshot(call("c1", "9001", null))));
        assertThat(single(list()).getString("mode")).isEqualTo("takeover");
        onContext(() -> monitors.reconcile(snapshot()));
        assertThat(list()).isEmpty();
        assertThat(awaitPush("m-gw", "ended").getJsonObject("monitor").getString("endReason")).isEqualTo("call_ended");
        assertThat(unexpected()).isZero();
    }

    @Test
    void aKnownSessionFollowsTheSnapshotAndEndsWhenTheGatewayNoLongerHasIt() throws Exception {
        String id = launch(MonitorMode.LISTEN);
        assertThat(single(list()).getString("state")).isEqualTo("calling");

        // the gateway answered while the link was down: active, in the mode it has now
        onContext(() -> monitors.reconcile(snapshot(call("c1", "1001",
                new MonitorSnapshot(id, "supervisor", "9001", MonitorMode.BARGE, MonitorSnapshotState.ACTIVE)))));
        JsonObject followed = awaitPush(id, "active").getJsonObject("monitor");
        assertThat(followed.getString("mode")).isEqualTo("barge");
        assertThat(followed.getLong("startedAt")).isEqualTo(T0 + 500);
        onContext(() -> monitors.reconcile(snapshot(call("c1", "1001",
                new MonitorSnapshot(id, "supervisor", "9001", MonitorMode.WHISPER, MonitorSnapshotState.ACTIVE)))));
        assertThat(single(list()).getString("mode")).isEqualTo("whisper");

        // gone from the gateway (it ended while the link was down): over, reason lost
        now.set(now.get().plus(Monitors.RECONCILE_GRACE));
        onContext(() -> monitors.reconcile(snapshot(call("c1", "1001", null))));
        assertThat(list()).isEmpty();
        assertThat(awaitPush(id, "ended").getJsonObject("monitor").getString("endReason")).isEqualTo("gone");
        assertThat(unexpected()).isZero();
    }

    @Test
    void aFreshOrOnlyReservedSessionIsNotEndedByASnapshotThatCannotKnowItYet() throws Exception {
        JsonObject reserved = MonitorJson.monitor(get(monitors.reserve("supervisor", Optional.of("9001"), "1001",
                MonitorMode.LISTEN)));
        onContext(() -> monitors.reconcile(snapshot(call("c1", "1001", null))));
        assertThat(single(list()).getString("monitorId")).as("reserved, StartMonitor not sent yet")
                .isEqualTo(reserved.getString("monitorId"));

        get(monitors.launch(reserved.getString("monitorId")));
        now.set(now.get().plus(Monitors.RECONCILE_GRACE).minusMillis(1));
        onContext(() -> monitors.reconcile(snapshot(call("c1", "1001", null))));
        assertThat(list()).as("StartMonitor just sent: the snapshot may predate it").hasSize(1);
        now.set(now.get().plusMillis(1));
        onContext(() -> monitors.reconcile(snapshot(call("c1", "1001", null))));
        assertThat(list()).isEmpty();
    }

    @Test
    void anotherSessionOnTheGatewayReplacesTheOneTheServerHad() throws Exception {
        String id = launch(MonitorMode.LISTEN);
        onContext(() -> monitors.reconcile(snapshot(call("c1", "1001",
                new MonitorSnapshot("m-other", "admin", "9003", MonitorMode.LISTEN, MonitorSnapshotState.CALLING)))));
        JsonObject listed = single(list());
        assertThat(listed.getString("monitorId")).isEqualTo("m-other");
        assertThat(listed.getString("supervisor")).isEqualTo("admin");
        assertThat(awaitPush(id, "ended").getJsonObject("monitor").getString("endReason")).isEqualTo("gone");
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** A session of supervisor on 1001's call c1, launched (StartMonitor sent) at the clock's now. */
    private String launch(MonitorMode mode) throws Exception {
        JsonObject reserved = MonitorJson.monitor(get(monitors.reserve("supervisor", Optional.of("9001"), "1001", mode)));
        get(monitors.launch(reserved.getString("monitorId")));
        return reserved.getString("monitorId");
    }

    private static CallSnapshot call(String callId, String agentId, MonitorSnapshot monitor) {
        return new CallSnapshot(callId, CallState.CONNECTED, "service", agentId, agentId, "13812345678", T0,
                T0 + 100, null, monitor);
    }

    private static Snapshot snapshot(CallSnapshot... calls) {
        return new Snapshot(List.of(calls), List.of(), T0 + 500);
    }

    private JsonArray list() throws Exception {
        return MonitorJson.monitors(get(monitors.list()));
    }

    private static JsonObject single(JsonArray live) {
        assertThat(live).hasSize(1);
        return live.getJsonObject(0);
    }

    private JsonObject awaitPush(String monitorId, String state) {
        Supplier<Optional<JsonObject>> find = () -> pushed.stream()
                .filter(e -> "monitor".equals(e.getString("type"))
                        && monitorId.equals(e.getJsonObject("monitor").getString("monitorId"))
                        && state.equals(e.getJsonObject("monitor").getString("state")))
                .reduce((a, b) -> b);
        await().atMost(Duration.ofSeconds(5)).until(() -> find.get().isPresent());
        return find.get().orElseThrow();
    }

    private double unexpected() {
        return meters.find(ServerMeters.MONITOR_EVENTS_UNEXPECTED.getName()).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private void onContext(Runnable work) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                work.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        done.get(5, TimeUnit.SECONDS);
    }

    private static <T> T get(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
