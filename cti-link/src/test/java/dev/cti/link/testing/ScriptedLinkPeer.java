package dev.cti.link.testing;

import org.awaitility.Awaitility;

import dev.cti.link.LinkProtocolException;
import dev.cti.link.message.LinkMessage;
import dev.cti.link.message.Ping;
import dev.cti.link.message.Pong;
import dev.cti.link.wire.Envelope;
import dev.cti.link.wire.LineFramer;
import dev.cti.link.wire.LinkCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A scripted stand-in for one end of the CTI link, for other modules' tests. It speaks the real wire
 * format over a real loopback socket but none of the real endpoint's logic: it records every line it
 * receives, answers pings (unless told to be {@link #silent}), and sends exactly what the test tells
 * it to, including broken lines ({@link #sendRaw}).
 *
 * <p>Methods block the calling thread (a JUnit thread), never call them on an event loop. Waits use
 * Awaitility with {@link #timeout()}.
 */
public abstract class ScriptedLinkPeer implements AutoCloseable {

    /** Lines longer than this are dropped and recorded as bad. */
    public static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    protected final Vertx vertx;
    private final List<Envelope> received = new CopyOnWriteArrayList<>();
    private final List<String> badLines = new CopyOnWriteArrayList<>();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile NetSocket socket;
    private volatile boolean silent;
    private volatile Duration timeout = Duration.ofSeconds(10);
    /**
     * Every line is written from a thread that is not the socket's event loop and with its seq taken under this lock,
     * so lines reach the wire in seq order: a write made on the event loop itself runs at once and could overtake one
     * a test thread queued a moment before (a Pong or an acknowledgement would then break the seq order).
     */
    private final Object writeLock = new Object();
    private final java.util.concurrent.ExecutorService answers = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "scripted-peer-answers");
        t.setDaemon(true);
        return t;
    });

    protected ScriptedLinkPeer(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Makes {@code socket} the peer's current connection and starts recording its lines. */
    protected void attach(NetSocket newSocket) {
        NetSocket previous = socket;
        socket = newSocket;
        connections.incrementAndGet();
        LineFramer framer = new LineFramer(MAX_LINE_BYTES, this::line, bytes -> badLines.add("oversized line " + bytes));
        newSocket.handler(framer);
        newSocket.closeHandler(v -> {
            if (socket == newSocket) {
                socket = null;
            }
        });
        if (previous != null) {
            previous.close();
        }
    }

    private void line(Buffer line) {
        Envelope envelope;
        try {
            envelope = LinkCodec.decode(line);
        } catch (LinkProtocolException e) {
            badLines.add(e.getMessage());
            return;
        }
        received.add(envelope);
        if (envelope.message() instanceof Ping ping && !silent) {
            sendNow(new Pong(ping.sentAt())); // never block the event loop
        }
        if (!silent) {
            onReceived(envelope);
        }
    }

    /** Called on the socket's event loop for every good line received (not while silent); nothing by default. */
    protected void onReceived(Envelope envelope) {}

    /** Sends a message with the next seq without waiting for the write (answers sent from the event loop). */
    protected void sendNow(LinkMessage message) {
        answers.execute(() -> {
            synchronized (writeLock) {
                NetSocket s = socket;
                if (s != null) {
                    s.write(LinkCodec.encode(new Envelope(seq.incrementAndGet(), message)) + "\n");
                }
            }
        });
    }

    /** Sends a message with the peer's next seq; returns that seq. */
    public long send(LinkMessage message) {
        long s;
        Future<Void> written;
        synchronized (writeLock) {
            s = seq.incrementAndGet();
            written = write(LinkCodec.encode(new Envelope(s, message)));
        }
        block(written);
        return s;
    }

    /**
     * Sends a message with a seq the test chooses (to script seq errors or continuations). A Pong the peer sends by
     * itself may take the next seq meanwhile: for several explicit seqs in a row use {@link #sendInOrder}.
     */
    public void send(long explicitSeq, LinkMessage message) {
        Future<Void> written;
        synchronized (writeLock) {
            seq.set(Math.max(seq.get(), explicitSeq));
            written = write(LinkCodec.encode(new Envelope(explicitSeq, message)));
        }
        block(written);
    }

    /**
     * Sends lines with seqs the test chooses, in one write under the write lock: nothing the peer answers by itself (a
     * Pong takes the next seq) can come between them and take a seq one of them means to use. Use it for any run of
     * explicit seqs; the peer's own seq goes on after the highest.
     */
    public void sendInOrder(Envelope... lines) {
        Future<Void> written;
        synchronized (writeLock) {
            StringBuilder sb = new StringBuilder();
            for (Envelope e : lines) {
                seq.set(Math.max(seq.get(), e.seq()));
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(LinkCodec.encode(e));
            }
            written = write(sb.toString());
        }
        block(written);
    }

    /** Sends an arbitrary line (a newline is appended), e.g. truncated JSON. */
    public void sendRaw(String line) {
        Future<Void> written;
        synchronized (writeLock) {
            written = write(line);
        }
        block(written);
    }

    private Future<Void> write(String line) {
        NetSocket s = socket;
        if (s == null) {
            throw new IllegalStateException("not connected");
        }
        return s.write(line + "\n");
    }

    /** A silent peer neither answers pings nor sends anything by itself: a hung process. */
    public void silent(boolean silent) {
        this.silent = silent;
    }

    /** Closes the current connection (the listener, if any, stays). */
    public void dropConnection() {
        NetSocket s = socket;
        if (s != null) {
            block(s.close());
        }
    }

    public boolean connected() {
        return socket != null;
    }

    /** Connections attached so far. */
    public int connections() {
        return connections.get();
    }

    public void awaitConnected() {
        Awaitility.await().atMost(timeout).until(this::connected);
    }

    public void awaitDisconnected() {
        Awaitility.await().atMost(timeout).until(() -> !connected());
    }

    /** Every envelope received, heartbeat included, in order. */
    public List<Envelope> received() {
        return List.copyOf(received);
    }

    /** Envelopes received without Ping/Pong. */
    public List<Envelope> receivedWithoutHeartbeat() {
        return received.stream()
                .filter(e -> !(e.message() instanceof Ping) && !(e.message() instanceof Pong))
                .toList();
    }

    /** Messages of one type, in order. */
    public <T extends LinkMessage> List<T> received(Class<T> type) {
        return received.stream().map(Envelope::message).filter(type::isInstance).map(type::cast).toList();
    }

    /** Lines that failed to decode, with the codec's message. */
    public List<String> badLines() {
        return List.copyOf(badLines);
    }

    /** Waits for the first message of {@code type} matching {@code filter} and returns its envelope. */
    public <T extends LinkMessage> Envelope awaitEnvelope(Class<T> type, Predicate<T> filter) {
        return Awaitility.await().atMost(timeout).until(() -> find(type, filter), Optional::isPresent).orElseThrow();
    }

    public <T extends LinkMessage> T await(Class<T> type, Predicate<T> filter) {
        return type.cast(awaitEnvelope(type, filter).message());
    }

    public <T extends LinkMessage> T await(Class<T> type) {
        return await(type, m -> true);
    }

    /** Waits until {@code count} messages of {@code type} have arrived; returns them. */
    public <T extends LinkMessage> List<T> awaitCount(Class<T> type, int count) {
        Awaitility.await().atMost(timeout).until(() -> received(type).size() >= count);
        return received(type);
    }

    /** Forgets everything received so far. */
    public void clearReceived() {
        received.clear();
        badLines.clear();
    }

    public Duration timeout() {
        return timeout;
    }

    public void timeout(Duration timeout) {
        this.timeout = timeout;
    }

    private <T extends LinkMessage> Optional<Envelope> find(Class<T> type, Predicate<T> filter) {
        return received.stream()
                .filter(e -> type.isInstance(e.message()) && filter.test(type.cast(e.message())))
                .findFirst();
    }

    protected static <T> T block(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("link peer operation failed", e);
        }
    }

    @Override
    public void close() {
        dropConnection();
        answers.shutdown();
    }
}
