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
import dev.cti.link.message.RequestSnapshot;
import dev.cti.link.message.Snapshot;
import dev.cti.link.net.ClientFsm.Event;
import dev.cti.link.net.ClientFsm.State;
import dev.cti.link.net.LinkStats.Refusal;
import dev.cti.link.wire.MessageRegistry;
import dev.cti.pki.Identities;
import dev.cti.protocol.statemachine.StateMachine;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sip-gateway's end of the CTI link. It connects to the server and keeps reconnecting with
 * exponential backoff ({@link LinkOptions#reconnectMin()} .. {@link LinkOptions#reconnectMax()}). On
 * every connection it first sends {@link Hello}, then the events the server has not acknowledged yet
 * (buffered while the link was down, or sent on a connection that died before the server said
 * {@link EventsApplied}), then a {@link Snapshot} from the gateway's supplier, then live events.
 *
 * <p>Every emitted event goes into a bounded buffer ({@link LinkOptions#replayBufferEvents()}) and stays there
 * until the server's {@link EventsApplied} covers its seq. An event gets its seq when it is first sent; sent
 * again on a later connection it travels as {@link Replayed} with that same seq, so the server applies it once.
 * Calls in the gateway never wait for the link: {@link #emit} is non-blocking from any thread and never fails.
 * A full buffer keeps nothing more (counted in {@link LinkStats#bufferOverflows()}, logged): while the link is
 * up the event is still sent, while it is down it is lost (also {@link LinkStats#droppedWhileDown()}) and the
 * snapshot sent on the next connection carries the truth, as before buffering existed. Dropping the newest
 * (not the oldest) keeps what is replayed a gap-free prefix of what happened.
 *
 * <p>While a snapshot is being produced (on connect or on {@link RequestSnapshot}) live events wait in the
 * buffer and are sent right after it, so the server never sees a snapshot older than an event it already
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

    private final StateMachine<State, Event> fsm;
    private ServerAddresses addresses;
    private LinkConnection connection;
    /** Events not acknowledged by the server, oldest first. */
    private final ReplayBuffer buffer;
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
        this.buffer = new ReplayBuffer(options.replayBufferEvents(), stats);
        this.fsm = ClientFsm.machine((state, event) -> {
            unexpectedTransitions.incrementAndGet();
            log.debug("CTI link client: {} ignored in state {}", event, state);
        });
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
        start(host, port, java.util.List.of());
    }

    /**
     * As {@link #start(String, int)}, with other server nodes ({@code HOST:PORT}, network.ctiLink.alternates) tried
     * in turn, each after a failed attempt at the one before ({@link ServerAddresses}).
     *
     * @throws IllegalArgumentException for an alternate that is not HOST:PORT, or not loopback on a plain-TCP client
     */
    public void start(String host, int port, java.util.List<String> alternates) {
        ServerAddresses all = ServerAddresses.of(host, port, alternates, tls == null);
        onContext(() -> {
            this.addresses = all;
            if (fsm.fire(Event.START)) {
                connect();
            }
        });
    }

    /** After a failed attempt: the next server node, when there are several. */
    private void nextAddress() {
        if (addresses.next()) {
            log.debug("CTI link: trying the next server node {}:{}", host(), port());
        }
    }

    /** After a failed attempt: the next node at once; the back-off grows once every node was tried in a round. */
    private void retryNextAddress() {
        nextAddress();
        if (addresses.atFirst()) {
            scheduleRetry();
        } else {
            scheduleRetry(options.reconnectMin().toMillis());
        }
    }

    private String host() {
        return addresses.current().host();
    }

    private int port() {
        return addresses.current().port();
    }

    /**
     * Publishes an event. Thread-safe and non-blocking: the event joins the buffer and is sent at once if the link
     * is up, after the snapshot while one is being sent, and on the next connection while the link is down. A full
     * buffer keeps nothing more (counted, logged); the event is then sent only if the link is up.
     */
    public void emit(LinkEvent event) {
        Objects.requireNonNull(event, "event");
        if (event instanceof Snapshot) {
            throw new IllegalArgumentException("the snapshot comes from the supplier, it is not emitted");
        }
        onContext(() -> {
            if (fsm.is(State.CLOSED)) {
                stats.countDroppedWhileDown();
                return;
            }
            if (buffer.full()) {
                overflow(event);
                return;
            }
            boolean next = buffer.allSent();
            buffer.add(event);
            if (fsm.is(State.LIVE) && next) {
                buffer.sendPending(connection);
            }
        });
    }

    /**
     * Completes when every event emitted so far has been acknowledged by the server, or with {@code false} after
     * {@code timeout} (a gateway that stops waits for this, so the last calls' events are not lost with it).
     */
    public Future<Boolean> drained(java.time.Duration timeout) {
        Promise<Boolean> promise = Promise.promise();
        long deadline = System.nanoTime() + timeout.toNanos();
        onContext(() -> pollDrained(promise, deadline));
        return promise.future();
    }

    private void pollDrained(Promise<Boolean> promise, long deadline) {
        if (buffer.isEmpty()) {
            promise.complete(true);
        } else if (System.nanoTime() >= deadline || fsm.is(State.CLOSED)) {
            promise.complete(false);
        } else {
            vertx.setTimer(20, id -> onContext(() -> pollDrained(promise, deadline)));
        }
    }

    /** Events held for the server (not acknowledged yet). */
    public int buffered() {
        return buffer.size();
    }

    /** True once Hello and Snapshot have been sent on the current connection. */
    public boolean connected() {
        return fsm.is(State.LIVE);
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
            fsm.fire(Event.CLOSE);
            if (retryTimer >= 0) {
                vertx.cancelTimer(retryTimer);
                retryTimer = -1;
            }
            LinkConnection c = connection;
            connection = null;
            if (!buffer.isEmpty()) {
                log.warn("CTI link: closing with {} event(s) the server has not acknowledged", buffer.size());
            }
            buffer.newConnection();
            if (c != null) {
                c.close("client closing");
            }
            netClient.close().onComplete(promise);
        });
        return promise.future();
    }

    private void connect() {
        netClient.connect(port(), host()).onComplete(ar -> onContext(() -> {
            if (!fsm.is(State.CONNECTING)) {
                if (ar.succeeded()) {
                    ar.result().close();
                }
                return;
            }
            if (ar.failed()) {
                if (tls != null && LinkTls.handshakeFailure(ar.cause())) {
                    refused(Refusal.TLS_HANDSHAKE, ar.cause().getMessage());
                } else {
                    log.debug("CTI link: connect to {}:{} failed: {}", host(), port(), ar.cause().getMessage());
                }
                fsm.fire(Event.CONNECT_FAILED);
                retryNextAddress();
            } else if (tls != null && !LinkTls.peerCertificate(ar.result()).map(Identities::isLinkServer).orElse(false)) {
                refused(Refusal.NOT_A_LINK_SERVER, "its certificate is not a link server's (" + Identities.LINK_SERVER + ")");
                ar.result().close();
                fsm.fire(Event.CONNECT_FAILED);
                retryNextAddress();
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
        fsm.fire(Event.CONNECTED);
        c.start();
        c.send(new Hello(gatewayId, startedAt));
        buffer.newConnection();
        long replayed = buffer.sentBefore();
        if (!buffer.isEmpty()) {
            log.info("CTI link: sending {} buffered event(s) ({} again, as Replayed) before the snapshot",
                    buffer.size(), replayed);
        }
        if (!buffer.sendPending(c)) {
            return;
        }
        synchronise(c);
    }

    /** A full buffer: the event is sent if the link is up (not kept for replay), else lost; both counted. */
    private void overflow(LinkEvent event) {
        long n = stats.countBufferOverflow();
        boolean sent = false;
        if (fsm.is(State.LIVE) && buffer.allSent()) {
            try {
                connection.send(event);
                sent = true;
            } catch (LinkDownException | LinkProtocolException e) {
                // lost, counted below
            }
        }
        if (!sent) {
            stats.countDroppedWhileDown();
        }
        if (n == 1 || n % 1000 == 0) {
            log.error("CTI link: the replay buffer is full ({} events, network.ctiLink.replayBufferEvents): {} event(s) "
                    + "not kept so far; {} ({} while down); the next snapshot repairs live state, but calls that start "
                    + "and end meanwhile may miss their records", options.replayBufferEvents(), n,
                    sent ? "this one was sent" : "this one is lost", stats.droppedWhileDown());
        }
    }

    /** Asks the gateway for a snapshot; live events wait in the buffer until it is sent, then follow it. */
    private void synchronise(LinkConnection c) {
        long generation = ++syncGeneration;
        Future<Snapshot> future;
        try {
            future = Objects.requireNonNull(snapshots.get(), "snapshot supplier returned null");
        } catch (RuntimeException e) {
            future = Future.failedFuture(e);
        }
        future.onComplete(ar -> onContext(() -> {
            if (c != connection || generation != syncGeneration || !fsm.is(State.SYNCING)) {
                return;
            }
            if (ar.failed()) {
                log.error("CTI link: snapshot supplier failed; reconnecting", ar.cause());
                fsm.fire(Event.SNAPSHOT_FAILED);
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
                fsm.fire(Event.SNAPSHOT_FAILED);
                connection = null;
                c.close("snapshot too large");
                scheduleRetry();
                return;
            }
            if (!buffer.sendPending(c)) {
                return;
            }
            fsm.fire(Event.SNAPSHOT_SENT);
            backoff.reset();
            if (liveOn != c) {
                liveOn = c;
                stats.countConnect();
                log.info("CTI link: connected to {}:{} as {}", host(), port(), gatewayId);
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
        if (message instanceof EventsApplied ack) {
            buffer.applied(ack.upToSeq());
            return;
        }
        if (message instanceof RequestSnapshot) {
            if (fsm.fire(Event.SNAPSHOT_REQUESTED)) {
                synchronise(from);
            }
            return;
        }
        if (!(message instanceof LinkCommand command)) {
            stats.countProtocolError();
            log.warn("CTI link: unexpected {} from server, dropped", MessageRegistry.standard().nameOf(message));
            return;
        }
        try {
            commandHandler.handle(seq, command);
        } catch (RuntimeException e) {
            log.error("CTI link command handler failed on {} seq {}", MessageRegistry.standard().nameOf(command), seq, e);
        }
    }

    private void lost(LinkConnection from, String reason) {
        if (from != connection) {
            return;
        }
        connection = null;
        buffer.newConnection();
        boolean wasLive = liveOn == from;
        liveOn = null;
        if (!fsm.fire(Event.CONNECTION_LOST)) {
            return;
        }
        if (wasLive) {
            stats.countDisconnect();
            log.warn("CTI link: connection to {}:{} lost: {}", host(), port(), reason);
            try {
                disconnectedHandler.handle(reason);
            } catch (RuntimeException e) {
                log.error("CTI link disconnected handler failed", e);
            }
        } else {
            log.info("CTI link: connection to {}:{} lost before it was synchronised: {}", host(), port(), reason);
        }
        scheduleRetry();
    }

    private void scheduleRetry() {
        scheduleRetry(backoff.next());
    }

    private void scheduleRetry(long delay) {
        retryTimer = vertx.setTimer(delay, id -> onContext(() -> {
            retryTimer = -1;
            if (fsm.fire(Event.RETRY_DUE)) {
                connect();
            }
        }));
    }

    /** Counts a refused server and logs the first ten, then every hundredth (it retries every few seconds). */
    private void refused(Refusal reason, String detail) {
        long n = stats.countRefused(reason);
        if (n <= 10 || n % 100 == 0) {
            String d = detail == null ? "" : detail.length() > 120 ? detail.substring(0, 120) + "..." : detail;
            log.warn("CTI link: server {}:{} refused: {} ({}); {} so far; is it ours, with a certificate of the link CA?",
                    host(), port(), reason, d, n);
        }
    }

    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}
