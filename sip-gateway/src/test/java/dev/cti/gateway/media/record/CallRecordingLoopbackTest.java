package dev.cti.gateway.media.record;

import static dev.cti.gateway.media.record.RecordingAudio.profile;
import static dev.cti.gateway.media.record.RecordingAudio.rms;
import static dev.cti.gateway.media.record.RecordingAudio.share;
import static dev.cti.gateway.media.record.RecordingAudio.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.NetworkConfig;
import dev.cti.gateway.media.MediaEngine;
import dev.cti.gateway.media.MediaLeg;
import dev.cti.gateway.media.MediaListener;
import dev.cti.gateway.media.RemoteMedia;
import dev.cti.gateway.media.audio.Prompt;
import dev.cti.gateway.media.mix.TonePhone;
import dev.cti.link.message.RecordingSpan;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.audio.Goertzel;
import dev.cti.protocol.audio.ToneGenerator;
import dev.cti.protocol.sdp.MediaDirection;
import dev.cti.recording.KeyRing;
import dev.cti.recording.RecordingKey;
import dev.cti.recording.RecordingWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording through real legs over loopback UDP, checked by signal after decrypting the file: the customer's
 * phone sends 440 Hz (A-law), the agent's 880 Hz (µ-law), paced at 20 ms. The left channel must hold 440 Hz and not
 * 880, the right 880 and not 440; a pause is digital silence on both for its span; during a hold the right channel
 * holds the music (700 Hz) the customer hears, not the agent.
 */
class CallRecordingLoopbackTest {
    private static final double CUSTOMER = 440;
    private static final double AGENT = 880;
    private static final double MUSIC = 700;

    @TempDir
    Path dir;
    private MediaEngine engine;
    private ScheduledExecutorService pacer;
    private final ExecutorService io = Executors.newSingleThreadExecutor();
    private TonePhone customerPhone;
    private TonePhone agentPhone;

