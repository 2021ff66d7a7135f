package dev.cti.gateway.media.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.NetworkConfig;
import dev.cti.gateway.media.MediaEngine;
import dev.cti.gateway.media.MediaLeg;
import dev.cti.gateway.media.MediaListener;
import dev.cti.link.message.RecordingSpan;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.audio.ToneGenerator;
import dev.cti.recording.KeyRing;
import dev.cti.recording.RecordingKey;
import dev.cti.recording.RecordingWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a recording's time 0 is, and how its spans end with it (issue 12 "timeline aligned to the audio"). The media
 * clock is injected and packets are handed to the tap directly, so every position is exact.
 */
class CallRecordingTimingTest {
    private static final long MS = 1_000_000L;
    private static final RecordingKey KEY = RecordingKey.of("k1", new byte[32]);

    @TempDir
    Path dir;
    private MediaEngine engine;
    private MediaLeg leg;
    private final ExecutorService io = Executors.newSingleThreadExecutor();
    private final AtomicLong now = new AtomicLong(5_000 * MS);

    @BeforeEach
    void setUp() throws Exception {
        int base = 20000 + 2 * ThreadLocalRandom.current().nextInt(0, 19000);
        engine = new MediaEngine(new NetworkConfig.Rtp("127.0.0.1", base, base + 9, 30), new SimpleMeterRegistry(),
                MediaListener.NONE);
        engine.start();
        leg = engine.allocateLeg().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() {
        io.shutdownNow();
        engine.close();
    }

    @Test
    void theAudiosTimeZeroIsTheStartGivenNotTheMomentTheTapBegan() throws Exception {
        Path file = dir.resolve("late-tap.ctirec");
        long startNanos = now.get();
        RecordingWriter writer = RecordingWriter.create(file, "late-tap", 1_767_000_000_000L, KEY, new SecureRandom());
        now.addAndGet(300 * MS); // creating the file took 300 ms: the tap begins late
        CallRecording r = CallRecording.start(engine, leg, writer, io, 8, now::get, startNanos,
                new CallRecording.Listener() {});
        // the customer's 440 Hz from 300 ms on, in 20 ms packets that arrive at their end
        short[] tone = ToneGenerator.at8kHz(8000, 440).next(8000);
        for (int p = 0; p < 35; p++) {
            now.addAndGet(20 * MS);
            r.received(G711.PCMU, packet(tone, p), 0, 160);
        }
        CallRecording.Outcome o = r.stop().get(5, TimeUnit.SECONDS);

        RecordingAudio audio = RecordingAudio.read(file, new KeyRing(List.of(KEY), "test"));
        assertThat(o.durationMillis()).isEqualTo(1000);
        int first = firstSound(audio.customer());
        assertThat(first).as("the first packet lands 300 ms in, where it was heard, not at 0 (its first sample"
                + " may be a zero crossing)").isBetween(300 * 8, 300 * 8 + 2);
        assertThat(RecordingAudio.share(RecordingAudio.window(audio.customer(), 320, 980), 440)).isGreaterThan(0.9);
    }

    @Test
    void aPauseStillOpenWhenTheCallEndsEndsWhereTheAudioEnds() throws Exception {
        Path file = dir.resolve("paused-at-end.ctirec");
        RecordingWriter writer = RecordingWriter.create(file, "paused-at-end", 0, KEY, new SecureRandom());
        CallRecording r = CallRecording.start(engine, leg, writer, io, 8, now::get, new CallRecording.Listener() {});
        now.addAndGet(1_200 * MS);
        long pausedAt = r.pause();
        now.addAndGet(300 * MS);
        r.holdStarted();
        now.addAndGet(950 * MS);
        CallRecording.Outcome o = r.stop().get(5, TimeUnit.SECONDS);

        assertThat(pausedAt).isEqualTo(1200);
        assertThat(o.durationMillis()).isEqualTo(2450);
        assertThat(o.pausedSpans()).containsExactly(new RecordingSpan(1200, o.durationMillis()));
        assertThat(o.holdSpans()).containsExactly(new RecordingSpan(1500, o.durationMillis()));
        assertThat(r.pause()).as("nothing to pause once stopping").isEqualTo(-1);
        assertThat(r.resume()).isEqualTo(-1);
    }

    @Test
    void spansNeverReachPastTheAudioOfAShortenedRecording() {
        List<RecordingSpan> spans = List.of(new RecordingSpan(100, 400), new RecordingSpan(900, 1500),
                new RecordingSpan(2500, 2600));
        assertThat(SpanList.closedAt(spans, 2700L, 2000)).as("cut at the end, later ones and the open one dropped")
                .containsExactly(new RecordingSpan(100, 400), new RecordingSpan(900, 1500));
        assertThat(SpanList.closedAt(spans, null, 1000)).containsExactly(new RecordingSpan(100, 400),
                new RecordingSpan(900, 1000));
        assertThat(SpanList.closedAt(List.of(), 1000L, 1000)).containsExactly(new RecordingSpan(1000, 1000));
    }

    private static ByteBuf packet(short[] tone, int p) {
        byte[] b = new byte[160];
        for (int i = 0; i < 160; i++) {
            b[i] = G711.PCMU.encode(tone[(p * 160 + i) % tone.length]);
        }
        return Unpooled.wrappedBuffer(b);
    }

    private static int firstSound(short[] s) {
        for (int i = 0; i < s.length; i++) {
            if (s[i] != 0) {
                return i;
            }
        }
        return -1;
    }
}
