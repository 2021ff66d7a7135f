package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.protocol.audio.Goertzel;
import dev.cti.testpeers.Sipp;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An agent phone behind NAT, through the whole B2BUA: its SDP names 192.168.1.10:4000 (nobody there), its RTP comes
 * from 127.0.0.1 (the host its SIP comes from) on another port. The gateway passes the 200 OK's source to the
 * agent's media leg, which accepts and latches onto that phone (docs/MEDIA.md, "Latching"): both parties hear each
 * other by signal.
 */
class NatMediaSippTest extends SippGatewayTest {
    private static final long MS = 1_000_000L;
    private static final Pattern GATEWAY_PORT = Pattern.compile("m=audio (\\d+) RTP/AVP");

    @Test
    void aPhoneWhoseSdpNamesAPrivateAddressIsHeardAndHearsTheCaller() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (RtpParty callerRtp = new RtpParty(440);
             RtpParty agentRtp = new RtpParty(880);
             Sipp phone = Sipp.start("/b2bua/sipp/agent-answer-nat.xml", phonePort, null, Map.of())) {
            h.registerAgent(phonePort);
            try (Sipp caller = Sipp.start("/b2bua/sipp/caller-media.xml", FreePorts.udpAndTcp(), h.target(),
                    Map.of("rtpport", Integer.toString(callerRtp.port())), "-s", GatewayHarness.SERVICE_NUMBER,
                    "-d", "3500")) {
                CallOffered offered = h.awaitOffered();
                deliverToAgent(offered);
                h.server.await(CallAnswered.class);
                // the phone learns the gateway's port from the INVITE's SDP and sends first, as a NATed phone does
                await().atMost(Duration.ofSeconds(5)).until(() -> GATEWAY_PORT.matcher(phone.messages()).find());
                Matcher m = GATEWAY_PORT.matcher(phone.messages());
                assertThat(m.find()).isTrue();
                agentRtp.sendTo(new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1))));
                long started = System.nanoTime();
                h.server.await(CallCleared.class);

                short[] callerHeard = callerRtp.heardBetween(started + 600 * MS, started + 2400 * MS);
                short[] agentHeard = agentRtp.heardBetween(started + 600 * MS, started + 2400 * MS);
                assertThat(agentHeard.length).as("the gateway answers the NATed phone at its source")
                        .isGreaterThan(8000);
                assertThat(callerHeard.length).isGreaterThan(8000);
                assertThat(Goertzel.relativePower(callerHeard, 880)).as("caller hears the NATed agent")
                        .isGreaterThan(0.6);
                assertThat(Goertzel.relativePower(agentHeard, 440)).as("NATed agent hears the caller")
                        .isGreaterThan(0.6);
                phone.assertPassed(Duration.ofSeconds(15));
                caller.assertPassed(Duration.ofSeconds(15));
            }
        }
        h.awaitNoCalls();
    }
}
