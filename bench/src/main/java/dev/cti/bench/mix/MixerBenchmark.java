package dev.cti.bench.mix;

import dev.cti.gateway.media.mix.CallMixer;
import dev.cti.gateway.media.mix.MonitorMode;
import dev.cti.gateway.media.mix.Party;
import dev.cti.gateway.media.rtp.RtpPacket;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.audio.ToneGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * CPU of the supervisor mixer per 20 ms tick of one monitored call with three parties: decoding each
 * party's packet into its frame buffer, mixing and saturating each listener's sum, encoding it in the
 * listener's law and building its RTP packet in a pooled buffer (what the session does before the
 * socket write, which the plain relay pays too). One operation = one tick = 20 ms of audio for three
 * parties, so µs per party-second = (ns/op) × 50 / 3 / 1000. Target: ≤ 100 µs per party-second.
 *
 * <p>Run: {@code bin/cti bench t4} ({@link MixingBench}: pinned, parsed into T4 of docs/BENCHMARKS.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MixerBenchmark {

    private static final int FRAMES = 50; // one second of distinct audio per party, cycled

    /** BARGE is the worst case (three listeners, two sources each); LISTEN is the usual one. */
    @Param({"BARGE", "LISTEN", "WHISPER"})
    public MonitorMode mode;

    private CallMixer mixer;
    private final ByteBuf[][] packets = new ByteBuf[Party.values().length][FRAMES];
    private final G711[] laws = {G711.PCMA, G711.PCMU, G711.PCMA};
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private int frame;
    private int sequence;
    private long timestamp;
    private Blackhole blackhole;

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) {
        this.blackhole = bh;
        mixer = new CallMixer(mode);
        double[] tones = {440, 880, 1320};
        for (Party p : Party.values()) {
            ToneGenerator tone = ToneGenerator.at8kHz(12000, tones[p.ordinal()], tones[p.ordinal()] * 1.5);
            for (int f = 0; f < FRAMES; f++) {
                byte[] codes = new byte[172];
                laws[p.ordinal()].encode(tone.next(160), 0, 160, codes, 12);
                packets[p.ordinal()][f] = alloc.directBuffer(172).writeBytes(codes);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (ByteBuf[] party : packets) {
            for (ByteBuf b : party) {
                b.release();
            }
        }
    }

    private final CallMixer.FrameSink sink = new CallMixer.FrameSink() {
        @Override
        public G711 law(Party listener) {
            return laws[listener.ordinal()];
        }

        @Override
        public void frame(Party listener, G711 law, short[] pcm, byte[] encoded) {
            RtpPacket packet = RtpPacket.create(alloc, law.payloadType(), false, sequence, timestamp, 0, encoded, 0,
                    encoded.length);
            sequence = (sequence + 1) & 0xFFFF;
            blackhole.consume(packet.content().getByte(100));
            packet.release(); // the socket write would release it
        }
    };

    /** One 20 ms tick of a three-party call. */
    @Benchmark
    public void tick() {
        for (Party p : Party.values()) {
            mixer.receive(p, laws[p.ordinal()], packets[p.ordinal()][frame], 12, 160);
        }
        mixer.tick(sink);
        timestamp += 160;
        frame = frame + 1 == FRAMES ? 0 : frame + 1;
    }
}
