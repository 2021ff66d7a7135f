package dev.cti.gateway.media.srtp;

import dev.cti.protocol.srtp.SrtpKey;
import dev.cti.protocol.srtp.SrtpKeys;
import dev.cti.protocol.srtp.SrtpSuite;
import io.netty.buffer.ByteBuf;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.ByteArrayBuffer;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * The SRTP transform of one media leg (RFC 3711), on Jitsi's {@code jitsi-srtp}: AES-CM encryption and HMAC-SHA1
 * authentication from the JDK's (or BouncyCastle's) providers, the key derivation, the rollover counter and the
 * 64-packet replay window are the library's; this class only adapts Netty buffers to it and keeps one crypto context
 * per SSRC.
 *
 * <ul>
 *   <li>{@link #unprotect}: a received datagram, in place: authenticated (tag checked, then removed), replay-checked
 *       and decrypted, so what follows (the RTP decoder, latching, loss, DTMF, the recording tap, the relay, the mixer)
 *       sees plain RTP. The peer may restart its stream with a new SSRC (after a hold): each SSRC gets its own receive
 *       context, at most {@link #MAX_RECEIVE_CONTEXTS}, the least recently used dropped first.</li>
 *   <li>{@link #protect}: a packet about to be written, in place: encrypted and its tag appended, after the stream
 *       rewriter gave it the leg's one SSRC and sequence (so one send context serves the leg's life).</li>
 * </ul>
 *
 * <p>An <em>unkeyed</em> session ({@link #unkeyed()}) is the state of a leg whose SDP promised SRTP before the keys
 * are known: it lets nothing in and nothing out. Confined to the leg's event loop (no locking beyond the library's
 * own {@code synchronized}).
 */
public final class SrtpSession {

    /** What {@link #unprotect} made of a datagram. */
    public enum Verdict {
        /** The datagram now holds the plain RTP packet. */
        OK,
        /** Not an SRTP packet of the peer's key: tag wrong, too short, or the session has no keys yet. */
        AUTH_FAILED,
        /** Authentic, but seen before or too old for the replay window (RFC 3711 §3.3.2). */
        REPLAYED
    }

    /** Receive contexts kept at once (SSRCs the peer used); a flood of invented SSRCs cannot grow it. */
    public static final int MAX_RECEIVE_CONTEXTS = 4;
    /** The longest authentication tag {@link #protect} appends (HMAC-SHA1-80). */
    public static final int MAX_TAG_LENGTH = 10;
    private static final int MAX_PACKET = 2048;
    private static final Logger JITSI_LOG = new LoggerImpl(SrtpSession.class.getName());

    private final SrtpKeys keys;
    private final SrtpContextFactory sendFactory;
    private final SrtpContextFactory receiveFactory;
    private final Map<Integer, SrtpCryptoContext> receive = new LinkedHashMap<>(8, 0.75f, true);
    private SrtpCryptoContext send;
    private int sendSsrc;
    private final Scratch scratch = new Scratch();

    private SrtpSession(SrtpKeys keys) {
        this.keys = keys;
        if (keys == null) {
            sendFactory = null;
            receiveFactory = null;
        } else {
            SrtpPolicy rtp = policy(keys.suite().tagLength());
            SrtpPolicy rtcp = policy(SrtpSuite.AES_CM_128_HMAC_SHA1_80.tagLength()); // SRTCP: 80 bits always
            sendFactory = new SrtpContextFactory(true, keys.local().masterKey(), keys.local().masterSalt(), rtp, rtcp,
                    JITSI_LOG);
            receiveFactory = new SrtpContextFactory(false, keys.remote().masterKey(), keys.remote().masterSalt(), rtp,
                    rtcp, JITSI_LOG);
        }
    }

    /**
     * A session sending with {@code keys.local()} and receiving with {@code keys.remote()}. The first one in the
     * process loads the library ({@link #warmUp()}, a second or more): create sessions off the event loops (the
     * B2BUA does, on the call's executor), or warm up at start.
     */
    public static SrtpSession of(SrtpKeys keys) {
        Loaded.ensure();
        return new SrtpSession(java.util.Objects.requireNonNull(keys, "keys"));
    }

    /** A session without keys yet: drops everything both ways. */
    public static SrtpSession unkeyed() {
        return new SrtpSession(null);
    }

    /** The keys, or null when unkeyed. */
    public SrtpKeys keys() {
        return keys;
    }

    private static SrtpPolicy policy(int tagLength) {
        SrtpPolicy p = new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, SrtpSuite.KEY_LENGTH,
                SrtpPolicy.HMACSHA1_AUTHENTICATION, SrtpSuite.AUTH_KEY_LENGTH, tagLength, SrtpSuite.SALT_LENGTH);
        p.setReceiveReplayEnabled(true);
        return p;
    }

    /**
     * Authenticates, replay-checks and decrypts the SRTP packet in {@code datagram}'s readable bytes, in place. On
     * {@link Verdict#OK} the readable bytes are the plain RTP packet (the tag is gone); otherwise the buffer's
     * content is unspecified and the caller drops it.
     */
    public Verdict unprotect(ByteBuf datagram) {
        int length = datagram.readableBytes();
        if (keys == null || length < 12 + keys.suite().tagLength() || length > MAX_PACKET) {
            return Verdict.AUTH_FAILED;
        }
        int ssrc = datagram.getInt(datagram.readerIndex() + 8);
        SrtpCryptoContext context = receive.get(ssrc);
        try {
            if (context == null) {
                context = receiveFactory.deriveContext(ssrc, 0);
                receive.put(ssrc, context);
                if (receive.size() > MAX_RECEIVE_CONTEXTS) {
                    var eldest = receive.keySet().iterator();
                    eldest.next();
                    eldest.remove();
                }
            }
            scratch.load(datagram);
            SrtpErrorStatus status = context.reverseTransformPacket(scratch, false);
            switch (status) {
                case OK -> {
                    scratch.store(datagram);
                    return Verdict.OK;
                }
                case REPLAY_FAIL, REPLAY_OLD -> {
                    return Verdict.REPLAYED;
                }
                default -> {
                    return Verdict.AUTH_FAILED;
                }
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return Verdict.AUTH_FAILED;
        }
    }

    /**
     * Encrypts the RTP packet in {@code packet}'s readable bytes and appends its tag, in place (the buffer grows by
     * the tag). False when the session has no keys or the library refused (the caller drops the packet).
     */
    public boolean protect(ByteBuf packet) {
        int length = packet.readableBytes();
        if (keys == null || length < 12 || length + keys.suite().tagLength() > MAX_PACKET) {
            return false;
        }
        int ssrc = packet.getInt(packet.readerIndex() + 8);
        try {
            if (send == null || sendSsrc != ssrc) {
                send = sendFactory.deriveContext(ssrc, 0);
                sendSsrc = ssrc;
            }
            scratch.load(packet);
            if (send.transformPacket(scratch) != SrtpErrorStatus.OK) {
                return false;
            }
            scratch.store(packet);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Loads the SRTP library's cipher choice and classes (it benchmarks the AES implementations once, which takes
     * a second or more in a cold JVM): call at start-up, never on an event loop. Idempotent.
     */
    public static void warmUp() {
        Loaded.ensure();
    }

    /** The library loaded once per class loader (a holder: initialised on first use, immutable afterwards). */
    private static final class Loaded {
        static {
            roundTrip();
        }

        static void ensure() {
            // class initialisation did the work
        }
    }

    private static void roundTrip() {
        SrtpKey k = SrtpKey.random(new java.util.Random(1));
        SrtpSession a = new SrtpSession(new SrtpKeys(SrtpSuite.AES_CM_128_HMAC_SHA1_80, k, k));
        SrtpSession b = new SrtpSession(new SrtpKeys(SrtpSuite.AES_CM_128_HMAC_SHA1_80, k, k));
        ByteBuf p = io.netty.buffer.Unpooled.buffer(64);
        try {
            p.writeByte(0x80).writeByte(0).writeShort(1).writeInt(160).writeInt(0x1234).writeZero(20);
            if (!a.protect(p) || b.unprotect(p) != Verdict.OK) {
                throw new IllegalStateException("the SRTP library does not round-trip a packet");
            }
        } finally {
            p.release();
        }
    }

    /** A reusable byte[] view for the library, which works on arrays (one copy in, one copy out per packet). */
    private static final class Scratch implements ByteArrayBuffer {
        private byte[] buf = new byte[MAX_PACKET + 16];
        private int offset;
        private int length;

        void load(ByteBuf from) {
            length = from.readableBytes();
            offset = 0;
            from.getBytes(from.readerIndex(), buf, 0, length);
        }

        void store(ByteBuf to) {
            int base = to.readerIndex();
            to.writerIndex(base);
            to.ensureWritable(length);
            to.writeBytes(buf, offset, length);
        }

        @Override
        public byte[] getBuffer() {
            return buf;
        }

        @Override
        public int getOffset() {
            return offset;
        }

        @Override
        public int getLength() {
            return length;
        }

        @Override
        public void setLength(int len) {
            length = len;
        }

        @Override
        public void setOffset(int off) {
            offset = off;
        }

        @Override
        public boolean isInvalid() {
            return false;
        }

        @Override
        public void readRegionToBuff(int off, int len, byte[] out) {
            System.arraycopy(buf, offset + off, out, 0, len);
        }

        @Override
        public void grow(int howMuch) {
            if (howMuch > buf.length - offset - length) {
                buf = java.util.Arrays.copyOf(buf, offset + length + howMuch);
            }
        }

        @Override
        public void append(byte[] data, int len) {
            grow(len);
            System.arraycopy(data, 0, buf, offset + length, len);
            length += len;
        }

        @Override
        public void shrink(int len) {
            length = Math.max(0, length - len);
        }
    }
}
