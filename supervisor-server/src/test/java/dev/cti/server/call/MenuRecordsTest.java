package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.CtiConfig;
import dev.cti.config.MenuConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.config.StorageConfig;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallInMenu;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallState;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DtmfReceived;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.Leg;
import dev.cti.link.message.PlayPrompts;
import dev.cti.link.message.PromptsPlayed;
import dev.cti.link.message.RouteToQueue;
import dev.cti.link.message.Snapshot;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.server.ServerMain;
import dev.cti.server.store.CallRecord;
import dev.cti.server.testing.ScriptedServer;
import dev.cti.server.testing.ShiftableClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The records of calls that end in a voice menu, and a menu call across a server restart (issue 17), on the real
 * server and its H2 store with a scripted gateway. The main menu has no business hours here (the test runs at any
 * hour). A caller who hangs up in the menu, and one the message option ends, get a CDR ENDED_IN_MENU with no queue,
 * the menu and their keys, and no queue figure counts them (nothing offered, nothing abandoned); a call the menu routes
 * gets its CDR from the queue. After a restart, a call the gateway still has in the menu is taken back: the menu plays
 * from its top and the caller's key routes it; one the gateway no longer has is closed as lost.
 */
class MenuRecordsTest {
    @TempDir
    Path tmp;

    private final ShiftableClock clock = new ShiftableClock();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Vertx peers = Vertx.vertx();
    private ServerMain.Running server;
    private CtiConfig config;

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        peers.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private void start() throws Exception {
        CtiConfig shipped = ScriptedServer.shipped();
        NetworkConfig n = shipped.network();
        List<MenuConfig> menus = shipped.menus().stream().map(m -> !m.id().equals("main") ? m
                : new MenuConfig(m.id(), m.numbers(), m.language(), m.prompt(), 30, m.retries(), m.invalidPrompt(),
                        m.timeoutPrompt(), m.goodbyePrompt(), m.options(), m.fallback(), Optional.empty())).toList();
        config = shipped.withMenus(menus).withNetwork(new NetworkConfig(new NetworkConfig.Server("127.0.0.1", 0,
                        List.of()), n.sip(), n.rtp(), new NetworkConfig.CtiLink("127.0.0.1", 0), n.gatewayAdmin()))
                .withStorage(new StorageConfig(tmp.toString(), Optional.empty(), Optional.empty(), Optional.empty()));
        server = ServerMain.start(config, clock).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        open.add(server);
    }

    private ScriptedGatewayPeer gateway(List<Snapshot.CallSnapshot> calls) {
        ScriptedGatewayPeer gw = ScriptedGatewayPeer.connect(peers, "127.0.0.1", server.linkPort(),
                ScriptedServer.gatewayTls(config, "gw"));
        open.add(gw);
        gw.handshake("gw", new Snapshot(calls, List.of(), clock.millis()));
        return gw;
    }

    private MenuConfig main() {
        return config.menu("main").orElseThrow();
    }

    private PlayPrompts awaitPlay(ScriptedGatewayPeer gw, String callId, String... prompts) {
        return gw.await(PlayPrompts.class, p -> p.callId().equals(callId) && p.prompts().equals(List.of(prompts)));
    }

    private void key(ScriptedGatewayPeer gw, String callId, char digit) {
        gw.send(new DtmfReceived(callId, Leg.CALLER, String.valueOf(digit), clock.millis()));
    }

