package dev.cti.agent.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cti.agent.media.AudioSink;
import dev.cti.agent.media.ToneSource;
import dev.cti.agent.testkit.EventLog;
import dev.cti.agent.testkit.RtpPeer;
import dev.cti.agent.testkit.Sipp;
import dev.cti.protocol.audio.Goertzel;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reject, far-end CANCEL, blind transfer and outbound dial against sipp. */
class CallControlSippTest {
    @TempDir
    Path dir;
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1);
    private final EventLog events = new EventLog();
    private DatagramSocket deadRegistrar;
    private Softphone phone;

    private void startPhone(int gatewayPort, int registerExpires) throws Exception {
        Sipp.require();
        phone = new Softphone(new PhoneSettings("1001", "demo-sip-1001", "cti.local", "127.0.0.1", gatewayPort,
                "127.0.0.1", registerExpires), Clock.systemUTC(), ticker, () -> new ToneSource(880), AudioSink::discard, events);
        phone.start().get();
    }

    private void startPhoneWithDeadRegistrar() throws Exception {
        deadRegistrar = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        startPhone(deadRegistrar.getLocalPort(), 300);
    }

    @AfterEach
    void stop() {
        if (phone != null) phone.close();
        ticker.shutdownNow();
        if (deadRegistrar != null) deadRegistrar.close();
    }

    private Sipp caller(String scenario, RtpPeer peer) throws Exception {
        return Sipp.start(scenario, "127.0.0.1:" + phone.sipPort(), Sipp.freeUdpPort(), dir, "-s", "1001", "-m", "1",
                "-set", "rtpport", Integer.toString(peer.port()));
    }

    @Test
    void rejectSends486() throws Exception {
        startPhoneWithDeadRegistrar();
        try (RtpPeer peer = new RtpPeer(); Sipp sipp = caller("caller-is-rejected-busy.xml", peer)) {
            events.await("incoming", Duration.ofSeconds(10));
            assertThatThrownBy(() -> phone.hold().get()).hasCauseInstanceOf(PhoneException.class)
                    .hasMessageContaining("RINGING");
            assertThat(phone.machine().unexpectedEvents()).isEqualTo(1);
            phone.reject(486).get();
            assertThat(sipp.waitFor(Duration.ofSeconds(10))).as(sipp.read(".msg")).isZero();
            assertThat(phone.state()).isEqualTo(CallState.IDLE);
        }
    }

    @Test
    void aSecondCallerGetsBusyAndTheFirstCallGoesOn() throws Exception {
        startPhoneWithDeadRegistrar();
        phone.setAutoAnswer(0);
        try (RtpPeer peer = new RtpPeer(); Sipp first = caller("caller-waits-for-bye.xml", peer)) {
            events.await("answered", Duration.ofSeconds(10));
            try (RtpPeer peer2 = new RtpPeer(); Sipp second = caller("second-caller-gets-busy.xml", peer2)) {
                assertThat(second.waitFor(Duration.ofSeconds(10))).as(second.read(".msg")).isZero();
            }
            assertThat(phone.state()).isEqualTo(CallState.CONNECTED);
            assertThat(events.count("incoming")).isEqualTo(1);
            phone.hangup().get();
            assertThat(first.waitFor(Duration.ofSeconds(10))).as(first.read(".msg")).isZero();
        }
    }

    @Test
    void anOfferWithoutG711IsRefusedWith488() throws Exception {
        startPhoneWithDeadRegistrar();
        try (RtpPeer peer = new RtpPeer(); Sipp sipp = caller("offer-without-g711-is-refused.xml", peer)) {
            assertThat(sipp.waitFor(Duration.ofSeconds(10))).as(sipp.read(".msg")).isZero();
            assertThat(phone.state()).isEqualTo(CallState.IDLE);
            assertThat(events.find("incoming")).isNull();
        }
    }

    @Test
    void farEndCancelStopsTheRinging() throws Exception {
        startPhoneWithDeadRegistrar();
        try (RtpPeer peer = new RtpPeer(); Sipp sipp = caller("caller-cancels-while-ringing.xml", peer)) {
            events.await("cancelled", Duration.ofSeconds(10));
            assertThat(sipp.waitFor(Duration.ofSeconds(10))).as(sipp.read(".msg")).isZero();
            assertThat(phone.state()).isEqualTo(CallState.IDLE);
            assertThatThrownBy(() -> phone.answer().get()).isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void blindTransferSendsReferThenBye() throws Exception {
        startPhoneWithDeadRegistrar();
        phone.setAutoAnswer(0);
        try (RtpPeer peer = new RtpPeer(); Sipp sipp = caller("caller-is-transferred.xml", peer)) {
            events.await("answered", Duration.ofSeconds(10));
            phone.transfer("2002").get();
            events.await("transferred", Duration.ofSeconds(5));
            assertThat(sipp.waitFor(Duration.ofSeconds(10))).as(sipp.read(".msg")).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> phone.state() == CallState.IDLE);
        }
    }

    @Test
    void outboundDialAnswersTheDigestChallengeAndTalks() throws Exception {
        int gw = Sipp.freeUdpPort();
        try (RtpPeer peer = new RtpPeer();
             Sipp sipp = Sipp.start("gateway-answers-dial-with-auth.xml", null, gw, dir, "-m", "1",
                     "-set", "rtpport", Integer.toString(peer.port()), "-set", "user", "1001",
                     "-set", "pass", "demo-sip-1001")) {
            startPhone(gw, 0); // sipp plays only the call here, no registrar
            phone.dial("13812345678").get();
            assertThat(events.await("dialing", Duration.ofSeconds(2)).getString("to")).isEqualTo("138****5678");
            events.await("answered", Duration.ofSeconds(10));
            assertThat(phone.state()).isEqualTo(CallState.CONNECTED);
            await().atMost(Duration.ofSeconds(5)).until(() -> peer.audioFrames() >= 30);
            short[] heard = peer.samples(5);
            assertThat(Goertzel.fullScalePower(heard, 880)).isGreaterThan(50 * Goertzel.fullScalePower(heard, 440));
            phone.hangup().get();
            assertThat(sipp.waitFor(Duration.ofSeconds(10))).as(sipp.read(".msg")).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> phone.state() == CallState.IDLE);
        }
    }
}
