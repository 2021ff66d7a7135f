package dev.cti.link.net;

import dev.cti.link.LinkDownException;
import dev.cti.link.LinkOptions;
import dev.cti.link.LinkProtocolException;
import dev.cti.link.message.EventsApplied;
import dev.cti.link.message.Hello;
import dev.cti.link.message.LinkCommand;
import dev.cti.link.message.LinkEvent;
import dev.cti.link.message.LinkMessage;
import dev.cti.link.message.Replayed;
import dev.cti.link.net.LinkStats.Refusal;
import dev.cti.link.wire.MessageRegistry;
import dev.cti.pki.Identities;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor-server's end of the CTI link. It listens for the gateway, accepts one active
 * gateway connection (a connection becomes active with its {@code Hello}; a newer one replaces the
 * older, which is closed and logged), delivers the gateway's events and sends commands.
 *
 * <p>Every handler runs on the Vert.x context that created the server (create it in your verticle's
 * {@code start}), so the server's state machines that consume events need no locks. After each
 * {@code connectedHandler} call the gateway sends a {@code Snapshot}: rebuild call state from it, do not
 * trust what was known before. Commands sent while no gateway is connected fail with
 * {@link LinkDownException}; nothing is queued.
 *
 * <p>With {@link LinkTls} (production) only a gateway with a client certificate of the link's CA gets a
 * connection, and its {@code Hello} must name the gateway id of its certificate: a peer without one, with one of
 * another CA or role, or claiming another id is refused (counted in {@link LinkStats#refused}, logged without
 * flooding) before it can say {@code Hello}, so it can never replace the active gateway nor receive a command.
 * Without it (tests) the link is plain TCP, and only on a loopback address.
 */
public final class LinkServer {

    /** Receives events with the gateway's seq (useful to correlate logs and spot gaps). */
    @FunctionalInterface
    public interface EventHandler {
        void handle(long seq, LinkEvent event);
    }

    private static final Logger log = LoggerFactory.getLogger(LinkServer.class);

    private final Vertx vertx;
    private final Context context;
    private final LinkOptions options;
    private final LinkStats stats = new LinkStats();
    /** Null: plain TCP, loopback only (tests). */
    private final LinkTls tls;
    private final Set<LinkConnection> pending = new HashSet<>();

    private EventHandler eventHandler = (seq, event) -> {};
    private Handler<Hello> connectedHandler = hello -> {};
    private Handler<String> disconnectedHandler = reason -> {};

    private NetServer netServer;
    private LinkConnection active;
    private long seqOut;
    private volatile Hello gateway;
    private volatile long lastSeqReceived;
    /** The gateway process ({@code id@startedAt}) whose events {@link #lastEventSeq} counts. */
    private String process;
    /** Highest event seq of {@link #process} handed to the event handler: a Replayed at or below it is a repeat. */
    private volatile long lastEventSeq;
    /** Bumped when another gateway process says Hello: an acknowledgement in flight for the old one is dropped. */
    private long processGeneration;
    private Supplier<Future<Void>> ackBarrier = Future::succeededFuture;
    private long ackWanted;
    private boolean ackInFlight;

    /** A plain-TCP link server: for tests, and only on a loopback address ({@link #listen} refuses others). */
    public LinkServer(Vertx vertx, LinkOptions options) {
        this(vertx, options, null);
    }

    /** The link server over TLS with client certificates: what production runs. */
    public LinkServer(Vertx vertx, LinkOptions options, LinkTls tls) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.options = options;
        this.tls = tls;
    }

    public LinkServer eventHandler(EventHandler handler) {
        this.eventHandler = handler;
        return this;
    }

    /**
     * What must be done before events are acknowledged to the gateway ({@link EventsApplied}): the returned future
     * completes once every event handed to the event handler so far is applied (and what the application writes
     * for it is committed). Called on the server's context after events were handed on; acknowledgements are
     * coalesced, one barrier at a time. By default events are acknowledged as soon as the handler returns.
     */
    public LinkServer ackAfter(Supplier<Future<Void>> barrier) {
        this.ackBarrier = Objects.requireNonNull(barrier, "barrier");
        return this;
    }

    /** Called when a gateway completed its Hello; buffered events (replayed) and its Snapshot follow. */
    public LinkServer connectedHandler(Handler<Hello> handler) {
        this.connectedHandler = handler;
        return this;
    }

    /** Called with a reason when the active gateway connection ends (closed, silent, replaced). */
    public LinkServer disconnectedHandler(Handler<String> handler) {
        this.disconnectedHandler = handler;
        return this;
    }

    /**
     * Starts listening; completes with the bound port (pass 0 for an ephemeral one). A plain-TCP server fails
     * on an address that is not loopback.
     */
    public Future<Integer> listen(String host, int port) {
        if (tls == null && !LinkTls.loopback(host)) {
            return Future.failedFuture(new IllegalArgumentException("a plain-TCP CTI link may listen on a loopback "
                    + "address only, not " + host + ": give the LinkServer a LinkTls"));
        }
        Promise<Integer> promise = Promise.promise();
        onContext(() -> {
            NetServerOptions o = new NetServerOptions()
                    .setHost(host)
                    .setPort(port)
                    .setTcpNoDelay(true)
                    .setTcpKeepAlive(true);
            netServer = vertx.createNetServer(tls == null ? o : tls.applyTo(o));
            netServer.connectHandler(socket -> onContext(() -> accept(socket)));
            // Connections that fail before they are handed over: the TLS handshake (plain TCP, no or a foreign
            // client certificate, an old protocol, a handshake never finished).
            netServer.exceptionHandler(e -> onContext(() -> refused(null, Refusal.TLS_HANDSHAKE,
                    String.valueOf(e.getMessage()))));
            netServer.listen().onComplete(ar -> {
                if (ar.succeeded()) {
                    log.info("CTI link listening on {}:{} ({})", host, ar.result().actualPort(),
                            tls == null ? "plain TCP, loopback, tests only" : "TLS, gateway certificates required");
                    promise.complete(ar.result().actualPort());
                } else {
                    promise.fail(ar.cause());
                }
            });
        });
        return promise.future();
    }

    /**
     * Sends a command to the active gateway; completes with the command's seq (which a
     * {@code CommandRejected} will quote) or fails with {@link LinkDownException} (no gateway) or
     * {@link LinkProtocolException} (the command would exceed the line limit).
     */
    public Future<Long> send(LinkCommand command) {
        Promise<Long> promise = Promise.promise();
        onContext(() -> {
            if (active == null) {
                promise.fail(new LinkDownException("no gateway connected"));
                return;
            }
            try {
                promise.complete(active.send(command));
            } catch (LinkDownException | LinkProtocolException e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }

    /** True while a gateway is connected and has said Hello. */
    public boolean connected() {
        return gateway != null;
    }

    /** The active gateway's Hello, if one is connected. */
    public Optional<Hello> gateway() {
        return Optional.ofNullable(gateway);
    }

    /**
     * Highest event seq of the connected gateway process that was handed to the event handler (an event's first
     * seq when it came as {@code Replayed}).
     */
    public long lastEventSeq() {
        return lastEventSeq;
    }

    /** Seq of the last Hello or event received from the gateway (0 before any). */
    public long lastSeqReceived() {
        return lastSeqReceived;
    }

    public LinkStats stats() {
        return stats;
    }

    /** Closes every connection and stops listening. */
    public Future<Void> close() {
        Promise<Void> promise = Promise.promise();
        onContext(() -> {
            List<LinkConnection> all = new ArrayList<>(pending);
            if (active != null) {
                all.add(active);
            }
            all.forEach(c -> c.close("server closing"));
            if (netServer == null) {
                promise.complete();
            } else {
                netServer.close().onComplete(promise);
            }
        });
        return promise.future();
    }

    private void accept(NetSocket socket) {
        String peerId = null;
        if (tls != null) {
            Optional<String> id = LinkTls.peerCertificate(socket).flatMap(Identities::gatewayId);
            if (id.isEmpty()) {
                refused(socket, Refusal.NOT_A_GATEWAY, null);
                socket.close();
                return;
            }
            peerId = id.get();
        }
        LinkConnection connection = new LinkConnection(vertx, context, socket, options, LinkEvent.class,
                () -> ++seqOut, stats, new LinkConnection.Listener() {
                    @Override
                    public void onMessage(LinkConnection c, long seq, LinkMessage message) {
                        received(c, seq, message);
                    }

                    @Override
                    public void onClosed(LinkConnection c, String reason) {
                        closed(c, reason);
                    }
                });
        connection.peerId(peerId);
        pending.add(connection);
        connection.start();
        log.debug("CTI link connection from {}, waiting for Hello", connection.name());
    }

    private void received(LinkConnection connection, long seq, LinkMessage message) {
        if (message instanceof Hello hello) {
            hello(connection, seq, hello);
            return;
        }
        if (connection != active) {
            stats.countProtocolError();
            log.warn("CTI link {}: {} before Hello, dropped", connection.name(), MessageRegistry.standard().nameOf(message));
            return;
        }
        if (message instanceof Replayed replayed) {
            lastSeqReceived = seq;
            if (replayed.seq() <= lastEventSeq) {
                stats.countReplayDuplicate(); // handed on before the connection it came on died: apply once
                requestAck(replayed.seq());
                return;
            }
            deliver(replayed.seq(), replayed.event());
            return;
        }
        if (!(message instanceof LinkEvent event)) {
            stats.countProtocolError();
            log.warn("CTI link {}: unexpected {}, dropped", connection.name(), MessageRegistry.standard().nameOf(message));
            return;
        }
        lastSeqReceived = seq;
        deliver(seq, event);
    }

    private void deliver(long seq, LinkEvent event) {
        lastEventSeq = Math.max(lastEventSeq, seq);
        try {
            eventHandler.handle(seq, event);
        } catch (RuntimeException e) {
            log.error("CTI link event handler failed on {} seq {}", MessageRegistry.standard().nameOf(event), seq, e);
        }
        requestAck(seq);
    }

    /** Acknowledges up to {@code seq} once the barrier says so; one barrier at a time, later requests coalesced. */
    private void requestAck(long seq) {
        ackWanted = Math.max(ackWanted, seq);
        if (ackInFlight) {
            return;
        }
        ackInFlight = true;
        // after the rest of this batch of lines: one barrier covers them all
        context.runOnContext(v -> runAck());
    }

    private void runAck() {
        long upTo = ackWanted;
        long generation = processGeneration;
        Future<Void> barrier;
        try {
            barrier = Objects.requireNonNull(ackBarrier.get(), "ack barrier returned null");
        } catch (RuntimeException e) {
            barrier = Future.failedFuture(e);
        }
        barrier.onComplete(ar -> onContext(() -> {
            ackInFlight = false;
            if (generation != processGeneration) {
                return; // another gateway process since: its events are counted afresh
            }
            if (ar.failed()) {
                log.warn("CTI link: events up to seq {} not acknowledged yet: {}", upTo, ar.cause().toString());
                ackInFlight = true;
                vertx.setTimer(1000, id -> onContext(this::runAck)); // the gateway keeps them meanwhile
                return;
            }
            if (active != null) {
                try {
                    active.send(new EventsApplied(upTo));
                } catch (LinkDownException | LinkProtocolException e) {
                    // the gateway replays them on its next connection; they are skipped then
                }
            }
            if (ackWanted > upTo) {
                requestAck(ackWanted);
            }
        }));
    }

    private void hello(LinkConnection connection, long seq, Hello hello) {
        if (connection == active) {
            stats.countProtocolError();
            log.warn("CTI link {}: second Hello on the same connection, ignored", connection.name());
            return;
        }
        if (connection.peerId() != null && !connection.peerId().equals(hello.gatewayId())) {
            refused(null, Refusal.GATEWAY_ID_MISMATCH, connection.name() + " said Hello as '" + cut(hello.gatewayId())
                    + "' with the certificate of gateway '" + connection.peerId() + "'");
            pending.remove(connection);
            connection.close("Hello does not match the client certificate");
            return;
        }
        pending.remove(connection);
        LinkConnection previous = active;
        if (previous != null) {
            log.warn("CTI link: gateway {} at {} replaces the connection from {}", hello.gatewayId(),
                    connection.name(), previous.name());
            active = null;
            gateway = null;
            previous.close("replaced by a newer gateway connection");
            stats.countDisconnect();
            notifyDisconnected("replaced by a newer gateway connection");
        }
        active = connection;
        gateway = hello;
        lastSeqReceived = seq;
        String helloProcess = hello.gatewayId() + "@" + hello.startedAt();
        if (!helloProcess.equals(process)) {
            process = helloProcess; // a new gateway process: its seqs start again at 1
            lastEventSeq = 0;
            ackWanted = 0;
            processGeneration++;
        }
        stats.countConnect();
        log.info("CTI link: gateway {} connected from {} (started at {})", hello.gatewayId(), connection.name(),
                hello.startedAt());
        try {
            connectedHandler.handle(hello);
        } catch (RuntimeException e) {
            log.error("CTI link connected handler failed", e);
        }
    }

    private void closed(LinkConnection connection, String reason) {
        pending.remove(connection);
        if (connection != active) {
            return;
        }
        active = null;
        gateway = null;
        stats.countDisconnect();
        log.warn("CTI link: gateway at {} disconnected: {}", connection.name(), reason);
        notifyDisconnected(reason);
    }

    private void notifyDisconnected(String reason) {
        try {
            disconnectedHandler.handle(reason);
        } catch (RuntimeException e) {
            log.error("CTI link disconnected handler failed", e);
        }
    }

    /** Counts a refused connection and logs the first ten, then every hundredth (a scan must not flood the log). */
    private void refused(NetSocket socket, Refusal reason, String detail) {
        long n = stats.countRefused(reason);
        if (n <= 10 || n % 100 == 0) {
            String from = socket == null ? "" : " from " + socket.remoteAddress();
            log.warn("CTI link: connection{} refused: {}{} ({} refused so far)", from, reason,
                    detail == null ? "" : " (" + cut(detail) + ")", n);
        }
    }

    private static String cut(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }

    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}
