package dev.cti.link.net;

import dev.cti.link.LinkDownException;
import dev.cti.link.LinkOptions;
import dev.cti.link.LinkProtocolException;
import dev.cti.link.message.Hello;
import dev.cti.link.message.LinkCommand;
import dev.cti.link.message.LinkEvent;
import dev.cti.link.message.LinkMessage;
import dev.cti.link.message.RequestSnapshot;
import dev.cti.link.message.Snapshot;
import dev.cti.link.net.ClientFsm.Event;
import dev.cti.link.net.ClientFsm.State;
import dev.cti.link.net.LinkStats.Refusal;
import dev.cti.link.wire.MessageRegistry;
import dev.cti.pki.Identities;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sip-gateway's end of the CTI link. It connects to the server and keeps reconnecting with
 * exponential backoff ({@link LinkOptions#reconnectMin()} .. {@link LinkOptions#reconnectMax()}). On
 * every connection it first sends {@link Hello}, then a {@link Snapshot} from the gateway's supplier,
 * then live events.
 *
 * <p>Recovery is by snapshot, not by replay: events emitted while the link is down are dropped and
 * counted (they still consume seq numbers, so the server sees the gap), and the snapshot sent on the
 * next connection carries the current truth. Calls in the gateway never wait for the link:
 * {@link #emit} is non-blocking from any thread and never fails.
 *
 * <p>While a snapshot is being produced (on connect or on {@link RequestSnapshot}) live events are
 * held back and sent right after it, so the server never sees a snapshot older than an event it already
 * got. The supplier must therefore return state at least as new as the moment it is called. Events sent
 * after a snapshot may repeat what it says; the server applies them idempotently.
 *
 * <p>With {@link LinkTls} (production) the client presents the gateway's certificate and accepts only a
 * link-server certificate of the link's CA for the address it dials; a server that fails that is refused
 * (counted in {@link LinkStats#refused}, logged without flooding) and dialled again with backoff. Without it
 * (tests) the link is plain TCP, to a loopback address only.
 */
public final class LinkClient {

    /** Receives commands with the server's seq (quote it in {@code CommandRejected}). */
    @FunctionalInterface
    public interface CommandHandler {
        void handle(long seq, LinkCommand command);
    }

    private static final Logger log = LoggerFactory.getLogger(LinkClient.class);

    private final Vertx vertx;
    private final Context context;
    private final LinkOptions options;
    private final String gatewayId;
    private final long startedAt;
    private final Supplier<Future<Snapshot>> snapshots;
    private final LinkStats stats = new LinkStats();
    private final AtomicLong unexpectedTransitions = new AtomicLong();
    private final Backoff backoff;
    private final NetClient netClient;
    /** Null: plain TCP, loopback only (tests). */
    private final LinkTls tls;

    private CommandHandler commandHandler = (seq, command) -> {};
    private Handler<Void> connectedHandler = v -> {};
    private Handler<String> disconnectedHandler = reason -> {};

    private volatile State state = State.IDLE;
    private String host;
    private int port;
    private LinkConnection connection;
    private List<LinkEvent> heldBack = new ArrayList<>();
    private long syncGeneration;
    private long seqOut;
    private long retryTimer = -1;
    /** The connection on which the connected handler was last called. */
    private LinkConnection liveOn;

    /**
     * @param gatewayId  this gateway's name, sent in Hello
     * @param startedAt  when the gateway process started (epoch millis); lets the server tell a restart from a reconnect
     * @param snapshots  produces the gateway's current state; called on the client's context, may complete anywhere
     */
    public LinkClient(Vertx vertx, LinkOptions options, String gatewayId, long startedAt,
            Supplier<Future<Snapshot>> snapshots) {
        this(vertx, options, gatewayId, startedAt, snapshots, null);
    }

    /**
     * The link client over TLS: what production runs. {@code tls} holds gateway {@code gatewayId}'s certificate
     * (the server refuses a Hello that names another id) and the link's CA.
     */
    public LinkClient(Vertx vertx, LinkOptions options, String gatewayId, long startedAt,
            Supplier<Future<Snapshot>> snapshots, LinkTls tls) {
        this.tls = tls;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.options = options;
        this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
        this.startedAt = startedAt;
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.backoff = new Backoff(options.reconnectMin(), options.reconnectMax());
        NetClientOptions o = new NetClientOptions()
                .setConnectTimeout((int) Math.max(1000, options.deadAfter().toMillis()))
                .setTcpNoDelay(true)
                .setTcpKeepAlive(true);
        this.netClient = vertx.createNetClient(tls == null ? o : tls.applyTo(o));
    }

    public LinkClient commandHandler(CommandHandler handler) {
        this.commandHandler = handler;
        return this;
    }

    /** Called after Hello and Snapshot went out on a new connection. */
    public LinkClient connectedHandler(Handler<Void> handler) {
        this.connectedHandler = handler;
        return this;
    }

    /** Called with a reason when a synchronised connection is lost; reconnecting is automatic. */
    public LinkClient disconnectedHandler(Handler<String> handler) {
        this.disconnectedHandler = handler;
        return this;
    }

    /**
     * Starts connecting to the server (and reconnecting for as long as the client is not closed).
     *
     * @throws IllegalArgumentException for a plain-TCP client and an address that is not loopback
     */
    public void start(String host, int port) {
        if (tls == null && !LinkTls.loopback(host)) {
            throw new IllegalArgumentException("a plain-TCP CTI link may dial a loopback address only, not " + host
                    + ": give the LinkClient a LinkTls");
        }
        onContext(() -> {
            this.host = host;
            this.port = port;
            if (fire(Event.START)) {
                connect();
            }
        });
    }

    /**
     * Publishes an event. Thread-safe and non-blocking; the event is sent if the link is up, held back
     * briefly while a snapshot is being sent, and dropped (counted) while the link is down.
     */
    public void emit(LinkEvent event) {
        Objects.requireNonNull(event, "event");
        onContext(() -> {
            switch (state) {
                case LIVE -> {
                    try {
                        connection.send(event);
                    } catch (LinkDownException e) {
                        dropped();
                    } catch (LinkProtocolException e) {
                        stats.countDroppedWhileDown();
                        log.error("CTI link: event not sent: {}", e.getMessage());
                    }
                }
                case SYNCING -> {
                    if (heldBack.size() >= options.maxPendingDuringSync()) {
                        dropped();
                        connection.close("more than " + options.maxPendingDuringSync() + " events during snapshot");
                    } else {
                        heldBack.add(event);
                    }
                }
                default -> dropped();
            }
        });
    }

    /** True once Hello and Snapshot have been sent on the current connection. */
    public boolean connected() {
        return state == State.LIVE;
    }

    public LinkStats stats() {
        return stats;
    }

    /** Events that arrived in a state where the state machine had no transition (logged, counted). */
    public long unexpectedTransitions() {
        return unexpectedTransitions.get();
    }

    /** Stops reconnecting and closes the connection. */
    public Future<Void> close() {
        Promise<Void> promise = Promise.promise();
        onContext(() -> {
            fire(Event.CLOSE);
            if (retryTimer >= 0) {
                vertx.cancelTimer(retryTimer);
                retryTimer = -1;
            }
            LinkConnection c = connection;
            connection = null;
            heldBack = new ArrayList<>();
            if (c != null) {
                c.close("client closing");
            }
            netClient.close().onComplete(promise);
        });
        return promise.future();
    }

    private void connect() {
        netClient.connect(port, host).onComplete(ar -> onContext(() -> {
            if (state != State.CONNECTING) {
                if (ar.succeeded()) {
                    ar.result().close();
                }
                return;
            }
            if (ar.failed()) {
                if (tls != null && isTls(ar.cause())) {
                    refused(Refusal.TLS_HANDSHAKE, ar.cause().getMessage());
                } else {
                    log.debug("CTI link: connect to {}:{} failed: {}", host, port, ar.cause().getMessage());
                }
                fire(Event.CONNECT_FAILED);
                scheduleRetry();
            } else if (tls != null && !LinkTls.peerCertificate(ar.result()).map(Identities::isLinkServer).orElse(false)) {
                refused(Refusal.NOT_A_LINK_SERVER, "its certificate is not a link server's (" + Identities.LINK_SERVER + ")");
                ar.result().close();
                fire(Event.CONNECT_FAILED);
                scheduleRetry();
            } else {
                connected(ar.result());
            }
        }));
    }

    private void connected(NetSocket socket) {
        LinkConnection c = new LinkConnection(vertx, context, socket, options, LinkCommand.class, () -> ++seqOut,
                stats, new LinkConnection.Listener() {
                    @Override
                    public void onMessage(LinkConnection from, long seq, LinkMessage message) {
                        received(from, seq, message);
                    }

                    @Override
                    public void onClosed(LinkConnection from, String reason) {
                        lost(from, reason);
                    }
                });
        connection = c;
        fire(Event.CONNECTED);
        c.start();
        c.send(new Hello(gatewayId, startedAt));
        synchronise(c);
    }

    /** Asks the gateway for a snapshot, holds live events back until it is sent, then flushes them. */
    private void synchronise(LinkConnection c) {
        heldBack = new ArrayList<>();
        long generation = ++syncGeneration;
        Future<Snapshot> future;
        try {
            future = Objects.requireNonNull(snapshots.get(), "snapshot supplier returned null");
        } catch (RuntimeException e) {
            future = Future.failedFuture(e);
        }
        future.onComplete(ar -> onContext(() -> {
            if (c != connection || generation != syncGeneration || state != State.SYNCING) {
                return;
            }
            if (ar.failed()) {
                log.error("CTI link: snapshot supplier failed; reconnecting", ar.cause());
                fire(Event.SNAPSHOT_FAILED);
                connection = null;
                c.close("snapshot failed");
                scheduleRetry();
                return;
            }
            try {
                c.send(ar.result());
            } catch (LinkDownException e) {
                return; // lost() has moved us on
            } catch (LinkProtocolException e) {
                log.error("CTI link: snapshot not sent ({}); reconnecting", e.getMessage());
                fire(Event.SNAPSHOT_FAILED);
                connection = null;
                c.close("snapshot too large");
                scheduleRetry();
                return;
            }
            for (LinkEvent event : heldBack) {
                try {
                    c.send(event);
                } catch (LinkDownException e) {
                    return;
                } catch (LinkProtocolException e) {
                    stats.countDroppedWhileDown();
                    log.error("CTI link: event not sent: {}", e.getMessage());
                }
            }
            heldBack = new ArrayList<>();
            fire(Event.SNAPSHOT_SENT);
            backoff.reset();
            if (liveOn != c) {
                liveOn = c;
                stats.countConnect();
                log.info("CTI link: connected to {}:{} as {}", host, port, gatewayId);
                try {
                    connectedHandler.handle(null);
                } catch (RuntimeException e) {
                    log.error("CTI link connected handler failed", e);
                }
            }
        }));
    }

    private void received(LinkConnection from, long seq, LinkMessage message) {
        if (from != connection) {
            return;
        }
        if (message instanceof RequestSnapshot) {
            if (fire(Event.SNAPSHOT_REQUESTED)) {
                synchronise(from);
            }
            return;
        }
        if (!(message instanceof LinkCommand command)) {
            stats.countProtocolError();
            log.warn("CTI link: unexpected {} from server, dropped", MessageRegistry.nameOf(message));
            return;
        }
        try {
            commandHandler.handle(seq, command);
        } catch (RuntimeException e) {
            log.error("CTI link command handler failed on {} seq {}", MessageRegistry.nameOf(command), seq, e);
        }
    }

    private void lost(LinkConnection from, String reason) {
        if (from != connection) {
            return;
        }
        connection = null;
        heldBack = new ArrayList<>();
        boolean wasLive = liveOn == from;
        liveOn = null;
        if (!fire(Event.CONNECTION_LOST)) {
            return;
        }
        if (wasLive) {
            stats.countDisconnect();
            log.warn("CTI link: connection to {}:{} lost: {}", host, port, reason);
            try {
                disconnectedHandler.handle(reason);
            } catch (RuntimeException e) {
                log.error("CTI link disconnected handler failed", e);
            }
        } else {
            log.info("CTI link: connection to {}:{} lost before it was synchronised: {}", host, port, reason);
        }
        scheduleRetry();
    }

    private void scheduleRetry() {
        long delay = backoff.next();
        retryTimer = vertx.setTimer(delay, id -> onContext(() -> {
            retryTimer = -1;
            if (fire(Event.RETRY_DUE)) {
                connect();
            }
        }));
    }

    private static boolean isTls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException || t.getClass().getName().contains("Ssl")) {
                return true;
            }
        }
        return false;
    }

    /** Counts a refused server and logs the first ten, then every hundredth (it retries every few seconds). */
    private void refused(Refusal reason, String detail) {
        long n = stats.countRefused(reason);
        if (n <= 10 || n % 100 == 0) {
            String d = detail == null ? "" : detail.length() > 120 ? detail.substring(0, 120) + "..." : detail;
            log.warn("CTI link: server {}:{} refused: {} ({}); {} so far; is it ours, with a certificate of the link CA?",
                    host, port, reason, d, n);
        }
    }

    private void dropped() {
        ++seqOut;
        stats.countDroppedWhileDown();
    }

    private boolean fire(Event event) {
        Optional<State> next = ClientFsm.next(state, event);
        if (next.isEmpty()) {
            unexpectedTransitions.incrementAndGet();
            log.debug("CTI link client: {} ignored in state {}", event, state);
            return false;
        }
        state = next.get();
        return true;
    }

    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}
