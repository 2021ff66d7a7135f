package dev.cti.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.media.audio.Prompt;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.sdp.MediaDirection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The paced player over loopback UDP, with the shipped prompt files. */
class PromptPlayerTest {

    private static final Path PROMPTS = Path.of(System.getProperty("cti.repo.root", "..")).resolve("prompts");

    private MediaEngine engine;
    private TestPhone phone;
    private TestPhone peer;
    private MediaLeg leg;

    @BeforeEach
    void setUp() throws Exception {
        engine = MediaEngineFixture.start(new SimpleMeterRegistry(), MediaListener.NONE, 30);
        phone = new TestPhone();
        peer = new TestPhone();
        leg = engine.allocateLeg().get(5, TimeUnit.SECONDS);
        leg.configure(new RemoteMedia(phone.address(), G711.PCMA, 101, MediaDirection.SENDRECV));
    }

    @AfterEach
    void tearDown() {
        phone.close();
        peer.close();
        engine.close();
    }

    @Test
    void sendsPromptsThenLoopsMusicEvery20MillisecondsAsTheFilesSamples() throws Exception {
        Prompt greeting = Prompt.load(PROMPTS.resolve("en/you-are-caller-number.wav"));
        Prompt five = Prompt.load(PROMPTS.resolve("en/digits/5.wav"));
        Prompt music = Prompt.load(PROMPTS.resolve("music/hold-music.wav"));
        Playback playback = engine.play(leg, List.of(greeting, five), music);

        int promptFrames = (greeting.length() + five.length() + 159) / 160;
        int count = promptFrames + 40;
        assertThat(count).isGreaterThanOrEqualTo(100);
        List<TestPhone.Received> got = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            got.add(phone.receive());
        }
        playback.stop();

        // pacing: measured over the last 100 packets, generous for a shared 2-core machine
        List<TestPhone.Received> last100 = got.subList(count - 100, count);
        double averageMillis = (last100.get(99).arrivalNanos() - last100.get(0).arrivalNanos()) / 99 / 1e6;
        assertThat(averageMillis).isBetween(18.0, 22.0);

        // one stream: one SSRC, consecutive numbers, timestamp +160, marker only on the first
        for (int i = 1; i < count; i++) {
            assertThat(got.get(i).ssrc()).isEqualTo(got.get(0).ssrc());
            assertThat(got.get(i).seq()).isEqualTo((got.get(i - 1).seq() + 1) & 0xFFFF);
            assertThat(got.get(i).ts()).as("ts of packet %d, arrival gap %d us", i, (got.get(i).arrivalNanos() - got.get(i - 1).arrivalNanos()) / 1000).isEqualTo((got.get(i - 1).ts() + 160) & 0xFFFFFFFFL);
            assertThat(got.get(i).marker()).isFalse();
        }
        assertThat(got.get(0).marker()).isTrue();
        assertThat(got).allSatisfy(r -> assertThat(r.payloadType()).isEqualTo(8));

        // content: the WAV samples through A-law, prompts back to back (no gap between a position's
        // digits), then music
        List<Short> expected = new ArrayList<>();
        for (Prompt p : List.of(greeting, five)) {
            short[] s = p.samples();
            for (short v : s) {
                expected.add(v);
            }
        }
        short[] m = music.samples();
        for (int i = 0; expected.size() < count * 160; i++) {
            expected.add(m[i % m.length]);
        }
        for (int i = 0; i < count; i++) {
            short[] decoded = G711.PCMA.decode(got.get(i).payload());
            for (int j = 0; j < 160; j++) {
                short want = G711.PCMA.decode(G711.PCMA.encode(expected.get(i * 160 + j)));
                assertThat(decoded[j]).as("packet %d sample %d", i, j).isEqualTo(want);
            }
        }
        assertThat(playback.promptsFinished()).isCompleted();

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(2)).until(() -> !playback.isPlaying());
        phone.drain();
        assertThat(phone.receive(200)).as("music stops with the playback").isNull();
    }

    @Test
    void aPlaybackOnABridgedLegGivesWayToThePeerWithTheSameSsrcAndContinuousNumbers() throws Exception {
        MediaLeg other = engine.allocateLeg(leg).get(5, TimeUnit.SECONDS);
        other.configure(new RemoteMedia(peer.address(), G711.PCMA, 101, MediaDirection.SENDRECV));
        engine.bridge(leg, other);
        Playback playback = engine.play(leg, List.of(new Prompt("beep", new short[800])), null); // 5 frames, no music
        List<TestPhone.Received> got = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            got.add(phone.receive());
        }
        playback.promptsFinished().get(2, TimeUnit.SECONDS);
        // the peer is heard again once the prompt has ended
        byte[] voice = new byte[160];
        java.util.Arrays.fill(voice, (byte) 0x2A);
        TestPhone.Received fromPeer = null;
        for (int i = 0; i < 20 && fromPeer == null; i++) {
            peer.send(other.localAddress(), 8, false, 5000 + i, 90_000 + 160L * i, 0xDDDD, voice);
            fromPeer = phone.receive(100);
        }
        assertThat(fromPeer).isNotNull();
        assertThat(fromPeer.ssrc()).isEqualTo(got.get(0).ssrc());
        assertThat(fromPeer.seq()).isEqualTo((got.get(4).seq() + 1) & 0xFFFF);
        assertThat(fromPeer.marker()).as("a new source is marked").isTrue();
        assertThat(fromPeer.payload()).isEqualTo(voice);
        assertThat(playback.isPlaying()).isFalse();
    }
}
