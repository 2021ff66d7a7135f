package dev.cti.gateway.media.dtls;

import dev.cti.pki.Credential;
import dev.cti.protocol.srtp.SrtpKeys;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * The DTLS-SRTP handshake of one leg (RFC 5763/5764), on BouncyCastle's {@link DTLSServerProtocol} /
 * {@link DTLSClientProtocol}. BouncyCastle's DTLS is blocking: the handshake runs on a thread of {@code executor}
 * (never a Netty event loop), reading the datagrams the leg's event loop hands over with {@link #receive} (a bounded
 * queue: a flood is dropped, not buffered) and writing through {@code send} (a Netty channel write, thread-safe).
 * It ends with the leg's SRTP keys ({@link SrtpKeys}: ours to send with, the peer's to receive with), or fails with
 * the reason (the peer's certificate is not the one its SDP named, no common SRTP profile, a timeout of
 * {@link DtlsSrtpPeers#HANDSHAKE_TIMEOUT_MILLIS}, {@link #close()}).
 *
 * <p>After the keys, the thread goes on reading the peer's DTLS records for up to {@link #LINGER_MILLIS} (RFC 6347
 * §4.2.4): as the server we send the handshake's last flight, and if it is lost the peer retransmits its own final
 * flight until it gets ours; BouncyCastle's record layer answers such a retransmission with our last flight again,
 * but only while someone reads. Without it the peer's handshake never completes and it never keys its SRTP. The
 * lingering ends early once the peer sends media ({@link #mediaFromPeer()}: it has its keys, so it got our flight),
 * or at {@link #close()}.
 */
public final class DtlsSrtpHandshake implements AutoCloseable {
    /** Datagrams waiting for the handshake thread; a DTLS flight is a handful. */
    static final int QUEUE_CAPACITY = 64;
    private static final int MTU = 1200;
    /** How long the last flight is kept for a retransmitting peer: twice the TCP MSL (RFC 6347 §4.2.4). */
    static final long LINGER_MILLIS = 240_000;
    private static final int LINGER_POLL_MILLIS = 200;

    private final DtlsRole role;
    private final DtlsSrtpPeers.Shared shared;
    private final QueueTransport transport;
    private final CompletableFuture<SrtpKeys> keys = new CompletableFuture<>();
    private volatile boolean closedByUs;
    private volatile boolean peerKeyed;

    /**
     * @param local  our certificate and key (its fingerprint is in our SDP)
     * @param remote the fingerprint of the peer's SDP
     * @param send     writes one datagram to the peer; called on the handshake thread
     * @param provider the JCA provider of the handshake's crypto: BouncyCastle's ({@link #newProvider()}), since the
     *                 JDK's lack names BouncyCastle's TLS asks for (RSA-PSS as "SHA256WITHRSAANDMGF1", which OpenSSL
     *                 peers such as baresip sign with)
     */
    public DtlsSrtpHandshake(DtlsRole role, Credential local, DtlsFingerprint remote, Consumer<byte[]> send,
                             SecureRandom random, java.security.Provider provider) {
        this.role = Objects.requireNonNull(role, "role");
        JcaTlsCrypto crypto = (JcaTlsCrypto) new JcaTlsCryptoProvider().setProvider(provider).create(random);
        this.shared = new DtlsSrtpPeers.Shared(crypto, local, Objects.requireNonNull(remote, "remote"));
        this.transport = new QueueTransport(send);
    }

    /** A BouncyCastle JCA provider for handshakes, not installed in the JVM; one per engine (it is slow to make). */
    public static java.security.Provider newProvider() {
        return new org.bouncycastle.jce.provider.BouncyCastleProvider();
    }

    public DtlsRole role() {
        return role;
    }

    /** Runs the handshake on {@code executor}; the result is also {@link #keys()}. */
    public CompletableFuture<SrtpKeys> start(Executor executor) {
        executor.execute(this::run);
        return keys;
    }

    /** The SRTP keys once the handshake is done. */
    public CompletableFuture<SrtpKeys> keys() {
        return keys;
    }

    /**
     * Hands a received DTLS datagram (first byte 20..63, RFC 7983) to the handshake; any thread, never blocks.
     *
     * @return false when it was dropped (queue full, or the handshake and its lingering are over)
     */
    public boolean receive(byte[] datagram) {
        return !transport.closed && transport.queue.offer(datagram);
    }

    /**
     * The peer sent media (an SRTP packet) after our handshake: it has its keys, so it got our last flight and will
     * not retransmit its own; the lingering ends. Any thread, cheap.
     */
    public void mediaFromPeer() {
        if (!peerKeyed && keys.isDone()) {
            peerKeyed = true;
        }
    }

    private void run() {
        try {
            DTLSTransport done = role == DtlsRole.SERVER
                    ? new DTLSServerProtocol().accept(new DtlsSrtpPeers.Server(shared), transport)
                    : new DTLSClientProtocol().connect(new DtlsSrtpPeers.Client(shared), transport);
            Objects.requireNonNull(done);
            SrtpKeys k = shared.keys;
            if (k == null) {
                throw new IOException("the DTLS handshake ended without SRTP keys");
            }
            keys.complete(k);
            linger(done);
        } catch (IOException | RuntimeException e) {
            keys.completeExceptionally(closedByUs ? new IOException("DTLS handshake closed", e) : e);
        } finally {
            transport.close(); // from now on the leg drops (and counts) DTLS records
        }
    }

    /**
     * Reads the peer's records after the handshake, so that BouncyCastle answers a retransmitted final flight with
     * our last flight (RFC 6347 §4.2.4); application data and anything else is discarded. Ends after
     * {@link #LINGER_MILLIS}, when the peer sends media, at {@link #close()}, or when the peer closes or fails DTLS.
     */
    private void linger(DTLSTransport dtls) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
        try {
            byte[] buf = new byte[Math.max(1, dtls.getReceiveLimit())];
            while (!peerKeyed && !transport.closed && System.nanoTime() - end < 0) {
                dtls.receive(buf, 0, buf.length, LINGER_POLL_MILLIS);
            }
        } catch (IOException | RuntimeException e) {
            // an alert, close_notify or close(): nothing more to answer
        }
    }

    /** Stops a handshake in progress (the leg is released); its future fails. */
    @Override
    public void close() {
        closedByUs = true;
        transport.close();
    }

    /** The datagrams of one leg, between its event loop and the handshake thread. */
    private static final class QueueTransport implements DatagramTransport {
        final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        private final Consumer<byte[]> send;
        volatile boolean closed;

        QueueTransport(Consumer<byte[]> send) {
            this.send = send;
        }

        @Override
        public int getReceiveLimit() {
            return MTU;
        }

        @Override
        public int getSendLimit() {
            return MTU;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            if (closed) {
                throw new IOException("closed");
            }
            try {
                byte[] d = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (d == null) {
                    if (closed) {
                        throw new IOException("closed");
                    }
                    return -1;
                }
                int n = Math.min(len, d.length);
                System.arraycopy(d, 0, buf, off, n);
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("closed");
            }
            byte[] d = new byte[len];
            System.arraycopy(buf, off, d, 0, len);
            send.accept(d);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
