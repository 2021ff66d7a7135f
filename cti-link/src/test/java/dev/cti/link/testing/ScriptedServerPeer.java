package dev.cti.link.testing;

import dev.cti.link.message.EventsApplied;
import dev.cti.link.message.Hello;
import dev.cti.link.message.LinkCommand;
import dev.cti.link.message.LinkEvent;
import dev.cti.link.message.Replayed;
import dev.cti.link.message.Snapshot;
import dev.cti.link.wire.Envelope;
import dev.cti.link.net.LinkTls;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.util.List;

/**
 * A fake supervisor-server for gateway tests: listens on 127.0.0.1, records every event the gateway
 * sends, and sends commands. A new connection replaces the previous one, like the real server.
 *
 * <pre>{@code
 * try (ScriptedServerPeer server = ScriptedServerPeer.start(vertx)) {
 *     gateway.connectLinkTo("127.0.0.1", server.port());
 *     server.await(Hello.class);
 *     server.await(Snapshot.class);
 *     server.send(new DeliverToAgent("c-1", "a-7", "1007", 15));
 *     server.await(AgentRinging.class, r -> r.callId().equals("c-1"));
 * }
 * }</pre>
 */
public final class ScriptedServerPeer extends ScriptedLinkPeer {

    private final NetServer server;
    private final int port;
    private volatile boolean acknowledge = true;

    private ScriptedServerPeer(Vertx vertx, int port, LinkTls tls) {
        super(vertx);
        NetServerOptions o = new NetServerOptions().setHost("127.0.0.1").setPort(port);
        this.server = vertx.createNetServer(tls == null ? o : tls.applyTo(o));
        server.connectHandler(this::attach);
        this.port = block(server.listen()).actualPort();
    }

    /** Listens on an ephemeral port, plain TCP. */
    public static ScriptedServerPeer start(Vertx vertx) {
        return new ScriptedServerPeer(vertx, 0, null);
    }

    /** Listens on a given port, e.g. to come back on the port a client is reconnecting to. */
    public static ScriptedServerPeer start(Vertx vertx, int port) {
        return new ScriptedServerPeer(vertx, port, null);
    }

    /**
     * Listens on an ephemeral port over TLS with {@code tls}'s certificate (e.g. {@link TestTls#server()}),
     * requiring a client certificate of its CA (a gateway's; the peer does not check the id).
     */
    public static ScriptedServerPeer start(Vertx vertx, LinkTls tls) {
        return new ScriptedServerPeer(vertx, 0, tls);
    }

    /** Same, on a given port. */
    public static ScriptedServerPeer start(Vertx vertx, int port, LinkTls tls) {
        return new ScriptedServerPeer(vertx, port, tls);
    }

    public int port() {
        return port;
    }

    /** Sends a command; returns its seq. */
    public long send(LinkCommand command) {
        return super.send(command);
    }

    /**
     * Whether the peer acknowledges every event it receives with {@code EventsApplied} (on by default, like the
     * real server); off, the gateway keeps its events and sends them again after a reconnection.
     */
    public ScriptedServerPeer acknowledge(boolean on) {
        this.acknowledge = on;
        return this;
    }

    @Override
    protected void onReceived(Envelope envelope) {
        if (!acknowledge) {
            return;
        }
        if (envelope.message() instanceof Replayed r) {
            sendNow(new EventsApplied(r.seq()));
        } else if (envelope.message() instanceof LinkEvent) {
            sendNow(new EventsApplied(envelope.seq()));
        }
    }

    /** Every event received as it was first sent (Hello, heartbeat and {@code Replayed} repeats excluded). */
    public List<LinkEvent> events() {
        return received(LinkEvent.class);
    }

    public Hello awaitHello() {
        return await(Hello.class);
    }

    /** The events that came again after a reconnection ({@code Replayed}), unwrapped. */
    public List<LinkEvent> replayed() {
        return received(Replayed.class).stream().map(Replayed::event).toList();
    }

    public Snapshot awaitSnapshot() {
        return await(Snapshot.class);
    }

    /** Stops listening and drops the connection: the server process died. */
    @Override
    public void close() {
        super.close();
        block(server.close());
    }
}
