package dev.cti.gateway.media.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.NetworkConfig;
import dev.cti.gateway.media.MediaEngine;
import dev.cti.gateway.media.MediaLeg;
import dev.cti.gateway.media.MediaListener;
import dev.cti.link.message.RecordingFailure;
import dev.cti.protocol.audio.G711;
import dev.cti.recording.KeyRing;
import dev.cti.recording.RecordingKey;
import dev.cti.recording.RecordingReader;
import dev.cti.recording.RecordingWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording whose disk does not keep up fails (WRITER_OVERLOAD) instead of growing without bound, and what it
 * wrote before stays playable; the call is not touched (the tap just stops). The clock is injected: the test moves
 * time, the sweep on the leg's loop hands over the silent chunks.
 */
class CallRecordingFailureTest {
    @TempDir
    Path dir;
    private MediaEngine engine;
    private final ExecutorService io = Executors.newSingleThreadExecutor();

    @AfterEach
    void tearDown() {
        io.shutdownNow();
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aDiskThatDoesNotKeepUpFailsTheRecordingNotTheCall() throws Exception {
        int base = 20000 + 2 * ThreadLocalRandom.current().nextInt(0, 19000);
        engine = new MediaEngine(new NetworkConfig.Rtp("127.0.0.1", base, base + 19, 30), new SimpleMeterRegistry(),
                MediaListener.NONE);
        engine.start();
        MediaLeg leg = engine.allocateLeg().get(5, TimeUnit.SECONDS);
        RecordingKey key = RecordingKey.of("k1", new byte[32]);
        Path file = dir.resolve("slow.ctirec");
        RecordingWriter writer = RecordingWriter.create(file, "slow", 0, key, new SecureRandom());
        AtomicLong now = new AtomicLong(1_000_000_000L);
        AtomicReference<RecordingFailure> failed = new AtomicReference<>();
        CallRecording r = CallRecording.start(engine, leg, writer, io, 3, now::get, new CallRecording.Listener() {
            @Override
            public void failed(RecordingFailure failure, Exception cause) {
                failed.set(failure);
            }
        });
        // two seconds written normally
        now.addAndGet(2_200_000_000L);
        await().atMost(Duration.ofSeconds(5)).until(() -> writer.chunks() == 2);
        assertThat(r.pendingChunks()).isZero();
        // then the disk hangs: the writer thread is stuck, chunks pile up to the bound of 3, the next one fails it
        CountDownLatch disk = new CountDownLatch(1);
        io.execute(() -> {
            try {
                disk.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        now.addAndGet(5_000_000_000L);
        await().atMost(Duration.ofSeconds(5)).until(() -> failed.get() != null);
        assertThat(failed.get()).isEqualTo(RecordingFailure.WRITER_OVERLOAD);
        assertThat(r.failed()).isTrue();
        assertThat(r.pendingChunks()).as("the bound was reached: 3 chunks wait for the disk").isEqualTo(3);
        // the tap ignores the call's audio from now on, without error
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[160]);
        r.received(G711.PCMU, payload, 0, 160);
        r.sent(G711.PCMU, payload, 0, 160);
        disk.countDown();
        CallRecording.Outcome outcome = r.stop().get(5, TimeUnit.SECONDS);
        assertThat(outcome.failure()).isEqualTo(RecordingFailure.WRITER_OVERLOAD);
        assertThat(r.pendingChunks()).isZero();
        // what was written before the failure plays; the file has no final chunk
        try (RecordingReader reader = RecordingReader.open(file, new KeyRing(List.of(key), "test"))) {
            assertThat(reader.complete()).isFalse();
            assertThat(reader.chunkCount()).isGreaterThanOrEqualTo(2);
            assertThat(reader.durationMillis()).isEqualTo(outcome.durationMillis());
        }
        assertThat(leg.stats()).isNotNull(); // the leg is still there, untapped
    }

    @Test
    void aFullDiskIsToldFromOtherWriteErrors() {
        assertThat(CallRecording.classify(new IOException("No space left on device"))).isEqualTo(RecordingFailure.DISK_FULL);
        assertThat(CallRecording.classify(new IOException("Input/output error"))).isEqualTo(RecordingFailure.IO_ERROR);
    }
}