    private CallRecord awaitRecord(String callId, CallRecord.Outcome outcome) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> get(server.store().call(callId)),
                r -> r.isPresent() && r.get().outcome() == outcome).orElseThrow();
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private String scrape() {
        return server.meters().scrape();
    }

    @Test
    void callsThatEndInTheMenuHaveARecordAndCountInNoQueue() throws Exception {
        start();
        ScriptedGatewayPeer gw = gateway(List.of());
        // m1 presses 5 (no such option), then hangs up while the menu plays again
        gw.send(new CallInMenu("m1", "main", "13800000001", "4008003000", "pbx", clock.millis()));
        awaitPlay(gw, "m1", main().prompt());
        assertThat(awaitRecord("m1", CallRecord.Outcome.IN_PROGRESS).queueId()).isEmpty();
        key(gw, "m1", '5');
        awaitPlay(gw, "m1", main().invalidPrompt(), main().prompt());
        gw.send(new CallCleared("m1", ClearCause.ABANDONED, 8000, 0, clock.millis()));
        CallRecord m1 = awaitRecord("m1", CallRecord.Outcome.ENDED_IN_MENU);
        assertThat(m1.queueId()).isEmpty();
        assertThat(m1.agentId()).isEmpty();
        assertThat(m1.direction()).isEqualTo(CallRecord.Direction.INBOUND);
        assertThat(m1.callerNumber()).contains("13800000001");
        assertThat(m1.dialledNumber()).contains("4008003000");
        assertThat(m1.notes()).contains("menu main, keys 5");
        assertThat(m1.endedAt()).isPresent();

        // m2 presses 9: the message of the opening hours, then the menu hangs up
        gw.send(new CallInMenu("m2", "main", "13800000002", "4008003000", "pbx", clock.millis()));
        awaitPlay(gw, "m2", main().prompt());
        key(gw, "m2", '9');
        PlayPrompts message = awaitPlay(gw, "m2", main().option('9').orElseThrow().action().target());
        gw.send(new PromptsPlayed("m2", message.playId(), clock.millis()));
        assertThat(gw.await(HangUp.class, h -> h.callId().equals("m2")).cause()).isEqualTo(ClearCause.SERVER_HANGUP);
        assertThat(awaitRecord("m2", CallRecord.Outcome.ENDED_IN_MENU).notes()).contains("menu main, keys 9");
        gw.send(new CallCleared("m2", ClearCause.SERVER_HANGUP, 9000, 0, clock.millis()));

        // m3 presses 1: into the service queue, its CDR is the queue's from then on
        gw.send(new CallInMenu("m3", "main", "13800000003", "4008003000", "pbx", clock.millis()));
        awaitPlay(gw, "m3", main().prompt());
        key(gw, "m3", '1');
        assertThat(gw.await(RouteToQueue.class, r -> r.callId().equals("m3")).queueId()).isEqualTo("service");
        gw.send(new CallOffered("m3", "service", "13800000003", "4008003000", "pbx", clock.millis()));
        await().atMost(Duration.ofSeconds(10)).until(() -> get(server.store().call("m3")).flatMap(CallRecord::queueId)
                .equals(Optional.of("service")));
        gw.send(new CallCleared("m3", ClearCause.ABANDONED, 2000, 0, clock.millis()));
        assertThat(awaitRecord("m3", CallRecord.Outcome.ABANDONED).queueId()).contains("service");

        // only m3 was offered and abandoned (a short abandon): m1's hang-up in the menu is no abandon
        assertThat(scrape()).contains("cti_queue_calls_offered_total{queue=\"service\"} 1.0")
                .contains("cti_queue_calls_abandoned_total{kind=\"short\",queue=\"service\"} 1.0")
                .doesNotContain("cti_queue_calls_abandoned_total{kind=\"long\"");
    }

    @Test
    void afterARestartACallStillInTheMenuHearsItFromTheTopAndItsKeyRoutesIt() throws Exception {
        start();
        ScriptedGatewayPeer gw = gateway(List.of());
        gw.send(new CallInMenu("m1", "main", "13800000001", "4008003000", "pbx", clock.millis()));
        awaitPlay(gw, "m1", main().prompt());
        key(gw, "m1", '3'); // into the billing sub-menu
        awaitPlay(gw, "m1", config.menu("billing").orElseThrow().prompt());
        gw.send(new CallInMenu("m2", "main", "13800000002", "4008003000", "pbx", clock.millis()));
        awaitPlay(gw, "m2", main().prompt());
        awaitRecord("m2", CallRecord.Outcome.IN_PROGRESS);

        server.close();
        open.remove(server);
        gw.close();
        open.remove(gw);
        clock.advance(Duration.ofSeconds(10));
        start();

        // the gateway still has m1 in a menu (no queue); m2 hung up while the server was away
        ScriptedGatewayPeer gw2 = gateway(List.of(new Snapshot.CallSnapshot("m1", CallState.QUEUED, null, null, null,
                "13800000001", clock.millis() - 10_000, null, null)));
        awaitPlay(gw2, "m1", main().prompt());
        key(gw2, "m1", '1');
        assertThat(gw2.await(RouteToQueue.class, r -> r.callId().equals("m1")).queueId()).isEqualTo("service");
        assertThat(awaitRecord("m2", CallRecord.Outcome.LOST_ON_RESTART).queueId()).isEmpty();
        assertThat(scrape()).contains("cti_menu_results_total{menu=\"main\",result=\"resumed\"} 1.0");
    }
}
