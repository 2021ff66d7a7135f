package dev.cti.gateway.media;

import dev.cti.config.NetworkConfig;
import dev.cti.gateway.media.audio.Prompt;
import dev.cti.gateway.media.rtp.RtpPacketDecoder;
import dev.cti.gateway.media.rtp.RtpPortAllocator;
import dev.cti.gateway.media.rtp.RtpStreamRewriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's media anchor: owns the Netty event loops, the RTP port range, every call leg's UDP
 * sockets and the media meters. The B2BUA drives it with a small API: {@link #allocateLeg()},
 * {@link MediaLeg#configure}, {@link #bridge}, {@link #unbridge}, {@link #play}, {@link #stopPlaying},
 * {@link #release}; it hears back through one {@link MediaListener} (DTMF, inactivity).
 *
 * <p>See docs/MEDIA.md for the media path, the SSRC/sequence policy, pacing and ports.
 */
public final class MediaEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaEngine.class);
    private static final int BIND_ATTEMPTS = 16;

    /**
     * Tunables, with production defaults in {@link #defaults()}.
     *
     * @param threads  event loops (legs are spread over them; 0 = Netty's default, 2 × cores)
     * @param nanoTime monotonic clock for pacing, latching and inactivity
     * @param random   source of SSRCs and initial sequence numbers/timestamps (thread-safe)
     */
    public record Options(int threads, LongSupplier nanoTime, RandomGenerator random) {
        public static Options defaults() {
            return new Options(0, System::nanoTime, new SecureRandom());
        }
    }

    private static final ChannelInitializer<DatagramChannel> NO_HANDLERS = new ChannelInitializer<>() {
        @Override
        protected void initChannel(DatagramChannel ch) {
            // see tryBind
        }

        @Override
        public boolean isSharable() {
            return true;
        }
    };

    private final NetworkConfig.Rtp config;
    private final MediaListener listener;
    private final Options options;
    private final RtpPortAllocator ports;
    private final MediaMetrics metrics;
    private final Map<Long, RtpLeg> legs = new ConcurrentHashMap<>();
    private final AtomicLong nextLegId = new AtomicLong(1);
    private final LoopTicker ticker = new LoopTicker();
    private volatile EventLoopGroup group;
    /** Set with {@link #group} by {@link #start()}. */
    private volatile MediaTransport transport;
    /** The DTLS certificate and handshake threads, made on first use (an engine without DTLS-SRTP legs pays nothing). */
    private DtlsSrtpLegs dtls;

    public MediaEngine(NetworkConfig.Rtp config, MeterRegistry registry, MediaListener listener) {
        this(config, registry, listener, Options.defaults());
    }

    public MediaEngine(NetworkConfig.Rtp config, MeterRegistry registry, MediaListener listener, Options options) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.options = Objects.requireNonNull(options, "options");
        if (config.inactivitySeconds() <= 0) {
            throw new IllegalArgumentException("rtp.inactivitySeconds must be positive: " + config.inactivitySeconds());
        }
        this.ports = new RtpPortAllocator(config.portMin(), config.portMax());
        this.metrics = new MediaMetrics(legs::size, ports.capacity());
        metrics.bindTo(registry);
    }

    /** Creates the event loops. Idempotent. */
    public synchronized void start() {
        if (group == null) {
            dev.cti.protocol.audio.G711.values(); // builds the codec tables now, not on a first packet
            MediaTransport t = MediaTransport.of(config.transport());
            transport = t;
            group = new MultiThreadIoEventLoopGroup(options.threads(), new DefaultThreadFactory("rtp", true),
                    t.handlers().get());
            LOG.info("media engine started: RTP on {} ports {}..{} ({} pairs), {} transport", config.host(),
                    config.portMin(), config.portMax(), ports.capacity(), t.name());
        }
    }

    /** The I/O under the media sockets once started ({@code epoll} or {@code nio}), else empty. */
    public java.util.Optional<String> transport() {
        MediaTransport t = transport;
        return t == null || group == null ? java.util.Optional.empty() : java.util.Optional.of(t.name());
    }

    /** Releases every leg and shuts the event loops down; completes when they have stopped. */
    public synchronized CompletableFuture<Void> stop() {
        EventLoopGroup g = group;
        group = null;
        legs.values().forEach(this::release);
        if (dtls != null) {
            dtls.stop();
            dtls = null;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (g == null) {
            done.complete(null);
        } else {
            g.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(f -> done.complete(null));
        }
        return done;
    }

    @Override
    public void close() {
        stop().join();
    }

    /** Fresh ICE-lite credentials and the engine's DTLS fingerprint, for a leg that may answer a DTLS-SRTP offer. */
    public dev.cti.gateway.media.sdp.DtlsLocal newDtlsLocal() {
        return started().newLocal();
    }

    /**
     * Makes {@code leg} a DTLS-SRTP leg (docs/MEDIA.md, "WebRTC-style legs"): before our SDP with {@code local}
     * leaves, so the peer's first STUN check and DTLS record find the leg ready. The leg drops everything until the
     * handshake's keys; the future completes with them or fails (the leg then stays silent).
     */
    public CompletableFuture<dev.cti.protocol.srtp.SrtpKeys> dtlsSrtp(MediaLeg leg,
            dev.cti.gateway.media.sdp.DtlsLocal local, dev.cti.gateway.media.sdp.DtlsRemote remote) {
        return started().attach(internal(leg), local, remote);
    }

    private synchronized DtlsSrtpLegs started() {
        if (dtls == null) {
            dtls = new DtlsSrtpLegs(metrics);
        }
        return dtls;
    }

    /** A new leg on any event loop. */
    public CompletableFuture<MediaLeg> allocateLeg() {
        return allocateLeg(null);
    }

    /**
     * A new leg, on the same event loop as {@code colocateWith} if given: legs of one call relay to
     * each other without a thread hop.
     *
     * <p>Binds the next free even port of the range and the odd port above it (RTCP, read and
     * discarded), skipping ports something else holds. Fails when the range is exhausted.
     */
    public CompletableFuture<MediaLeg> allocateLeg(MediaLeg colocateWith) {
        EventLoopGroup g = group;
        if (g == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("media engine not started"));
        }
        EventLoop loop = colocateWith != null ? colocateWith.eventLoop() : g.next();
        CompletableFuture<MediaLeg> result = new CompletableFuture<>();
        tryBind(loop, BIND_ATTEMPTS, result);
        return result;
    }

    private void tryBind(EventLoop loop, int attemptsLeft, CompletableFuture<MediaLeg> result) {
        OptionalInt port = ports.allocate();
        if (port.isEmpty()) {
            result.completeExceptionally(new IllegalStateException("no free RTP port in "
                    + config.portMin() + ".." + config.portMax()));
            return;
        }
        int rtpPort = port.getAsInt();
        long id = nextLegId.getAndIncrement();
        RandomGenerator random = options.random();
        RtpStreamRewriter outbound = new RtpStreamRewriter(random.nextInt(), random.nextInt(1 << 16),
                random.nextInt(), options.nanoTime());
        // Handlers are added below, from this thread, in a fixed order: an initializer would run on
        // the event loop at registration and race with the leg handler.
        Class<? extends DatagramChannel> channel = transport.channel();
        Bootstrap rtp = new Bootstrap().group(loop).channel(channel).handler(NO_HANDLERS);
        Bootstrap rtcp = new Bootstrap().group(loop).channel(channel)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                                ReferenceCountUtil.release(msg); // RTCP is reserved, not interpreted
                            }
                        });
                    }
                });
        Channel rtpChannel = rtp.register().channel();
        Channel rtcpChannel = rtcp.register().channel();
        RtpLeg leg = new RtpLeg(id, rtpChannel, rtcpChannel, metrics, listener, options.nanoTime(), outbound,
                Duration.ofSeconds(config.inactivitySeconds()));
        RtpPacketDecoder decoder = new RtpPacketDecoder(reason -> {
            metrics.dropped(DropReason.INVALID);
            LOG.debug("dropped datagram on port {}: {}", rtpPort, reason);
        }, verdict -> metrics.dropped(verdict == dev.cti.gateway.media.srtp.SrtpSession.Verdict.REPLAYED
                ? DropReason.SRTP_REPLAY : DropReason.SRTP_AUTH));
        leg.decoder(decoder);
        rtpChannel.pipeline().addLast("decoder", decoder);
        rtpChannel.pipeline().addLast("leg", new RtpLegHandler(leg)); // before bind: no packet can miss it
        ChannelFuture rtpBind = rtpChannel.bind(new InetSocketAddress(config.host(), rtpPort));
        rtpBind.addListener(f1 -> {
            if (!f1.isSuccess()) {
                retry(loop, attemptsLeft, result, rtpPort, rtpChannel, rtcpChannel, f1.cause());
                return;
            }
            rtcpChannel.bind(new InetSocketAddress(config.host(), rtpPort + 1)).addListener(f2 -> {
                if (!f2.isSuccess()) {
                    retry(loop, attemptsLeft, result, rtpPort, rtpChannel, rtcpChannel, f2.cause());
                    return;
                }
                legs.put(id, leg);
                ticker.add(leg);
                rtpChannel.closeFuture().addListener(f3 -> {
                    legs.remove(id);
                    ports.release(rtpPort);
                });
                LOG.debug("{} allocated", leg);
                result.complete(leg);
            });
        });
    }

    private void retry(EventLoop loop, int attemptsLeft, CompletableFuture<MediaLeg> result, int port,
                       Channel rtpChannel, Channel rtcpChannel, Throwable cause) {
        rtpChannel.close();
        rtcpChannel.close();
        ports.release(port);
        LOG.debug("RTP port {} not usable ({}), trying the next", port, cause.toString());
        if (attemptsLeft <= 1) {
            result.completeExceptionally(new IllegalStateException("could not bind an RTP port pair", cause));
        } else {
            tryBind(loop, attemptsLeft - 1, result);
        }
    }

    /** Closes the leg's sockets, stops its playback, unbridges it and frees its ports. Idempotent. */
    public void release(MediaLeg leg) {
        RtpLeg l = internal(leg);
        RtpLeg peer = l.peer();
        if (peer != null) {
            unbridge(l, peer);
        }
        l.close();
    }

    /**
     * Relays audio and telephone-events both ways between two legs. Each leg keeps sending with its
     * own SSRC; a leg being played to keeps hearing the player until it finishes or is stopped.
     */
    public void bridge(MediaLeg a, MediaLeg b) {
        RtpLeg la = internal(a);
        RtpLeg lb = internal(b);
        if (la == lb) {
            throw new IllegalArgumentException("cannot bridge " + a + " to itself");
        }
        la.setPeer(lb);
        lb.setPeer(la);
        la.swapSink(new RelaySink(lb));
        lb.swapSink(new RelaySink(la));
        outputFromPeerUnlessPlaying(la, lb);
        outputFromPeerUnlessPlaying(lb, la);
    }

    private static void outputFromPeerUnlessPlaying(RtpLeg leg, RtpLeg peer) {
        PromptPlayer p = leg.player();
        if (p == null || !p.isPlaying()) {
            leg.setOutputSource(peer);
        }
    }

    /** Stops relaying between {@code a} and {@code b}; their inbound audio is discarded. */
    public void unbridge(MediaLeg a, MediaLeg b) {
        RtpLeg la = internal(a);
        RtpLeg lb = internal(b);
        for (RtpLeg l : List.of(la, lb)) {
            l.setPeer(null);
            l.swapSink(MediaSink.DISCARD);
            l.restoreOutputSource(l == la ? lb : la);
        }
    }

    /**
     * Plays {@code prompts} in order to {@code leg}, then loops {@code loopMusic} if not {@code null},
     * replacing what the leg was sending (its bridged peer's audio) until it ends or is stopped. A
     * playback already running on the leg is stopped first.
     */
    public Playback play(MediaLeg leg, List<Prompt> prompts, Prompt loopMusic) {
        RtpLeg l = internal(leg);
        stopPlaying(l);
        PromptPlayer player = new PromptPlayer(l, prompts, loopMusic, options.nanoTime());
        l.setPlayer(player);
        l.setOutputSource(player);
        player.start();
        return player;
    }

    /** Stops what is played to {@code leg}, if anything; it hears its bridged peer again. */
    public void stopPlaying(MediaLeg leg) {
        PromptPlayer p = internal(leg).player();
        if (p != null) {
            p.stop();
        }
    }

    /**
     * Replaces the sink {@code leg}'s inbound packets go to (a mixer) and returns the previous one,
     * atomically. {@link #bridge} and {@link #unbridge} set the default sinks.
     */
    public MediaSink attachSink(MediaLeg leg, MediaSink sink) {
        return internal(leg).swapSink(Objects.requireNonNull(sink, "sink"));
    }

    /**
     * Gives {@code leg}'s outbound stream to a component that builds its own packets (the supervisor
     * mixer): from now on the leg sends what is given to the returned output, through its own stream
     * rewriter (same SSRC, continuous numbers). A prompt being played keeps the leg until it ends; then
     * the leg returns to this output. Calls that never attach one pay nothing for this.
     */
    public LegOutput attachOutput(MediaLeg leg) {
        RtpLeg l = internal(leg);
        MixOutput output = new MixOutput(l);
        l.attachMixOutput(output);
        return output;
    }

    /** Undoes {@link #attachOutput}: the leg sends its bridged peer's audio again (or nothing). */
    public void detachOutput(LegOutput output) {
        if (output instanceof MixOutput m) {
            m.leg.detachMixOutput(m);
        } else {
            throw new IllegalArgumentException("not an output of this engine: " + output);
        }
    }

    /**
     * Starts supervisor monitoring of the call between {@code customer} and {@code agent}: the three
     * legs are mixed per {@code mode} every 20 ms on the customer leg's event loop until
     * {@link dev.cti.gateway.media.mix.MonitorSession#stop()}, which restores the plain relay between
     * customer and agent. Allocate the supervisor's leg with {@code allocateLeg(customer)} so the
     * mixer needs no thread hop. See docs/MEDIA.md, "Mixer".
     */
    public dev.cti.gateway.media.mix.MonitorSession monitor(MediaLeg customer, MediaLeg agent, MediaLeg supervisor,
                                                            dev.cti.gateway.media.mix.MonitorMode mode) {
        return dev.cti.gateway.media.mix.MixerSession.start(this, customer, agent, supervisor, mode);
    }

    /**
     * Lets {@code tap} read {@code leg}'s audio both ways (recording): what it receives, just before its sink, and
     * what it sends, just before the socket. Replaces a tap already set. See {@link LegTap}.
     */
    public void tap(MediaLeg leg, LegTap tap) {
        internal(leg).setTap(Objects.requireNonNull(tap, "tap"));
    }

    /** Removes {@code tap} from {@code leg} if it is still the leg's tap. */
    public void untap(MediaLeg leg, LegTap tap) {
        RtpLeg l = internal(leg);
        if (l.tap() == tap) {
            l.setTap(null);
        }
    }

    /** Legs allocated now. */
    public int activeLegs() {
        return legs.size();
    }

    /** The port allocator's capacity in RTP/RTCP pairs. */
    public int portCapacity() {
        return ports.capacity();
    }

    private RtpLeg internal(MediaLeg leg) {
        if (leg instanceof RtpLeg l) {
            return l;
        }
        throw new IllegalArgumentException("not a leg of this engine: " + leg);
    }

    /** The default sink of a bridged leg: the packet goes straight out of the peer's socket. */
    private record RelaySink(RtpLeg target) implements MediaSink {
        @Override
        public void onPacket(MediaLeg from, dev.cti.gateway.media.rtp.RtpPacket packet) {
            target.send(from, packet, true);
        }
    }

    /** The {@link LegOutput} of one leg: its identity is the leg's output source. */
    private static final class MixOutput implements LegOutput {
        private final RtpLeg leg;

        MixOutput(RtpLeg leg) {
            this.leg = leg;
        }

        @Override
        public MediaLeg leg() {
            return leg;
        }

        @Override
        public io.netty.buffer.ByteBufAllocator alloc() {
            return leg.channel().alloc();
        }

        @Override
        public void send(dev.cti.gateway.media.rtp.RtpPacket packet) {
            leg.send(this, packet, RtpLeg.Sent.MIXED);
        }
    }
}
