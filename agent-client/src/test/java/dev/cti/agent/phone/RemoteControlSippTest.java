package dev.cti.agent.phone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.agent.media.AudioSink;
import dev.cti.agent.media.ToneSource;
import dev.cti.agent.testkit.EventLog;
import dev.cti.agent.testkit.RtpPeer;
import dev.cti.agent.testkit.Sipp;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the gateway may make the real softphone do, with sipp as its registrar (the phone's gateway port points at
 * sipp, registration off): answer a ringing call on NOTIFY Event: talk (481 when nothing rings, 403 from anyone
 * but the registrar, 489 for other events), and auto-answer the registrar's INVITE with Call-Info answer-after=0 (the supervisor's monitor call),
 * but not the same INVITE from anyone else nor with the option off. No auto-answer delay is set on the phone.
 */
class RemoteControlSippTest {
    @TempDir
    Path dir;
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1);
    private final EventLog events = new EventLog();
    private Softphone phone;

    @BeforeEach
    void requireSipp() {
        Sipp.require();
    }

    @AfterEach
    void stop() {
        if (phone != null) {
            phone.close();
        }
        ticker.shutdownNow();
    }

    private void startPhone(int registrarPort, boolean autoAnswerFromRegistrar) throws Exception {
        AudioSink out = samples -> { };
        phone = new Softphone(new PhoneSettings("1001", "pw", "cti.local", "127.0.0.1", registrarPort, "127.0.0.1", 0,
                autoAnswerFromRegistrar), Clock.systemUTC(), ticker, () -> new ToneSource(880), () -> out, events);
        phone.start().get();
    }

    @Test
    void notifyTalkFromTheRegistrarAnswersTheRingingCall() throws Exception {
        int sippPort = Sipp.freeUdpPort();
        startPhone(sippPort, true);
        try (RtpPeer peer = new RtpPeer();
             Sipp sipp = Sipp.start("registrar-rings-then-notify-talk.xml", "127.0.0.1:" + phone.sipPort(), sippPort,
                     dir, "-s", "1001", "-m", "1", "-set", "rtpport", Integer.toString(peer.port()))) {
            events.await("incoming", Duration.ofSeconds(10));
            var answered = events.await("answered", Duration.ofSeconds(5));
            assertThat(answered.getBoolean("remoteAnswer")).isTrue();
            assertThat(events.await("hangup", Duration.ofSeconds(5)).getString("by")).isEqualTo("remote");
            assertThat(sipp.waitFor(Duration.ofSeconds(10))).as(sipp.read(".msg")).isZero();
            assertThat(phone.state()).isEqualTo(CallState.IDLE);
            assertThat(phone.machine().unexpectedEvents()).isZero();
        }
    }

    @Test
    void notifyTalkFromAnyoneButTheRegistrarIsForbidden() throws Exception {
        try (DatagramSocket registrar = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             RtpPeer peer = new RtpPeer()) {
            startPhone(registrar.getLocalPort(), true);
            try (Sipp sipp = Sipp.start("stranger-notify-talk-is-forbidden.xml", "127.0.0.1:" + phone.sipPort(),
                    Sipp.freeUdpPort(), dir, "-s", "1001", "-m", "1", "-set", "rtpport", Integer.toString(peer.port()))) {
                events.await("incoming", Duration.ofSeconds(10));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                        .until(() -> sipp.read(".msg").contains("SIP/2.0 403"));
                assertThat(phone.state()).isEqualTo(CallState.RINGING);
                assertThat(events.find("answered")).isNull();
                phone.reject(486).get();
                assertThat(sipp.waitFor(Duration.ofSeconds(10))).as(sipp.read(".msg")).isZero();
            }
        }
    }

    @Test
    void theRegistrarsAnswerAfterZeroCallIsAnsweredAtOnce() throws Exception {
        int sippPort = Sipp.freeUdpPort();
        startPhone(sippPort, true);
        try (RtpPeer peer = new RtpPeer();
             Sipp sipp = Sipp.start("registrar-monitor-call-answer-after-0.xml", "127.0.0.1:" + phone.sipPort(),
                     sippPort, dir, "-s", "1001", "-m", "1", "-set", "rtpport", Integer.toString(peer.port()))) {
            assertThat(events.await("incoming", Duration.ofSeconds(10)).getBoolean("autoAnswer")).isTrue();
            assertThat(events.await("answered", Duration.ofSeconds(3)).getBoolean("autoAnswered")).isTrue();
            assertThat(events.await("hangup", Duration.ofSeconds(5)).getString("by")).isEqualTo("remote");
            assertThat(sipp.waitFor(Duration.ofSeconds(10))).as(sipp.read(".msg")).isZero();
        }
    }

    @Test
    void answerAfterZeroFromAnyoneButTheRegistrarOnlyRings() throws Exception {
        try (DatagramSocket registrar = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            startPhone(registrar.getLocalPort(), true);
            ringsWithoutAnswering();
        }
    }

    @Test
    void answerAfterZeroWithTheOptionOffOnlyRings() throws Exception {
        int sippPort = Sipp.freeUdpPort();
        startPhone(sippPort, false);
        ringsWithoutAnswering(sippPort);
    }

    private void ringsWithoutAnswering() throws Exception {
        ringsWithoutAnswering(Sipp.freeUdpPort());
    }

    private void ringsWithoutAnswering(int sippPort) throws Exception {
        try (RtpPeer peer = new RtpPeer();
             Sipp sipp = Sipp.start("caller-answer-after-0-is-rejected.xml", "127.0.0.1:" + phone.sipPort(),
                     sippPort, dir, "-s", "1001", "-m", "1", "-set", "rtpport", Integer.toString(peer.port()))) {
            var incoming = events.await("incoming", Duration.ofSeconds(10));
            assertThat(incoming.containsKey("autoAnswer")).isFalse();
            org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                    .until(() -> true);
            assertThat(events.find("answered")).isNull();
            assertThat(phone.state()).isEqualTo(CallState.RINGING);
            phone.reject(486).get();
            assertThat(sipp.waitFor(Duration.ofSeconds(10))).as(sipp.read(".msg")).isZero();
        }
    }
}
