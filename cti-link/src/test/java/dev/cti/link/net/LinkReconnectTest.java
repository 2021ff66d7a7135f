package dev.cti.link.net;

import static dev.cti.link.net.LinkTestSupport.HOST;
import static dev.cti.link.net.LinkTestSupport.block;
import static dev.cti.link.net.LinkTestSupport.fastOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallState;
import dev.cti.link.message.Hello;
import dev.cti.link.message.LinkEvent;
import dev.cti.link.message.LinkMessage;
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.Snapshot.CallSnapshot;
import dev.cti.link.testing.LinkSamples;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real client and the real server: the server dies and comes back on the same port. */
@ExtendWith(VertxExtension.class)
class LinkReconnectTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** What one server instance saw, in order, with seqs (Hello comes through the connected handler). */
    private record Seen(long seq, LinkMessage message) {}

    private static LinkServer server(Vertx vertx, List<Seen> seen) {
        LinkServer server = new LinkServer(vertx, fastOptions());
        server.connectedHandler(hello -> seen.add(new Seen(server.lastSeqReceived(), hello)))
                .eventHandler((seq, event) -> seen.add(new Seen(seq, event)));
        return server;
    }

    private static CallOffered offer(String callId) {
        return new CallOffered(callId, "sales", "13812345678", "4008001234", "trunk-1", LinkSamples.T0);
    }

    private static List<Class<?>> types(List<Seen> seen) {
        return seen.stream().<Class<?>>map(s -> s.message().getClass()).toList();
    }

    @Test
    void afterTheServerRestartsItGetsHelloTheEventsItMissedTheSnapshotThenLiveEventsWithSeqContinuing(Vertx vertx) {
        AtomicReference<Snapshot> gatewayState = new AtomicReference<>(new Snapshot(List.of(), List.of(), LinkSamples.T0));
        List<String> clientLog = new CopyOnWriteArrayList<>();
        LinkClient client = new LinkClient(vertx, fastOptions(), "gw-1", LinkSamples.T0,
                () -> Future.succeededFuture(gatewayState.get()))
                .connectedHandler(v -> clientLog.add("connected"))
                .disconnectedHandler(reason -> clientLog.add("disconnected"));

        List<Seen> first = new CopyOnWriteArrayList<>();
        LinkServer server1 = server(vertx, first);
        int port = block(server1.listen(HOST, 0));
        client.start(HOST, port);
        await().atMost(WAIT).until(client::connected);
        client.emit(offer("c-1"));
        await().atMost(WAIT).until(() -> first.size() == 3);
        assertThat(types(first)).containsExactly(Hello.class, Snapshot.class, CallOffered.class);

        // the server process dies; the gateway's call goes on (its state changes while the link is down)
        block(server1.close());
        await().atMost(WAIT).until(() -> !client.connected());
        gatewayState.set(new Snapshot(List.of(new CallSnapshot("c-1", CallState.CONNECTED, "sales", "a-7", "1007",
                "13812345678", LinkSamples.T0, LinkSamples.T0 + 3000, null)), List.of(), LinkSamples.T0 + 5000));
        client.emit(offer("c-while-down"));
        await().atMost(WAIT).until(() -> client.buffered() == 1);
        // let a few reconnect attempts fail against the closed port
        await().pollDelay(Duration.ofMillis(300)).atMost(WAIT).until(() -> true);

        List<Seen> second = new CopyOnWriteArrayList<>();
        LinkServer server2 = server(vertx, second);
        assertThat(block(server2.listen(HOST, port))).isEqualTo(port);
        await().atMost(WAIT).until(() -> second.size() == 3 && client.connected());
        client.emit(offer("c-2"));
        await().atMost(WAIT).until(() -> second.size() == 4);

        // the event of the outage first (in order, as it happened), then the snapshot's truth, then live events
        assertThat(types(second)).containsExactly(Hello.class, CallOffered.class, Snapshot.class, CallOffered.class);
        assertThat(second.get(1).message()).isEqualTo(offer("c-while-down"));
        assertThat(second.get(2).message()).isEqualTo(gatewayState.get());
        assertThat(second.get(3).message()).isEqualTo(offer("c-2"));
        long lastBefore = first.get(first.size() - 1).seq();
        assertThat(second.get(0).seq()).as("seq continues across reconnects").isGreaterThan(lastBefore);
        assertThat(second).extracting(Seen::seq).isSorted().doesNotHaveDuplicates();
        assertThat(server2.stats().protocolErrors()).isZero();
        // the first server acknowledged c-1 before it died: nothing is sent twice
        assertThat(second).extracting(Seen::message).doesNotContain(offer("c-1"));
        await().atMost(WAIT).until(() -> client.buffered() == 0);
        assertThat(clientLog).containsExactly("connected", "disconnected", "connected");
        assertThat(client.stats().connects()).isEqualTo(2);

        block(client.close());
        block(server2.close());
    }

    @Test
    void aRestartedGatewayIsToldApartByItsHello(Vertx vertx) {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        LinkServer server = server(vertx, seen);
        int port = block(server.listen(HOST, 0));
        LinkClient before = new LinkClient(vertx, fastOptions(), "gw-1", 1000,
                () -> Future.succeededFuture(new Snapshot(List.of(), List.of(), 1000)));
        before.start(HOST, port);
        await().atMost(WAIT).until(() -> seen.size() == 2);
        block(before.close());

        LinkClient after = new LinkClient(vertx, fastOptions(), "gw-1", 2000,
                () -> Future.succeededFuture(new Snapshot(List.of(), List.of(), 2000)));
        after.start(HOST, port);
        await().atMost(WAIT).until(() -> seen.size() == 4);
        List<LinkMessage> hellos = seen.stream().map(Seen::message).filter(m -> m instanceof Hello).toList();
        assertThat(hellos).containsExactly(new Hello("gw-1", 1000), new Hello("gw-1", 2000));
        assertThat(seen.get(2).seq()).as("a new gateway process starts its seq again").isEqualTo(1);
        assertThat(seen).extracting(Seen::message).filteredOn(m -> m instanceof LinkEvent).hasSize(2);
        block(after.close());
        block(server.close());
    }
}