    @AfterEach
    void tearDown() {
        if (pacer != null) {
            pacer.shutdownNow();
        }
        io.shutdownNow();
        for (TonePhone p : new TonePhone[] {customerPhone, agentPhone}) {
            if (p != null) {
                p.close();
            }
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void customerLeftAgentSideRightPauseSilentHoldMusicOnTheRight() throws Exception {
        int base = 20000 + 2 * ThreadLocalRandom.current().nextInt(0, 19000);
        engine = new MediaEngine(new NetworkConfig.Rtp("127.0.0.1", base, base + 99, 30), new SimpleMeterRegistry(),
                MediaListener.NONE);
        engine.start();
        customerPhone = new TonePhone("customer", CUSTOMER, G711.PCMA, 0xC0C0);
        agentPhone = new TonePhone("agent", AGENT, G711.PCMU, 0xA0A0);
        MediaLeg customer = engine.allocateLeg().get(5, TimeUnit.SECONDS);
        MediaLeg agent = engine.allocateLeg(customer).get(5, TimeUnit.SECONDS);
        customer.configure(new RemoteMedia(customerPhone.address(), G711.PCMA, 101, MediaDirection.SENDRECV));
        agent.configure(new RemoteMedia(agentPhone.address(), G711.PCMU, 101, MediaDirection.SENDRECV));
        customerPhone.sendTo(customer.localAddress());
        agentPhone.sendTo(agent.localAddress());
        engine.bridge(customer, agent);
        pacer = Executors.newSingleThreadScheduledExecutor();
        pacer.scheduleAtFixedRate(() -> {
            try {
                customerPhone.sendFrame();
                agentPhone.sendFrame();
            } catch (java.io.IOException e) {
                // closed at the end
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        Thread.onSpinWait();
        await().atMost(Duration.ofSeconds(5)).until(() -> customer.stats().received() > 10 && agent.stats().received() > 10);

        RecordingKey key = RecordingKey.of("k1", new byte[32]);
        Path file = dir.resolve("r.ctirec");
        RecordingWriter writer = RecordingWriter.create(file, "loopback", System.currentTimeMillis(), key,
                new SecureRandom());
        long t0 = System.nanoTime();
        // the writes reach the writer thread as in the gateway: batched per event loop
        CallRecording recording = CallRecording.start(engine, customer, writer,
                new ChunkHandOff(io, 100).on(customer.eventLoop()), 5, System::nanoTime,
                new CallRecording.Listener() {});
        waitUntil(t0, 1200);
        long pausedAt = recording.pause();
        waitUntil(t0, 2200);
        long resumedAt = recording.resume();
        waitUntil(t0, 2800);
        engine.play(customer, List.of(), new Prompt("music", ToneGenerator.at8kHz(8000, MUSIC).next(8000 * 3)));
        recording.holdStarted();
        waitUntil(t0, 3800);
        engine.stopPlaying(customer);
        recording.holdEnded();
        waitUntil(t0, 4500);
        CallRecording.Outcome outcome = recording.stop().get(5, TimeUnit.SECONDS);

        assertThat(outcome.failure()).isNull();
        assertThat(outcome.durationMillis()).isBetween(4400L, 4700L);
        assertThat(outcome.sizeBytes()).isEqualTo(Files.size(file));
        assertThat(pausedAt).isBetween(1150L, 1300L);
        assertThat(outcome.pausedSpans()).containsExactly(new RecordingSpan(pausedAt, resumedAt));
        assertThat(outcome.holdSpans()).hasSize(1);
        assertThat(outcome.holdSpans().get(0).startMillis()).isBetween(2750L, 2950L);

        RecordingAudio audio = RecordingAudio.read(file, new KeyRing(List.of(key), "test"));
        assertThat(audio.complete()).isTrue();
        // plain call: the customer on the left, the agent on the right
        short[] left = window(audio.customer(), 200, 1100);
        short[] right = window(audio.agentSide(), 200, 1100);
        assertThat(share(left, CUSTOMER)).as("left holds the customer; " + profile(left, CUSTOMER, AGENT))
                .isGreaterThan(0.5);
        assertThat(share(left, AGENT)).as("left does not hold the agent").isLessThan(0.03);
        assertThat(share(right, AGENT)).as("right holds the agent; " + profile(right, CUSTOMER, AGENT))
                .isGreaterThan(0.5);
        assertThat(share(right, CUSTOMER)).as("right does not hold the customer").isLessThan(0.03);
        // the pause: digital silence on both channels over its whole span
        // (offsets are whole milliseconds, rounded down: the span starts within 1 ms after pausedAt)
        short[] pausedLeft = window(audio.customer(), pausedAt + 1, resumedAt);
        short[] pausedRight = window(audio.agentSide(), pausedAt + 1, resumedAt);
        assertThat(rms(pausedLeft)).as("left silent while paused " + nonZero(pausedLeft) + " of " + pausedLeft.length
                + "; " + profile(window(audio.customer(), pausedAt - 300, resumedAt + 300), CUSTOMER)).isZero();
        assertThat(rms(pausedRight)).as("right silent while paused").isZero();
        assertThat(share(window(audio.customer(), resumedAt + 150, resumedAt + 550), CUSTOMER))
                .as("recorded again after the resume").isGreaterThan(0.5);
        // the hold: the right channel is what the customer hears, the music, not the agent
        long holdFrom = outcome.holdSpans().get(0).startMillis();
        short[] held = window(audio.agentSide(), holdFrom + 150, holdFrom + 850);
        assertThat(share(held, MUSIC)).as("hold music on the right; " + profile(held, MUSIC, AGENT)).isGreaterThan(0.5);
        assertThat(share(held, AGENT)).as("no agent on the right during the hold").isLessThan(0.03);
        assertThat(share(window(audio.customer(), holdFrom + 150, holdFrom + 850), CUSTOMER)).isGreaterThan(0.5);
        // the leg is untapped: nothing more is recorded, the relay goes on
        long sent = customer.stats().sent();
        await().atMost(Duration.ofSeconds(2)).until(() -> customer.stats().sent() > sent + 5);
        assertThat(Files.size(file)).isEqualTo(outcome.sizeBytes());
        assertThat(Goertzel.class).isNotNull();
    }

    private static String nonZero(short[] s) {
        int first = -1;
        int last = -1;
        int n = 0;
        for (int i = 0; i < s.length; i++) {
            if (s[i] != 0) {
                n++;
                last = i;
                if (first < 0) {
                    first = i;
                }
            }
        }
        return n + " non-zero samples from " + first + " to " + last;
    }

    private static void waitUntil(long t0, long millis) {
        await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(20))
                .until(() -> System.nanoTime() - t0 >= millis * 1_000_000L);
    }
}
