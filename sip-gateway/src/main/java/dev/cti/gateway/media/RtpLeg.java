package dev.cti.gateway.media;

import dev.cti.gateway.media.dtmf.DtmfDetector;
import dev.cti.gateway.media.dtmf.TelephoneEvent;
import dev.cti.gateway.media.rtp.InactivityDetector;
import dev.cti.gateway.media.rtp.RtpLossTracker;
import dev.cti.gateway.media.rtp.RtpPacket;
import dev.cti.gateway.media.rtp.RtpPacketDecoder;
import dev.cti.gateway.media.rtp.RtpStreamRewriter;
import dev.cti.gateway.media.rtp.SourceLatch;
import dev.cti.gateway.media.srtp.SrtpSession;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.rtp.TelephoneEvents;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's implementation of {@link MediaLeg}: its socket, symmetric-RTP latching onto the
 * signalled peer ({@link SourceLatch}), inbound accounting (loss, DTMF, inactivity) and its one
 * outbound stream.
 *
 * <p>Threading: the channel, the inbound state and the {@link RtpStreamRewriter} are confined to
 * {@link #eventLoop()}; packets written from another thread hop onto it. Fields the B2BUA sets
 * (remote, output source, sink) are volatile and read on the loop.
 */
final class RtpLeg implements MediaLeg {

    private static final Logger LOG = LoggerFactory.getLogger(RtpLeg.class);

    /** telephone-event payload type assumed before SDP says otherwise. */
    static final int DEFAULT_TELEPHONE_EVENT_PT = TelephoneEvents.DEFAULT_PAYLOAD_TYPE;

    private final long id;
    private final Channel channel;
    private final Channel rtcpChannel;
    private final MediaMetrics metrics;
    private final MediaListener listener;
    private final LongSupplier nanoTime;
    private final RtpStreamRewriter outbound;
    private final RtpLossTracker loss = new RtpLossTracker();
    private final DtmfDetector dtmf = new DtmfDetector();
    private final InactivityDetector inactivity;
    private final AtomicReference<MediaSink> sink = new AtomicReference<>(MediaSink.DISCARD);

    private volatile RemoteMedia remote;
    /** Who may send to this leg; on the event loop only. {@link #latched} publishes where it latched. */
    private final SourceLatch latch = new SourceLatch();
    /** The remote media the latch last heard of (event loop only): a new one is a new SDP for it. */
    private RemoteMedia latchedFor;
    private volatile InetSocketAddress latched;
    private volatile Object outputSource;
    private volatile RtpLeg peer;
    private volatile PromptPlayer player;
    private volatile Object mixOutput;
    private volatile LegTap tap;
    /** SRTP of this leg (docs/MEDIA.md, "SRTP"), null for plain RTP; the decoder holds the same for inbound. */
    private volatile SrtpSession srtp;
    private RtpPacketDecoder decoder;
    private volatile boolean closed;
    private volatile long received;
    private volatile long sent;
    private volatile long lost;

    RtpLeg(long id, Channel channel, Channel rtcpChannel, MediaMetrics metrics, MediaListener listener,
           LongSupplier nanoTime, RtpStreamRewriter outbound, Duration inactivityTimeout) {
        this.id = id;
        this.channel = channel;
        this.rtcpChannel = rtcpChannel;
        this.metrics = metrics;
        this.listener = listener;
        this.nanoTime = nanoTime;
        this.outbound = outbound;
        this.inactivity = new InactivityDetector(inactivityTimeout);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void configure(RemoteMedia media) {
        if (media.srtp() != null) {
            SrtpSession current = srtp;
            if (current == null || !media.srtp().equals(current.keys())) {
                secure(SrtpSession.of(media.srtp())); // new keys: new contexts; the same keys keep their counters
            }
        }
        RemoteMedia previous = remote;
        remote = media;
        if (previous == null || !java.util.Objects.equals(previous.address(), media.address())
                || !java.util.Objects.equals(previous.signallingHost(), media.signallingHost())) {
            latched = null; // at once for sendTarget(); the latch starts over with the next packet
        }
        eventLoop().execute(() -> {
            if (media.direction().sends()) {
                inactivity.arm(nanoTime.getAsLong());
            } else {
                inactivity.disarm();
            }
        });
    }

    /** Keys an SRTP leg from outside its SDP (a DTLS-SRTP handshake); off the event loops (the first load is slow). */
    void srtpKeys(dev.cti.protocol.srtp.SrtpKeys keys) {
        secure(SrtpSession.of(keys));
    }

    @Override
    public void requireSrtp() {
        if (srtp == null) {
            secure(SrtpSession.unkeyed());
        }
    }

    @Override
    public boolean srtp() {
        return srtp != null;
    }

    private void secure(SrtpSession session) {
        RtpPacketDecoder d = decoder;
        if (d != null) {
            d.srtp(session); // inbound first: nothing plain gets in once the leg is SRTP
        }
        srtp = session;
    }

    /** The decoder of this leg's socket, which unprotects inbound SRTP (set once, before the socket is bound). */
    void decoder(RtpPacketDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public Optional<RemoteMedia> remote() {
        return Optional.ofNullable(remote);
    }

    @Override
    public Optional<InetSocketAddress> sendTarget() {
        InetSocketAddress l = latched;
        if (l != null) {
            return Optional.of(l);
        }
        RemoteMedia r = remote;
        return Optional.ofNullable(r == null ? null : r.address());
    }

    @Override
    public G711 codec() {
        RemoteMedia r = remote;
        return r == null ? G711.PCMU : r.codec();
    }

    @Override
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    @Override
    public LegStats stats() {
        return new LegStats(received, sent, lost);
    }

    @Override
    public String toString() {
        java.net.SocketAddress local = channel.localAddress();
        return "leg-" + id + "@" + (local instanceof InetSocketAddress a ? a.getPort() : String.valueOf(local));
    }

    // --- engine side -------------------------------------------------------------------------

    MediaSink swapSink(MediaSink next) {
        return sink.getAndSet(next);
    }

    MediaSink sink() {
        return sink.get();
    }

    RtpLeg peer() {
        return peer;
    }

    void setPeer(RtpLeg peer) {
        this.peer = peer;
    }

    PromptPlayer player() {
        return player;
    }

    void setPlayer(PromptPlayer player) {
        this.player = player;
    }

    /** Chooses whose packets this leg sends: its peer, a player, a mixer, or nobody ({@code null}). */
    void setOutputSource(Object source) {
        outputSource = source;
    }

    /** The output source when nothing is played: the attached mixer output if any, else the bridged peer. */
    void restoreOutputSource(Object playerThatEnded) {
        if (outputSource == playerThatEnded) {
            Object mix = mixOutput;
            outputSource = mix != null ? mix : peer;
        }
    }

    /**
     * Makes {@code output} what this leg sends from now on (unless a prompt is playing: then after
     * it), and what it returns to when a prompt ends.
     */
    void attachMixOutput(Object output) {
        mixOutput = output;
        PromptPlayer p = player;
        if (p == null || !p.isPlaying()) {
            outputSource = output;
        }
    }

    /** Undoes {@link #attachMixOutput} if {@code output} is still attached: back to the bridged peer. */
    void detachMixOutput(Object output) {
        if (mixOutput == output) {
            mixOutput = null;
        }
        if (outputSource == output) {
            outputSource = peer;
        }
    }

    Channel channel() {
        return channel;
    }

    boolean isClosed() {
        return closed;
    }

    void close() {
        closed = true;
        PromptPlayer p = player;
        if (p != null) {
            p.stop();
        }
        channel.close();
        rtcpChannel.close();
    }

    // --- inbound, on the event loop ----------------------------------------------------------

    /** One decoded packet arrived on this leg's socket. Takes ownership of it. */
    void receive(RtpPacket packet) {
        long now = nanoTime.getAsLong();
        DropReason refused = admit(packet);
        if (refused != null) {
            metrics.dropped(refused);
            packet.release();
            return;
        }
        inactivity.onActivity(now);
        received++;
        int gap = loss.onPacket(packet.ssrc(), packet.sequenceNumber());
        if (gap > 0) {
            lost += gap;
            metrics.lost(gap);
        }
        RemoteMedia r = remote;
        int eventPt = r == null || r.telephoneEventPayloadType() < 0 ? DEFAULT_TELEPHONE_EVENT_PT : r.telephoneEventPayloadType();
        if (packet.payloadType() == eventPt) {
            TelephoneEvent event = TelephoneEvent.parse(packet);
            if (event == null) {
                metrics.dropped(DropReason.INVALID);
                packet.release();
                return;
            }
            TelephoneEvent pressed = dtmf.onPacket(packet.ssrc(), packet.timestamp(), event);
            if (pressed != null && pressed.isDtmf()) {
                metrics.dtmf();
                notifyDtmf(pressed.digit());
            }
        } else {
            G711 law = G711.forPayloadType(packet.payloadType());
            if (law == null) {
                metrics.dropped(DropReason.UNEXPECTED_PAYLOAD_TYPE);
                packet.release();
                return;
            }
            LegTap t = tap;
            if (t != null) {
                tapped(t, true, law, packet);
            }
        }
        sink.get().onPacket(this, packet);
    }

    /** Null if the packet is from the peer's latched source and SSRC (see {@link SourceLatch}), else why not. */
    private DropReason admit(RtpPacket packet) {
        RemoteMedia r = remote; // read per packet: a packet read after configure() returned sees the new SDP
        if (r != latchedFor) {
            latchedFor = r;
            latch.onSdp(r == null ? null : r.address(), r == null ? null : r.signallingHost());
            latched = latch.latched();
        }
        SourceLatch.State before = latch.state();
        SourceLatch.Verdict verdict = latch.admit(packet.sender(), packet.ssrc());
        if (before == SourceLatch.State.WAITING && latch.state() != SourceLatch.State.WAITING) {
            latched = latch.latched();
            LOG.debug("{} latched to {} (symmetric RTP)", this, latched);
        }
        return switch (verdict) {
            case ACCEPT -> null;
            case UNEXPECTED_SOURCE -> DropReason.UNEXPECTED_SOURCE;
            case UNEXPECTED_SSRC -> DropReason.UNEXPECTED_SSRC;
        };
    }

    private void tapped(LegTap t, boolean received, G711 law, RtpPacket packet) {
        try {
            if (received) {
                t.received(law, packet.content(), packet.payloadIndex(0), packet.payloadLength());
            } else {
                t.sent(law, packet.content(), packet.payloadIndex(0), packet.payloadLength());
            }
        } catch (RuntimeException e) {
            LOG.warn("tap of {} failed", this, e);
        }
    }

    /** Sets (or clears, null) the tap that reads this leg's audio. */
    void setTap(LegTap tap) {
        this.tap = tap;
    }

    LegTap tap() {
        return tap;
    }

    private void notifyDtmf(char digit) {
        try {
            listener.onDtmf(this, digit);
        } catch (RuntimeException e) {
            LOG.warn("DTMF listener failed for {}", this, e);
        }
    }

    /** The engine's periodic tick ({@link LoopTicker}), on the event loop: the inactivity check, then the tap's. */
    void tick() {
        checkInactivity();
        LegTap t = tap;
        if (t != null && !closed) {
            t.tick();
        }
    }

    /** Periodic check, on the event loop. */
    void checkInactivity() {
        if (closed) {
            return;
        }
        inactivity.check(nanoTime.getAsLong()).ifPresent(silent -> {
            metrics.inactive();
            LOG.info("{} received no RTP for {} ms", this, silent.toMillis());
            try {
                listener.onInactive(this, silent);
            } catch (RuntimeException e) {
                LOG.warn("inactivity listener failed for {}", this, e);
            }
        });
    }

    // --- outbound ----------------------------------------------------------------------------

    /**
     * Sends {@code packet} from {@code source} if {@code source} is this leg's current output
     * source. Translates between µ-law and A-law and maps the telephone-event payload type to the
     * peer's. Takes ownership of the packet; any thread.
     *
     * @param relayed counts as relayed (from a leg) rather than played
     */
    void send(Object source, RtpPacket packet, boolean relayed) {
        send(source, packet, relayed ? Sent.RELAYED : Sent.PLAYED);
    }

    /** What a sent packet is counted as. */
    enum Sent { RELAYED, PLAYED, MIXED }

    /** {@link #send(Object, RtpPacket, boolean)}, counted as {@code kind}. */
    void send(Object source, RtpPacket packet, Sent kind) {
        EventLoop loop = eventLoop();
        if (!loop.inEventLoop()) {
            try {
                loop.execute(() -> send(source, packet, kind));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                packet.release(); // the engine is stopping
            }
            return;
        }
        RemoteMedia r = remote;
        if (closed || source != outputSource || (r != null && !r.direction().receives())) {
            packet.release();
            return;
        }
        InetSocketAddress target = latched != null ? latched : r == null ? null : r.address();
        if (target == null) {
            metrics.dropped(DropReason.NO_TARGET);
            packet.release();
            return;
        }
        G711 in = G711.forPayloadType(packet.payloadType());
        if (in != null) {
            G711 out = codec();
            if (in != out) {
                ByteBuf buf = packet.content();
                for (int i = 0; i < packet.payloadLength(); i++) {
                    int at = packet.payloadIndex(i);
                    buf.setByte(at, in.transcode(buf.getByte(at), out));
                }
                packet.setPayloadType(out.payloadType());
            }
            LegTap t = tap;
            if (t != null) {
                tapped(t, false, out, packet);
            }
        } else {
            int eventPt = r == null ? DEFAULT_TELEPHONE_EVENT_PT : r.telephoneEventPayloadType();
            if (eventPt < 0) {
                packet.release(); // the peer did not negotiate telephone-event
                return;
            }
            packet.setPayloadType(eventPt);
        }
        outbound.rewrite(source, packet);
        ByteBuf wire = packet.content();
        SrtpSession s = srtp; // last: the tap and the rewriter saw plain RTP, the wire gets SRTP
        if (s != null) {
            if (wire.maxWritableBytes() < SrtpSession.MAX_TAG_LENGTH) {
                // the tag does not fit: a datagram the epoll transport read is a slice of its exact size
                ByteBuf grown = channel.alloc().directBuffer(wire.readableBytes() + SrtpSession.MAX_TAG_LENGTH)
                        .writeBytes(wire);
                packet.release();
                wire = grown;
            }
            if (!s.protect(wire)) {
                metrics.dropped(DropReason.SRTP_SEND);
                wire.release();
                return;
            }
        }
        channel.writeAndFlush(new DatagramPacket(wire, target), channel.voidPromise());
        sent++;
        switch (kind) {
            case RELAYED -> metrics.relayed();
            case PLAYED -> metrics.played();
            case MIXED -> metrics.mixed();
        }
    }
}
