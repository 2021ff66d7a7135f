package dev.cti.agent.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.agent.media.AudioSink;
import dev.cti.agent.media.AudioSource;
import dev.cti.agent.media.ToneSource;
import dev.cti.agent.media.WavFiles;
import dev.cti.agent.testkit.EventLog;
import dev.cti.agent.testkit.RtpPeer;
import dev.cti.agent.testkit.Sipp;
import dev.cti.protocol.audio.Goertzel;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sipp calls the softphone, which auto-answers; audio is checked by signal: the phone sends tone:880 and the test's
 * RTP peer must hear 880 Hz; the peer sends 440 Hz and the phone's --audio-out WAV must contain 440 Hz.
 */
class InboundCallSippTest {
    @TempDir
    Path dir;
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1);
    private final EventLog events = new EventLog();
    private DatagramSocket deadRegistrar;
    private Softphone phone;
    private Path wav;

    @BeforeEach
    void start() throws Exception {
        Sipp.require();
        deadRegistrar = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)); // swallows REGISTERs
        wav = dir.resolve("heard.wav");
        AudioSink out = WavFiles.writer(wav);
        phone = new Softphone(new PhoneSettings("1001", "pw", "cti.local", "127.0.0.1", deadRegistrar.getLocalPort(),
                "127.0.0.1", 300), Clock.systemUTC(), ticker, () -> new ToneSource(880), () -> out, events);
        phone.setAutoAnswer(100);
        phone.start().get();
    }

    @AfterEach
    void stop() {
        phone.close();
        ticker.shutdownNow();
        deadRegistrar.close();
    }

    @Test
    void answersHearsAndIsHeardHoldsResumesSendsDtmfAndHangsUp() throws Exception {
        try (RtpPeer peer = new RtpPeer();
             Sipp sipp = Sipp.start("caller-agent-holds-resumes-hangs-up.xml", "127.0.0.1:" + phone.sipPort(),
                     Sipp.freeUdpPort(), dir, "-s", "1001", "-m", "1", "-set", "rtpport", Integer.toString(peer.port()))) {
            assertThat(events.await("incoming", Duration.ofSeconds(10)).getString("from")).isEqualTo("138****5678");
            events.await("answered", Duration.ofSeconds(5));
            assertThat(phone.state()).isEqualTo(CallState.CONNECTED);

            // the phone's voice (tone:880) reaches the far end
            await().atMost(Duration.ofSeconds(5)).until(() -> peer.audioFrames() >= 40);
            short[] heardByPeer = peer.samples(10);
            assertThat(Goertzel.fullScalePower(heardByPeer, 880)).isGreaterThan(50 * Goertzel.fullScalePower(heardByPeer, 440));

            // the far end's voice (440) reaches the phone's audio-out
            peer.sendTone(440, 50);
            await().atMost(Duration.ofSeconds(5)).until(() -> wavTonePower(440) > 0.001);
            short[] written = WavFiles.read(wav);
            short[] tail = Arrays.copyOfRange(written, Math.max(0, written.length - 4000), written.length);
            assertThat(Goertzel.fullScalePower(tail, 440)).isGreaterThan(50 * Goertzel.fullScalePower(tail, 880));

            // hold: re-INVITE sendonly (sipp checks the SDP), and the phone stops sending audio
            phone.hold().get();
            events.await("held", Duration.ofSeconds(5));
            assertThat(phone.state()).isEqualTo(CallState.HELD);
            int framesAtHold = peer.audioFrames();
            await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> true);
            assertThat(peer.audioFrames() - framesAtHold).isLessThanOrEqualTo(2);

            phone.resume().get();
            events.await("resumed", Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(2)).until(() -> peer.audioFrames() > framesAtHold + 10);

            phone.dtmf("5").get();
            await().atMost(Duration.ofSeconds(2)).until(() -> peer.dtmfEvents().size() >= 4);
            assertThat(peer.dtmfEvents()).containsOnly(5);

            phone.hangup().get();
            assertThat(sipp.waitFor(Duration.ofSeconds(10))).as(sipp.read(".msg")).isZero();
            events.await("idle", Duration.ofSeconds(5));
            assertThat(phone.state()).isEqualTo(CallState.IDLE);
            assertThat(phone.machine().unexpectedEvents()).isZero();
        }
    }

    @Test
    void farEndHoldIsAnsweredRecvonlyAndItsByeEndsTheCall() throws Exception {
        try (RtpPeer peer = new RtpPeer();
             Sipp sipp = Sipp.start("caller-holds-then-hangs-up.xml", "127.0.0.1:" + phone.sipPort(),
                     Sipp.freeUdpPort(), dir, "-s", "1001", "-m", "1", "-set", "rtpport", Integer.toString(peer.port()))) {
            events.await("answered", Duration.ofSeconds(10));
            events.await("remote-hold", Duration.ofSeconds(5));
            events.await("remote-resume", Duration.ofSeconds(5));
            assertThat(events.await("hangup", Duration.ofSeconds(5)).getString("by")).isEqualTo("remote");
            assertThat(sipp.waitFor(Duration.ofSeconds(10))).as(sipp.read(".msg")).isZero();
            assertThat(phone.state()).isEqualTo(CallState.IDLE);
        }
    }

    private double wavTonePower(double hz) throws Exception {
        short[] s = WavFiles.read(wav);
        if (s.length < 4000) return 0;
        return Goertzel.fullScalePower(s, s.length - 4000, 4000, hz);
    }
}
