package dev.cti.link.net;

import dev.cti.link.LinkDownException;
import dev.cti.link.LinkOptions;
import dev.cti.link.LinkProtocolException;
import dev.cti.link.message.LinkControl;
import dev.cti.link.message.LinkMessage;
import dev.cti.link.message.Ping;
import dev.cti.link.message.Pong;
import dev.cti.link.wire.Envelope;
import dev.cti.link.wire.LineFramer;
import dev.cti.link.wire.LinkCodec;
import dev.cti.link.wire.MessageRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection of the link, used by both ends: frames lines, decodes them, rejects bad ones
 * (counted, logged, connection kept), checks seq order and direction, answers and sends the
 * heartbeat, and closes the connection when the peer goes silent or cannot keep up.
 *
 * <p>All methods run on the owning endpoint's context; socket callbacks are moved there.
 */
final class LinkConnection {

    interface Listener {
        /** A decoded message that is not heartbeat: {@code Hello} or a message of the accepted direction. */
        void onMessage(LinkConnection connection, long seq, LinkMessage message);

        /** Called once, whoever closed the connection. */
        void onClosed(LinkConnection connection, String reason);
    }

    private static final Logger log = LoggerFactory.getLogger(LinkConnection.class);

    private final Vertx vertx;
    private final Context context;
    private final NetSocket socket;
    private final LinkOptions options;
    private final Class<? extends LinkMessage> accepted;
    private final LongSupplier nextSeq;
    private final LinkStats stats;
    private final Listener listener;
    private final String name;

    /** The gateway id of the peer's certificate (TLS), or null (plain TCP). */
    private String peerId;
    private long lastSeqIn;
    private long lastHeardAt;
    private long timerId = -1;
    private boolean closed;

    LinkConnection(Vertx vertx, Context context, NetSocket socket, LinkOptions options,
            Class<? extends LinkMessage> accepted, LongSupplier nextSeq, LinkStats stats, Listener listener) {
        this.vertx = vertx;
        this.context = context;
        this.socket = socket;
        this.options = options;
        this.accepted = accepted;
        this.nextSeq = nextSeq;
        this.stats = stats;
        this.listener = listener;
        this.name = String.valueOf(socket.remoteAddress());
    }

    void start() {
        lastHeardAt = now();
        socket.setWriteQueueMaxSize(options.writeQueueMaxBytes());
        LineFramer framer = new LineFramer(options.maxLineBytes(), this::onLine, this::onOversized);
        socket.handler(chunk -> onContext(() -> {
            if (!closed) {
                framer.handle(chunk);
            }
        }));
        socket.closeHandler(v -> onContext(() -> closed("peer closed the connection")));
        socket.exceptionHandler(e -> onContext(() -> close("socket error: " + e.getMessage())));
        timerId = vertx.setPeriodic(options.heartbeatInterval().toMillis(), id -> onContext(this::heartbeat));
    }

    String name() {
        return name;
    }

    void peerId(String id) {
        this.peerId = id;
    }

    String peerId() {
        return peerId;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Writes one message and returns the seq it was given.
     *
     * @throws LinkDownException if the connection is closed or the peer is too slow (then it is closed)
     * @throws LinkProtocolException if the message encodes to a line longer than {@code maxLineBytes} (not sent;
     *     its seq is consumed so the receiver sees the gap)
     */
    long send(LinkMessage message) {
        if (closed) {
            throw new LinkDownException("connection to " + name + " is closed");
        }
        if (socket.writeQueueFull()) {
            close("peer too slow: more than " + options.writeQueueMaxBytes() + " bytes queued");
            throw new LinkDownException("connection to " + name + " closed: peer too slow");
        }
        long seq = nextSeq.getAsLong();
        Buffer line = LinkCodec.encodeLine(seq, message);
        if (line.length() - 1 > options.maxLineBytes()) {
            // the peer would drop it as over-long: fail loudly here instead
            throw new LinkProtocolException(MessageRegistry.standard().nameOf(message),
                    "encoded line of " + (line.length() - 1) + " bytes exceeds maxLineBytes " + options.maxLineBytes());
        }
        socket.write(line);
        stats.countLineOut();
        return seq;
    }

    /** Closes the connection and tells the listener (once). */
    void close(String reason) {
        if (closed) {
            return;
        }
        socket.close();
        closed(reason);
    }

    private void closed(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
        listener.onClosed(this, reason);
    }

    private void heartbeat() {
        if (closed) {
            return;
        }
        long silentFor = now() - lastHeardAt;
        if (silentFor > options.deadAfter().toMillis()) {
            stats.countHeartbeatTimeout();
            close("peer silent for " + silentFor + " ms");
            return;
        }
        try {
            send(new Ping(now()));
        } catch (LinkDownException e) {
            // closed by send; the listener has been told
        }
    }

    private void onLine(Buffer line) {
        lastHeardAt = now();
        Envelope envelope;
        try {
            envelope = LinkCodec.decode(line);
        } catch (LinkProtocolException e) {
            protocolError(e.getMessage());
            return;
        }
        if (envelope.seq() <= lastSeqIn) {
            protocolError("envelope.seq: " + envelope.seq() + " is not after " + lastSeqIn);
            return;
        }
        lastSeqIn = envelope.seq();
        LinkMessage message = envelope.message();
        if (!(message instanceof LinkControl) && !accepted.isInstance(message)) {
            protocolError("envelope.type: " + MessageRegistry.standard().nameOf(message) + " is not accepted in this direction");
            return;
        }
        stats.countLineIn();
        if (message instanceof Ping ping) {
            try {
                send(new Pong(ping.sentAt()));
            } catch (LinkDownException e) {
                // closed by send
            }
        } else if (message instanceof Pong pong) {
            stats.roundTrip(Math.max(0, now() - pong.pingSentAt()));
        } else {
            listener.onMessage(this, envelope.seq(), message);
        }
    }

    private void onOversized(long bytes) {
        lastHeardAt = now();
        protocolError("line longer than " + options.maxLineBytes() + " bytes (" + bytes + "+ seen), dropped");
    }

    private void protocolError(String what) {
        stats.countProtocolError();
        long n = stats.protocolErrors();
        if (n <= 10 || n % 100 == 0) {
            log.warn("CTI link {}: bad line rejected ({} so far): {}", name, n, what);
        }
    }

    private long now() {
        return options.clock().millis();
    }

    private void onContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }
}
