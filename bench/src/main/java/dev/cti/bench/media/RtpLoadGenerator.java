package dev.cti.bench.media;

import dev.cti.bench.core.LatencyRecorder;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Netty load generator for T2: per call two "phones" (UDP sockets on 127.0.0.1) each sending one G.711 RTP
 * stream (20 ms, 160-byte payload) to its gateway leg, receiving the other phone's stream relayed. Each payload
 * carries a magic number, the stream number, a sequence number and the send time (System.nanoTime: one
 * machine, one monotonic clock), so the receiver measures loss, transit time and jitter independent of the
 * relay's header rewriting. Calls are spread over the 20 ms period (phase = call % 20 ms) so the load is
 * smooth. A call's two phones share one event loop: its statistics need no locks.
 */
public final class RtpLoadGenerator implements AutoCloseable {

    static final int MAGIC = 0xBE7C4A11;
    static final int PAYLOAD = 160;

    /** One direction of one call. Touched only on its call's event loop. */
    static final class Stream {
        int sentInWindow;
        int receivedInWindow;
        int nextSeq;
        long lastTransit = -1;
        int ssrc;
    }

    /** One event loop's calls and recorders. */
    final class Shard {
        final EventLoop loop;
        final List<Integer> calls = new ArrayList<>();
        final LatencyRecorder transit = new LatencyRecorder();
        final LatencyRecorder jitter = new LatencyRecorder();
        final List<ScheduledFuture<?>> ticks = new ArrayList<>();

        Shard(EventLoop loop) {
            this.loop = loop;
        }
    }

    private final MultiThreadIoEventLoopGroup group;
    private final List<Shard> shards = new ArrayList<>();
    private final Channel[] phones;          // 2 per call: [2i] = A, [2i+1] = B
    private final Stream[] streams;          // [2i] = A→B (sent by A), [2i+1] = B→A
    private final InetSocketAddress[] legs;  // the gateway leg each phone sends to
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong foreign = new AtomicLong();
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;

    public RtpLoadGenerator(int calls, int threads) throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        for (int t = 0; t < threads; t++) {
            shards.add(new Shard(group.next()));
        }
        phones = new Channel[calls * 2];
        streams = new Stream[calls * 2];
        legs = new InetSocketAddress[calls * 2];
        for (int i = 0; i < calls; i++) {
            Shard shard = shards.get(i % threads);
            shard.calls.add(i);
            for (int d = 0; d < 2; d++) {
                int phone = 2 * i + d;
                streams[phone] = new Stream();
                streams[phone].ssrc = 0x10000 + phone;
                phones[phone] = new Bootstrap().group(shard.loop).channel(NioDatagramChannel.class)
                        .option(ChannelOption.SO_RCVBUF, 1 << 20).option(ChannelOption.SO_SNDBUF, 1 << 20)
                        .handler(new Receiver(shard)).bind("127.0.0.1", 0).sync().channel();
            }
        }
    }

    public int calls() {
        return phones.length / 2;
    }

    public int phonePort(int call, int side) {
        return ((InetSocketAddress) phones[2 * call + side].localAddress()).getPort();
    }

    public void setLeg(int call, int side, int port) {
        legs[2 * call + side] = new InetSocketAddress("127.0.0.1", port);
    }

    /** Starts every phone sending every 20 ms; packets sent in [start, end) are measured. */
    public void start(long measureFromNanos, long measureUntilNanos) {
        windowStart = measureFromNanos;
        windowEnd = measureUntilNanos;
        for (Shard shard : shards) {
            for (int phase = 0; phase < 20; phase++) {
                int ph = phase;
                List<Integer> mine = shard.calls.stream().filter(c -> c % 20 == ph).toList();
                if (!mine.isEmpty()) {
                    shard.ticks.add(shard.loop.scheduleAtFixedRate(() -> tick(mine), ph, 20, TimeUnit.MILLISECONDS));
                }
            }
        }
    }

    public void stop() {
        for (Shard shard : shards) {
            shard.ticks.forEach(t -> t.cancel(false));
        }
    }

    private void tick(List<Integer> calls) {
        for (int call : calls) {
            send(2 * call);
            send(2 * call + 1);
        }
    }

    private void send(int phone) {
        Stream s = streams[phone];
        Channel ch = phones[phone];
        int seq = s.nextSeq++;
        long now = System.nanoTime();
        ByteBuf b = ch.alloc().directBuffer(12 + PAYLOAD);
        b.writeByte(0x80).writeByte(0).writeShort(seq).writeInt(seq * 160).writeInt(s.ssrc);
        b.writeInt(MAGIC).writeInt(phone).writeInt(seq).writeLong(now);
        b.writeZero(PAYLOAD - 20);
        if (now >= windowStart && now < windowEnd) {
            s.sentInWindow++;
        }
        ch.writeAndFlush(new DatagramPacket(b, legs[phone]), ch.voidPromise());
    }

    /** Counts and times what a phone receives (the other phone's stream, relayed). */
    private final class Receiver extends SimpleChannelInboundHandler<DatagramPacket> {
        private final Shard shard;

        Receiver(Shard shard) {
            this.shard = shard;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            long now = System.nanoTime();
            ByteBuf b = packet.content();
            if (b.readableBytes() < 12 + 20 || b.getInt(12) != MAGIC) {
                foreign.incrementAndGet();
                return;
            }
            int stream = b.getInt(16);
            long sentAt = b.getLong(24);
            if (stream < 0 || stream >= streams.length) {
                foreign.incrementAndGet();
                return;
            }
            received.incrementAndGet();
            if (sentAt < windowStart || sentAt >= windowEnd) {
                return;
            }
            Stream s = streams[stream];
            s.receivedInWindow++;
            long transit = now - sentAt;
            shard.transit.record(transit);
            if (s.lastTransit >= 0) {
                shard.jitter.record(Math.abs(transit - s.lastTransit));
            }
            s.lastTransit = transit;
        }
    }

    public long received() {
        return received.get();
    }

    public long foreign() {
        return foreign.get();
    }

    /** Sent and received packets of the measuring window (read after {@link #stop} and a drain). */
    public long[] windowCounts() throws Exception {
        long sent = 0;
        long got = 0;
        for (Shard shard : shards) {
            long[] r = shard.loop.submit(() -> {
                long s0 = 0;
                long r0 = 0;
                for (int c : shard.calls) {
                    s0 += streams[2 * c].sentInWindow + streams[2 * c + 1].sentInWindow;
                    r0 += streams[2 * c].receivedInWindow + streams[2 * c + 1].receivedInWindow;
                }
                return new long[] {s0, r0};
            }).get();
            sent += r[0];
            got += r[1];
        }
        return new long[] {sent, got};
    }

    public LatencyRecorder transit() {
        LatencyRecorder all = new LatencyRecorder();
        shards.forEach(s -> all.addAll(s.transit));
        return all;
    }

    public LatencyRecorder jitter() {
        LatencyRecorder all = new LatencyRecorder();
        shards.forEach(s -> all.addAll(s.jitter));
        return all;
    }

    @Override
    public void close() {
        for (Channel c : phones) {
            if (c != null) {
                c.close();
            }
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
