package dev.cti.link.net;

import static dev.cti.link.net.LinkTestSupport.HOST;
import static dev.cti.link.net.LinkTestSupport.block;
import static dev.cti.link.net.LinkTestSupport.fastOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cti.link.LinkDownException;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.EventsApplied;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.Hello;
import dev.cti.link.message.LinkEvent;
import dev.cti.link.message.Pong;
import dev.cti.link.message.Replayed;
import dev.cti.link.message.Snapshot;
import dev.cti.link.testing.LinkSamples;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.link.wire.Envelope;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The server end against a scripted gateway speaking the real wire format over loopback. */
@ExtendWith(VertxExtension.class)
class LinkServerTest {

    private Vertx vertx;
    private LinkServer server;
    private int port;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<LinkEvent> events = new CopyOnWriteArrayList<>();
    private final List<Long> seqs = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start(Vertx vertx) {
        this.vertx = vertx;
        server = new LinkServer(vertx, fastOptions())
                .eventHandler((seq, event) -> {
                    seqs.add(seq);
                    events.add(event);
                })
                .connectedHandler(hello -> log.add("connected " + hello.gatewayId()))
                .disconnectedHandler(reason -> log.add("disconnected " + reason));
        port = block(server.listen(HOST, 0));
    }

    @AfterEach
    void stop() {
        block(server.close());
    }

    private ScriptedGatewayPeer gateway() {
        return ScriptedGatewayPeer.connect(vertx, HOST, port);
    }

    private static CallOffered offer(String callId) {
        return new CallOffered(callId, "sales", "13812345678", "4008001234", "trunk-1", LinkSamples.T0);
    }

