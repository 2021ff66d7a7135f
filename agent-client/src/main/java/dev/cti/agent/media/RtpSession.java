package dev.cti.agent.media;

import dev.cti.protocol.audio.G711;
import dev.cti.protocol.rtp.RtpHeader;
import dev.cti.protocol.rtp.TelephoneEvents;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's RTP stream over a plain {@link DatagramChannel}: every 20 ms the shared ticker encodes one frame from the
 * {@link AudioSource} (or an RFC 4733 DTMF packet) and plays one frame out of the {@link JitterBuffer} into the
 * {@link AudioSink}; a receiver thread per call blocks on the socket. Plain blocking I/O on own threads keeps the
 * softphone independent of any event loop, and the call's audio independent of the server connection.
 */
public final class RtpSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RtpSession.class);

    private final DatagramChannel channel;
    private final AudioSource source;
    private final AudioSink sink;
    private final Consumer<Character> dtmfListener;
    private final ScheduledExecutorService ticker;
    private final JitterBuffer jitter = new JitterBuffer(3, 25);
    private final Queue<Character> dtmfQueue = new ArrayDeque<>();
    private final short[] frame = new short[AudioFormat8k.FRAME_SAMPLES];
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private volatile RemoteMedia remote;
    private volatile boolean muted;
    private volatile boolean closed;
    private ScheduledFuture<?> tick;
    private Thread receiver;

    // sender state, confined to the ticker (guarded by this for the DTMF queue)
    private int seq = ThreadLocalRandom.current().nextInt(0x10000);
    private int timestamp = ThreadLocalRandom.current().nextInt();
    private boolean firstPacket = true;
    private Character dtmfDigit;
    private int dtmfTimestamp;
    private int dtmfTicks;
    private int dtmfGapTicks;

    // receiver state
    private int lastRemoteSsrc;
    private boolean haveRemoteSsrc;
    private int lastDtmfTimestamp;
    private boolean haveDtmf;

    private RtpSession(DatagramChannel channel, AudioSource source, AudioSink sink, Consumer<Character> dtmfListener,
                       ScheduledExecutorService ticker) {
        this.channel = channel;
        this.source = source;
        this.sink = sink;
        this.dtmfListener = dtmfListener;
        this.ticker = ticker;
    }

    /** Binds a socket on {@code host}, any free port. */
    public static RtpSession open(String host, AudioSource source, AudioSink sink, Consumer<Character> dtmfListener,
                                  ScheduledExecutorService ticker) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.bind(new InetSocketAddress(host, 0));
        return new RtpSession(ch, source, sink, dtmfListener, ticker);
    }

    public int localPort() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Where to send and how; may change at any time (re-INVITE). */
    public void configure(RemoteMedia media) {
        this.remote = media;
    }

    public RemoteMedia remote() {
        return remote;
    }

    public void setMuted(boolean muted) {
        this.muted = muted;
    }

    public boolean muted() {
        return muted;
    }

    /** Queues RFC 4733 key presses; refused (false) when the peer did not negotiate telephone-event. */
    public boolean sendDtmf(String digits) {
        RemoteMedia r = remote;
        if (r == null || r.telephoneEventPt() < 0) return false;
        synchronized (dtmfQueue) {
            for (char c : digits.toUpperCase().toCharArray()) dtmfQueue.add(c);
        }
        return true;
    }

    public long packetsSent() {
        return sent.get();
    }

    public long packetsReceived() {
        return received.get();
    }

    /** Starts sending and receiving. */
    public synchronized void start() {
        if (tick != null || closed) return;
        receiver = new Thread(this::receiveLoop, "rtp-rx-" + localPort());
        receiver.setDaemon(true);
        receiver.start();
        tick = ticker.scheduleAtFixedRate(this::onTick, 0, AudioFormat8k.FRAME_MS, TimeUnit.MILLISECONDS);
    }

    private void onTick() {
        try {
            sendOne();
            playOne();
        } catch (RuntimeException | IOException e) {
            if (!closed) LOG.warn("RTP tick failed on port {}: {}", localPort(), e.toString());
        }
    }

    private void sendOne() throws IOException {
        RemoteMedia r = remote;
        timestamp += AudioFormat8k.FRAME_SAMPLES;
        source.read(frame); // keep the source in real time even while not sending
        if (r == null || !r.send()) return;
        if (dtmfDigit == null && dtmfGapTicks == 0) {
            synchronized (dtmfQueue) {
                dtmfDigit = dtmfQueue.poll();
            }
            if (dtmfDigit != null) {
                dtmfTimestamp = timestamp;
                dtmfTicks = 0;
            }
        }
        if (dtmfDigit != null && r.telephoneEventPt() >= 0) {
            sendDtmfPacket(r);
            return;
        }
        if (dtmfGapTicks > 0) dtmfGapTicks--;
        ByteBuffer b = ByteBuffer.allocate(RtpHeader.FIXED_LENGTH + frame.length);
        header(b, r.law().payloadType(), firstPacket, timestamp);
        firstPacket = false;
        for (short s : frame) b.put(muted ? r.law().silence() : r.law().encode(s));
        send(b, r.address());
    }

    /** 5 packets of growing duration (100 ms), then the end packet three times (RFC 4733 2.5.1.4), then a gap. */
    private void sendDtmfPacket(RemoteMedia r) throws IOException {
        dtmfTicks++;
        boolean end = dtmfTicks > 5;
        int duration = Math.min(dtmfTicks, 5) * AudioFormat8k.FRAME_SAMPLES;
        ByteBuffer b = ByteBuffer.allocate(RtpHeader.FIXED_LENGTH + 4);
        header(b, r.telephoneEventPt(), dtmfTicks == 1, dtmfTimestamp);
        b.put((byte) TelephoneEvents.event(dtmfDigit));
        b.put((byte) ((end ? 0x80 : 0) | 10)); // E bit, volume -10 dBm0
        b.putShort((short) duration);
        send(b, r.address());
        if (dtmfTicks >= 8) {
            dtmfDigit = null;
            dtmfGapTicks = 3;
        }
    }

    private void header(ByteBuffer b, int pt, boolean marker, int ts) {
        b.put((byte) RtpHeader.FIRST_BYTE);
        b.put((byte) ((marker ? RtpHeader.MARKER_BIT : 0) | pt));
        b.putShort((short) seq);
        seq = (seq + 1) & 0xFFFF;
        b.putInt(ts);
        b.putInt(ssrc);
    }

    private void send(ByteBuffer b, SocketAddress to) throws IOException {
        b.flip();
        channel.send(b, to);
        sent.incrementAndGet();
    }

    private void playOne() {
        byte[] payload;
        RemoteMedia r = remote;
        synchronized (jitter) {
            payload = jitter.poll();
        }
        if (payload == null || r == null) {
            java.util.Arrays.fill(frame, (short) 0);
        } else {
            G711 law = payload[0] == G711.PCMA.payloadType() ? G711.PCMA : G711.PCMU;
            for (int i = 0; i < frame.length; i++) frame[i] = i + 1 < payload.length ? law.decode(payload[i + 1]) : 0;
        }
        sink.write(frame);
    }

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        while (!closed) {
            try {
                buf.clear();
                channel.receive(buf);
                buf.flip();
                onPacket(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!closed) LOG.debug("RTP receive on port {}: {}", localPort(), e.toString());
            }
        }
    }

    private void onPacket(ByteBuffer b) {
        if (b.remaining() < RtpHeader.FIXED_LENGTH || RtpHeader.version(b.get(0)) != RtpHeader.VERSION) return;
        int cc = b.get(0) & RtpHeader.CSRC_COUNT_MASK;
        boolean ext = (b.get(0) & RtpHeader.EXTENSION_BIT) != 0;
        int pt = b.get(1) & RtpHeader.PAYLOAD_TYPE_MASK;
        if (RtpHeader.isRtcp(pt)) return; // RTCP on the RTP port
        int seqNo = b.getShort(2) & 0xFFFF;
        int ts = b.getInt(4);
        int remoteSsrc = b.getInt(8);
        int offset = RtpHeader.FIXED_LENGTH + 4 * cc;
        if (ext) {
            if (b.remaining() < offset + 4) return;
            offset += 4 + 4 * (b.getShort(offset + 2) & 0xFFFF);
        }
        int end = b.limit();
        if ((b.get(0) & RtpHeader.PADDING_BIT) != 0 && end > offset) end -= b.get(end - 1) & 0xFF; // padding
        if (end < offset) return;
        received.incrementAndGet();
        RemoteMedia r = remote;
        if (r == null) return;
        if (pt == r.telephoneEventPt()) {
            if (end - offset >= 4 && (!haveDtmf || ts != lastDtmfTimestamp)) {
                haveDtmf = true;
                lastDtmfTimestamp = ts;
                int event = b.get(offset) & 0xFF;
                if (TelephoneEvents.isDtmf(event)) dtmfListener.accept(TelephoneEvents.digit(event));
            }
            return;
        }
        if (pt != G711.PCMU.payloadType() && pt != G711.PCMA.payloadType()) return;
        byte[] payload = new byte[end - offset + 1];
        payload[0] = (byte) pt; // decoded by the packet's own law, whatever was negotiated
        b.position(offset);
        b.get(payload, 1, end - offset);
        synchronized (jitter) {
            if (haveRemoteSsrc && remoteSsrc != lastRemoteSsrc) jitter.reset();
            haveRemoteSsrc = true;
            lastRemoteSsrc = remoteSsrc;
            jitter.offer(seqNo, payload);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (tick != null) tick.cancel(false);
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        source.close(); // opened for this call; the sink belongs to the seat and outlives the call
    }
}
