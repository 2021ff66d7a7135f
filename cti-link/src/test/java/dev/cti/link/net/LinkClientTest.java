package dev.cti.link.net;

import static dev.cti.link.net.LinkTestSupport.HOST;
import static dev.cti.link.net.LinkTestSupport.block;
import static dev.cti.link.net.LinkTestSupport.fastOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.EventsApplied;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.Hello;
import dev.cti.link.message.LinkCommand;
import dev.cti.link.message.Replayed;
import dev.cti.link.message.RequestSnapshot;
import dev.cti.link.message.Snapshot;
import dev.cti.link.testing.LinkSamples;
import dev.cti.link.testing.ScriptedServerPeer;
import dev.cti.link.wire.Envelope;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The gateway end against a scripted server speaking the real wire format over loopback. */
@ExtendWith(VertxExtension.class)
class LinkClientTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private Vertx vertx;
    private LinkClient client;
    private final AtomicInteger snapshotsTaken = new AtomicInteger();
    private final List<Long> commandSeqs = new CopyOnWriteArrayList<>();
    private final List<LinkCommand> commands = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            block(client.close());
        }
    }

    private LinkClient client(Supplier<Future<Snapshot>> snapshots) {
        client = new LinkClient(vertx, fastOptions(), "gw-1", LinkSamples.T0, () -> {
            snapshotsTaken.incrementAndGet();
            return snapshots.get();
        }).commandHandler((seq, command) -> {
            commandSeqs.add(seq);
            commands.add(command);
        });
        return client;
    }

    private LinkClient client() {
        return client(() -> Future.succeededFuture(LinkSamples.snapshot()));
    }

    private static CallOffered offer(String callId) {
        return new CallOffered(callId, "sales", "13812345678", "4008001234", "trunk-1", LinkSamples.T0);
    }

    private static List<Class<?>> types(List<Envelope> envelopes) {
        return envelopes.stream().<Class<?>>map(e -> e.message().getClass()).toList();
    }

    @Test
    void everyConnectionStartsWithHelloThenSnapshotThenLiveEvents() {
        try (ScriptedServerPeer server = ScriptedServerPeer.start(vertx)) {
            client().start(HOST, server.port());
            assertThat(server.awaitHello()).isEqualTo(new Hello("gw-1", LinkSamples.T0));
            server.awaitSnapshot();
            await().atMost(WAIT).until(client::connected);
            client.emit(offer("c-1"));
            client.emit(new CallAnswered("c-1", "a-7", 1500, LinkSamples.T0 + 1500));
            server.await(CallAnswered.class);

            List<Envelope> lines = server.receivedWithoutHeartbeat();
            assertThat(types(lines)).containsExactly(Hello.class, Snapshot.class, CallOffered.class, CallAnswered.class);
            assertThat(lines.get(0).seq()).isEqualTo(1);
            assertThat(server.received()).extracting(Envelope::seq).isSorted().doesNotHaveDuplicates();
            assertThat(server.events()).contains(offer("c-1"));
            assertThat(server.badLines()).isEmpty();
        }
    }

    @Test
    void eventsEmittedWhileTheSnapshotIsBeingTakenFollowIt() {
        Promise<Snapshot> pending = Promise.promise();
        try (ScriptedServerPeer server = ScriptedServerPeer.start(vertx)) {
            client(pending::future).start(HOST, server.port());
            server.awaitHello();
            client.emit(offer("c-1"));
            client.emit(offer("c-2"));
            await().pollDelay(Duration.ofMillis(200)).atMost(WAIT).until(() -> true);
            assertThat(server.events()).isEmpty();
            assertThat(client.connected()).isFalse();

            pending.complete(LinkSamples.snapshot());
            server.await(CallOffered.class, o -> o.callId().equals("c-2"));
            assertThat(types(server.receivedWithoutHeartbeat()))
                    .containsExactly(Hello.class, Snapshot.class, CallOffered.class, CallOffered.class);
            assertThat(client.stats().droppedWhileDown()).isZero();
        }
    }

    @Test
    void commandsReachTheHandlerWithTheServersSeq() {
        try (ScriptedServerPeer server = ScriptedServerPeer.start(vertx)) {
            client().start(HOST, server.port());
            server.awaitSnapshot();
            long seq = server.send(new DeliverToAgent("c-1", "a-7", "1007", 15));
            server.send(new HangUp("c-1", ClearCause.SERVER_HANGUP));
            await().atMost(WAIT).until(() -> commands.size() == 2);
            assertThat(commands.get(0)).isEqualTo(new DeliverToAgent("c-1", "a-7", "1007", 15));
            assertThat(commandSeqs.get(0)).isEqualTo(seq);
        }
    }

    @Test
    void requestSnapshotIsAnsweredByTheClientItself() {
        try (ScriptedServerPeer server = ScriptedServerPeer.start(vertx)) {
            client().start(HOST, server.port());
            server.awaitSnapshot();
            await().atMost(WAIT).until(client::connected);
            server.send(new RequestSnapshot());
            server.awaitCount(Snapshot.class, 2);
            assertThat(snapshotsTaken).hasValue(2);
            assertThat(commands).isEmpty();
            await().atMost(WAIT).until(client::connected);
            client.emit(offer("c-9"));
            server.await(CallOffered.class);
        }
    }

    @Test
    void badLinesFromTheServerAreCountedAndTheConnectionIsKept() {
        try (ScriptedServerPeer server = ScriptedServerPeer.start(vertx)) {
            client().start(HOST, server.port());
            server.awaitSnapshot();
            server.sendRaw("{\"seq\":50,\"type\":\"HangUp\",\"body\":{\"callId\":");
            server.sendRaw("{\"seq\":51,\"type\":\"Explode\",\"body\":{}}");
            server.sendRaw("{\"seq\":52,\"type\":\"HangUp\",\"body\":{\"callId\":\"c-1\"}}");
            server.sendRaw("x".repeat(70 * 1024));
            server.sendInOrder(new Envelope(60, offer("c-1")), // an event in the wrong direction
                    new Envelope(61, new HangUp("c-1", ClearCause.SERVER_HANGUP)));
            await().atMost(WAIT).until(() -> commands.size() == 1);
            assertThat(client.stats().protocolErrors()).isEqualTo(5);
            assertThat(client.connected()).isTrue();
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void eventsWhileDownAreBufferedAndSentAfterHelloBeforeTheSnapshot() {
        int port;
        try (ScriptedServerPeer probe = ScriptedServerPeer.start(vertx)) {
            port = probe.port();
        }
        client().start(HOST, port);
        client.emit(offer("c-1"));
        client.emit(new CallAnswered("c-1", "a-7", 1500, LinkSamples.T0 + 1500));
        await().atMost(WAIT).until(() -> client.buffered() == 2);
        assertThat(client.connected()).isFalse();

        try (ScriptedServerPeer server = ScriptedServerPeer.start(vertx, port)) {
            server.awaitSnapshot();
            client.emit(offer("c-3"));
            server.await(CallOffered.class, o -> o.callId().equals("c-3"));
            // in order, as they happened, then the snapshot's truth, then live events
            assertThat(types(server.receivedWithoutHeartbeat())).containsExactly(Hello.class, CallOffered.class,
                    CallAnswered.class, Snapshot.class, CallOffered.class);
            assertThat(server.events()).containsExactly(offer("c-1"),
                    new CallAnswered("c-1", "a-7", 1500, LinkSamples.T0 + 1500), LinkSamples.snapshot(), offer("c-3"));
            assertThat(client.stats().droppedWhileDown()).isZero();
            // the scripted server acknowledges what it got: nothing is kept
            await().atMost(WAIT).until(() -> client.buffered() == 0);
            assertThat(client.stats().bufferedEvents()).isZero();
        }
    }

    @Test
    void eventsTheServerDidNotAcknowledgeAreReplayedWithTheirFirstSeqOnTheNextConnection() {
        try (ScriptedServerPeer server = ScriptedServerPeer.start(vertx)) {
            server.acknowledge(false); // the server dies before it applies them
            client().start(HOST, server.port());
            server.awaitSnapshot();
            await().atMost(WAIT).until(client::connected);
            client.emit(offer("c-1"));
            client.emit(offer("c-2"));
            long first = server.awaitEnvelope(CallOffered.class, o -> o.callId().equals("c-1")).seq();
            long second = server.awaitEnvelope(CallOffered.class, o -> o.callId().equals("c-2")).seq();
            assertThat(client.buffered()).isEqualTo(2);
            server.send(new EventsApplied(first)); // the first one was applied
            await().atMost(WAIT).until(() -> client.buffered() == 1);

            server.clearReceived();
            server.dropConnection();
            server.awaitCount(Snapshot.class, 1);
            List<Envelope> lines = server.receivedWithoutHeartbeat();
            assertThat(types(lines)).containsExactly(Hello.class, Replayed.class, Snapshot.class);
            assertThat(lines.get(1).message()).isEqualTo(new Replayed(second, offer("c-2")));
            assertThat(server.replayed()).containsExactly(offer("c-2"));
            assertThat(client.stats().replayed()).isEqualTo(1);

            // acknowledged now: the next connection replays nothing
            server.send(new EventsApplied(second));
            await().atMost(WAIT).until(() -> client.buffered() == 0);
            server.clearReceived();
            server.dropConnection();
            server.awaitCount(Snapshot.class, 1);
            assertThat(types(server.receivedWithoutHeartbeat())).containsExactly(Hello.class, Snapshot.class);
        }
    }

    @Test
    void aFullBufferKeepsTheOldestCountsAndLogsTheRestAndNeverBlocks() {
        int port;
        try (ScriptedServerPeer probe = ScriptedServerPeer.start(vertx)) {
            port = probe.port();
        }
        client = new LinkClient(vertx, fastOptions().withReplayBuffer(2), "gw-1", LinkSamples.T0,
                () -> Future.succeededFuture(LinkSamples.snapshot()));
        client.start(HOST, port);
        for (int i = 1; i <= 5; i++) {
            client.emit(offer("c-" + i)); // returns at once, whatever the buffer holds
        }
        await().atMost(WAIT).until(() -> client.stats().bufferOverflows() == 3);
        assertThat(client.stats().droppedWhileDown()).as("lost: the link was down").isEqualTo(3);
        assertThat(client.buffered()).isEqualTo(2);

        try (ScriptedServerPeer server = ScriptedServerPeer.start(vertx, port)) {
            server.awaitSnapshot();
            // a gap-free prefix of what happened, then the snapshot's truth
            assertThat(server.events()).containsExactly(offer("c-1"), offer("c-2"), LinkSamples.snapshot());
            await().atMost(WAIT).until(() -> client.buffered() == 0 && client.connected());
            client.emit(offer("c-6"));
            server.await(CallOffered.class, o -> o.callId().equals("c-6"));
        }
    }

    @Test
    void aSilentServerIsDetectedAndTheClientReconnects() {
        List<String> disconnects = new CopyOnWriteArrayList<>();
        try (ScriptedServerPeer server = ScriptedServerPeer.start(vertx)) {
            client().disconnectedHandler(disconnects::add).start(HOST, server.port());
            server.awaitSnapshot();
            await().atMost(WAIT).until(client::connected);
            server.silent(true);
            await().atMost(Duration.ofSeconds(3)).until(() -> !disconnects.isEmpty());
            assertThat(disconnects.get(0)).startsWith("peer silent for");
            assertThat(client.stats().heartbeatTimeouts()).isGreaterThanOrEqualTo(1);
            server.silent(false);
            await().atMost(WAIT).until(() -> server.received(Hello.class).size() >= 2 && client.connected());
            assertThat(server.connections()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void closeStopsReconnecting() {
        try (ScriptedServerPeer server = ScriptedServerPeer.start(vertx)) {
            client().start(HOST, server.port());
            server.awaitSnapshot();
            block(client.close());
            server.awaitDisconnected();
            await().pollDelay(Duration.ofMillis(600)).atMost(WAIT).until(() -> true);
            assertThat(server.connections()).isEqualTo(1);
            client.emit(offer("c-1"));
            await().atMost(WAIT).until(() -> client.stats().droppedWhileDown() == 1);
            assertThat(client.buffered()).isZero();
        }
        client = null;
    }

    @Test
    void aSnapshotOverTheLineLimitIsNotSentAndTheClientRetries() {
        List<Snapshot.CallSnapshot> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            calls.add(new Snapshot.CallSnapshot("call-" + i, dev.cti.link.message.CallState.QUEUED, "sales", null, null,
                    "13812345678", LinkSamples.T0, null, null));
        }
        Snapshot huge = new Snapshot(calls, List.of(), LinkSamples.T0);
        try (ScriptedServerPeer server = ScriptedServerPeer.start(vertx)) {
            client(() -> Future.succeededFuture(huge)).start(HOST, server.port());
            await().atMost(WAIT).until(() -> server.received(Hello.class).size() >= 2);
            assertThat(server.received(Snapshot.class)).isEmpty();
            assertThat(server.badLines()).isEmpty();
            assertThat(client.connected()).isFalse();
        }
    }

    @Test
    void aServerNodeThatDoesNotAnswerIsPassedOverForTheNextAlternate() throws Exception {
        int nobody;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            nobody = probe.getLocalPort(); // closed again: connecting to it is refused
        }
        try (ScriptedServerPeer server = ScriptedServerPeer.start(vertx)) {
            client().start(HOST, nobody, List.of(HOST + ":" + server.port()));
            assertThat(server.awaitHello()).isEqualTo(new Hello("gw-1", LinkSamples.T0));
            server.awaitSnapshot();
            await().atMost(WAIT).until(client::connected);
        }
    }

    @Test
    void anAlternateThatIsNotHostColonPortIsRefusedAtStart() {
        LinkClient c = client();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.start(HOST, 7070, List.of("127.0.0.1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HOST:PORT");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.start(HOST, 7070, List.of("10.0.0.2:7070")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
    }
}