    @Test
    void helloThenSnapshotThenEventsAreDeliveredInOrderWithSeq() {
        try (ScriptedGatewayPeer gw = gateway()) {
            gw.handshake("gw-1", LinkSamples.snapshot());
            gw.send(offer("c-1"));
            gw.send(new CallAnswered("c-1", "a-7", 2000, LinkSamples.T0 + 2000));

            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 3);
            assertThat(log).containsExactly("connected gw-1");
            assertThat(events.get(0)).isEqualTo(LinkSamples.snapshot());
            assertThat(events.get(1)).isEqualTo(offer("c-1"));
            assertThat(seqs).containsExactly(2L, 3L, 4L);
            assertThat(server.lastSeqReceived()).isEqualTo(4);
            assertThat(server.connected()).isTrue();
            assertThat(server.gateway()).map(Hello::gatewayId).contains("gw-1");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> log.size() == 2);
        assertThat(log).containsExactly("connected gw-1", "disconnected peer closed the connection");
        assertThat(server.connected()).isFalse();
    }

    @Test
    void badLinesAreCountedAndTheConnectionIsKept() {
        try (ScriptedGatewayPeer gw = gateway()) {
            gw.handshake("gw-1", LinkSamples.snapshot());
            String good = "{\"seq\":10,\"type\":\"CallOffered\",\"body\":{\"callId\":\"c-1\",\"queueId\":\"q\","
                    + "\"callerNumber\":\"1\",\"dialledNumber\":\"2\",\"trunkId\":\"t\",\"at\":1}}";
            gw.sendRaw(good.substring(0, 50));                                  // truncated JSON
            gw.sendRaw(good.replace("CallOffered", "CallTeleported"));           // unknown type
            gw.sendRaw(good.replace("\"queueId\":\"q\",", ""));                   // missing field
            gw.sendRaw("{\"seq\":11,\"junk\":\"" + "x".repeat(100 * 1024) + "\"}"); // over maxLineBytes
            gw.sendInOrder(new Envelope(20, new HangUp("c-1", ClearCause.SERVER_HANGUP)), // command, wrong direction
                    new Envelope(21, offer("c-2")));                             // seq 21: still accepted

            await().atMost(Duration.ofSeconds(5)).until(() -> events.contains(offer("c-2")));
            assertThat(server.stats().protocolErrors()).isEqualTo(5);
            assertThat(server.connected()).isTrue();
            assertThat(log).containsExactly("connected gw-1");
            assertThat(seqs).containsExactly(2L, 21L);
        }
    }

    @Test
    void seqGoingBackwardsIsRejected() {
        try (ScriptedGatewayPeer gw = gateway()) {
            gw.handshake("gw-1", LinkSamples.snapshot());
            gw.sendInOrder(new Envelope(9, offer("c-1")), new Envelope(5, offer("c-stale")),
                    new Envelope(10, offer("c-2")));
            await().atMost(Duration.ofSeconds(5)).until(() -> events.contains(offer("c-2")));
            assertThat(events).doesNotContain(offer("c-stale"));
            assertThat(server.stats().protocolErrors()).isEqualTo(1);
        }
    }

    @Test
    void eventsBeforeHelloAreRejected() {
        try (ScriptedGatewayPeer gw = gateway()) {
            gw.send(offer("c-1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().protocolErrors() == 1);
            gw.handshake("gw-1", LinkSamples.snapshot());
            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
            assertThat(events.get(0)).isInstanceOf(Snapshot.class);
        }
    }

    @Test
    void commandsReachTheGatewayWithIncreasingSeqAndFailWhenNoneIsConnected() {
        assertThatThrownBy(() -> block(server.send(new HangUp("c-1", ClearCause.SERVER_HANGUP))))
                .hasRootCauseInstanceOf(LinkDownException.class);
        try (ScriptedGatewayPeer gw = gateway()) {
            gw.handshake("gw-1", LinkSamples.snapshot());
            await().atMost(Duration.ofSeconds(5)).until(server::connected);
            long first = block(server.send(new DeliverToAgent("c-1", "a-7", "1007", 15)));
            long second = block(server.send(new HangUp("c-1", ClearCause.MAX_WAIT)));
            assertThat(second).isGreaterThan(first);
            assertThat(gw.await(DeliverToAgent.class)).isEqualTo(new DeliverToAgent("c-1", "a-7", "1007", 15));
            assertThat(gw.await(HangUp.class).cause()).isEqualTo(ClearCause.MAX_WAIT);
            assertThat(gw.awaitEnvelope(HangUp.class, h -> true).seq()).isEqualTo(second);
            assertThat(gw.badLines()).isEmpty();
        }
    }

    @Test
    void aSecondGatewayReplacesTheFirst() {
        try (ScriptedGatewayPeer first = gateway(); ScriptedGatewayPeer second = gateway()) {
            first.handshake("gw-1", LinkSamples.snapshot());
            await().atMost(Duration.ofSeconds(5)).until(() -> log.contains("connected gw-1"));
            second.handshake("gw-2", LinkSamples.snapshot());
            await().atMost(Duration.ofSeconds(5)).until(() -> log.contains("connected gw-2"));
            first.awaitDisconnected();
            assertThat(log).containsExactly("connected gw-1",
                    "disconnected replaced by a newer gateway connection", "connected gw-2");
            block(server.send(new HangUp("c-1", ClearCause.SERVER_HANGUP)));
            second.await(HangUp.class);
            assertThat(first.received(HangUp.class)).isEmpty();
        }
    }

    @Test
    void aSilentGatewayIsDetectedAndDisconnected() {
        try (ScriptedGatewayPeer gw = gateway()) {
            gw.handshake("gw-1", LinkSamples.snapshot());
            await().atMost(Duration.ofSeconds(5)).until(server::connected);
            // while it answers pings it stays connected, well past deadAfter
            await().pollDelay(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> true);
            assertThat(server.connected()).isTrue();
            assertThat(gw.received(Pong.class)).isEmpty();
            assertThat(server.stats().lastRoundTripMillis()).isGreaterThanOrEqualTo(0);

            gw.silent(true);
            long silentSince = System.nanoTime();
            await().atMost(Duration.ofSeconds(3)).until(() -> !server.connected());
            long detectedAfterMs = (System.nanoTime() - silentSince) / 1_000_000;
            assertThat(detectedAfterMs).isLessThan(2000);
            assertThat(server.stats().heartbeatTimeouts()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(1)).until(() -> log.size() == 2);
            assertThat(log.get(1)).startsWith("disconnected peer silent for");
            gw.awaitDisconnected();
        }
    }

    @Test
    void aReplayedEventIsHandedOnOnceAndEveryEventIsAcknowledged() {
        try (ScriptedGatewayPeer gw = gateway()) {
            gw.handshake("gw-1", LinkSamples.snapshot());
            long offered = gw.send(offer("c-1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 2);
            EventsApplied ack = gw.await(EventsApplied.class, a -> a.upToSeq() == offered);
            assertThat(ack.upToSeq()).isEqualTo(offered).isEqualTo(3);
        }
        // the same gateway process on a new connection sends what it does not know was applied
        try (ScriptedGatewayPeer gw = gateway()) {
            gw.sendInOrder(new Envelope(100, new Hello("gw-1", LinkSamples.snapshot().at())), // the same process
                    new Envelope(101, new Replayed(3, offer("c-1"))), // applied before: skipped
                    new Envelope(102, new Replayed(7, new CallAnswered("c-1", "a-7", 2000, LinkSamples.T0 + 2000))),
                    new Envelope(103, LinkSamples.snapshot()));
            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 4);
            assertThat(events.subList(2, 4)).containsExactly(new CallAnswered("c-1", "a-7", 2000, LinkSamples.T0 + 2000),
                    LinkSamples.snapshot());
            assertThat(seqs.subList(2, 4)).as("a replayed event keeps its first seq").containsExactly(7L, 103L);
            assertThat(server.stats().replayDuplicates()).isEqualTo(1);
            assertThat(server.lastEventSeq()).isEqualTo(103);
            gw.await(EventsApplied.class, a -> a.upToSeq() == 103);
            assertThat(server.stats().protocolErrors()).isZero();
        }
        // a restarted gateway counts from 1 again: its events are new
        try (ScriptedGatewayPeer gw = gateway()) {
            gw.sendInOrder(new Envelope(1, new Hello("gw-1", LinkSamples.snapshot().at() + 60_000)),
                    new Envelope(2, new Replayed(1, offer("c-9"))));
            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 5);
            assertThat(events.get(4)).isEqualTo(offer("c-9"));
            assertThat(server.stats().replayDuplicates()).isEqualTo(1);
        }
    }

    @Test
    void eventsAreAcknowledgedOnlyOnceTheBarrierSaysTheyAreApplied() {
        io.vertx.core.Promise<Void> applied = io.vertx.core.Promise.promise();
        java.util.concurrent.atomic.AtomicInteger barriers = new java.util.concurrent.atomic.AtomicInteger();
        server.ackAfter(() -> {
            barriers.incrementAndGet();
            return applied.future();
        });
        try (ScriptedGatewayPeer gw = gateway()) {
            gw.handshake("gw-1", LinkSamples.snapshot());
            gw.send(offer("c-1"));
            long last = gw.send(offer("c-2"));
            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 3);
            await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertThat(gw.received(EventsApplied.class)).as("nothing acknowledged before the barrier").isEmpty();
            assertThat(barriers).as("one barrier at a time").hasValue(1);
            vertx.runOnContext(v -> applied.complete());
            // the first barrier covered what had arrived when it started; a second one covers the rest
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.received(EventsApplied.class).stream()
                    .anyMatch(a -> a.upToSeq() == last));
        }
    }

    @Test
    void anAcknowledgementIsNotSentWhileTheBarrierFailsAndIsRetried() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        server.ackAfter(() -> calls.incrementAndGet() == 1
                ? io.vertx.core.Future.failedFuture(new IllegalStateException("database away"))
                : io.vertx.core.Future.succeededFuture());
        try (ScriptedGatewayPeer gw = gateway()) {
            gw.handshake("gw-1", LinkSamples.snapshot());
            long seq = gw.send(offer("c-1"));
            gw.await(EventsApplied.class, a -> a.upToSeq() == seq);
            assertThat(calls.get()).isGreaterThanOrEqualTo(2);
        }
    }
}
