package dev.cti.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.protocol.audio.G711;
import dev.cti.protocol.audio.Goertzel;
import dev.cti.protocol.audio.ToneGenerator;
import dev.cti.protocol.sdp.MediaDirection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Audio correctness by signal: A plays 440 Hz, B 880 Hz; each must hear only the other's tone. */
class MediaEngineToneTest {

    private static final int PACKETS = 50;

    @Test
    void eachPhoneHearsTheOthersToneAndNotItsOwn() throws Exception {
        try (MediaEngine engine = MediaEngineFixture.start(new SimpleMeterRegistry(), MediaListener.NONE, 30);
             TestPhone phoneA = new TestPhone();
             TestPhone phoneB = new TestPhone()) {
            MediaLeg legA = engine.allocateLeg().get(5, TimeUnit.SECONDS);
            MediaLeg legB = engine.allocateLeg().get(5, TimeUnit.SECONDS); // maybe another event loop: a thread hop
            legA.configure(new RemoteMedia(phoneA.address(), G711.PCMU, 101, MediaDirection.SENDRECV));
            legB.configure(new RemoteMedia(phoneB.address(), G711.PCMU, 101, MediaDirection.SENDRECV));
            engine.bridge(legA, legB);

            ToneGenerator toneA = ToneGenerator.at8kHz(12000, 440);
            ToneGenerator toneB = ToneGenerator.at8kHz(12000, 880);
            byte[] frame = new byte[160];
            for (int i = 0; i < PACKETS; i++) {
                G711.PCMU.encode(toneA.next(160), 0, 160, frame, 0);
                phoneA.send(legA.localAddress(), 0, i == 0, i, i * 160L, 0xAAAA, frame);
                G711.PCMU.encode(toneB.next(160), 0, 160, frame, 0);
                phoneB.send(legB.localAddress(), 0, i == 0, 1000 + i, i * 160L, 0xBBBB, frame);
            }
            short[] heardByA = receiveAudio(phoneA);
            short[] heardByB = receiveAudio(phoneB);

            assertThat(Goertzel.relativePower(heardByA, 880)).as("A hears B's 880 Hz").isGreaterThan(0.8);
            assertThat(Goertzel.relativePower(heardByA, 440)).as("A does not hear itself").isLessThan(0.05);
            assertThat(Goertzel.relativePower(heardByB, 440)).as("B hears A's 440 Hz").isGreaterThan(0.8);
            assertThat(Goertzel.relativePower(heardByB, 880)).as("B does not hear itself").isLessThan(0.05);
        }
    }

    private static short[] receiveAudio(TestPhone phone) throws Exception {
        short[] audio = new short[PACKETS * 160];
        for (int i = 0; i < PACKETS; i++) {
            TestPhone.Received r = phone.receive();
            assertThat(r.payloadType()).isZero();
            short[] pcm = G711.PCMU.decode(r.payload());
            System.arraycopy(pcm, 0, audio, i * 160, 160);
        }
        return audio;
    }
}
