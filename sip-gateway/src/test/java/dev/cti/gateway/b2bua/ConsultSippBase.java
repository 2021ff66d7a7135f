package dev.cti.gateway.b2bua;

import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CommandRejected;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import java.util.Map;

/**
 * The frame of the consult sipp tests: plain Java RTP phones (sipp signalling, {@link RtpParty} audio) for the
 * customer, the first agent (1001) and the consulted agent (1002), the call connected to 1001 first.
 */
abstract class ConsultSippBase extends SippGatewayTest {
    protected static final long MS = 1_000_000L;
    protected static final String TARGET_EXT = "1002";

    /** The answering phone of {@code extension}, registered, with its RTP at {@code rtp}'s port. */
    protected Sipp phone(String scenario, String extension, RtpParty rtp) throws Exception {
        int port = FreePorts.udpAndTcp();
        Sipp sipp = Sipp.start("/b2bua/sipp/" + scenario, port, null, Map.of("rtpport", Integer.toString(rtp.port())));
        h.registerAgent(extension, "demo-sip-" + extension, port, 300);
        return sipp;
    }

    protected Sipp caller(RtpParty rtp, long talkMillis) {
        return Sipp.start("/b2bua/sipp/caller-media.xml", FreePorts.udpAndTcp(), h.target(),
                Map.of("rtpport", Integer.toString(rtp.port())), "-s", GatewayHarness.SERVICE_NUMBER,
                "-d", Long.toString(talkMillis));
    }

    /** The customer's call offered and answered by agent 1001, then 1 s of talk. */
    protected String connect(Sipp agent) {
        CallOffered offered = h.awaitOffered();
        deliverToAgent(offered);
        awaitAnswered(agent);
        awaitMillis(1000);
        return offered.callId();
    }

    protected CommandRejected rejection(long commandSeq) {
        return h.server.await(CommandRejected.class, r -> r.commandSeq() == commandSeq);
    }

    protected static void awaitMillis(long millis) {
        org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(millis)).atMost(Duration.ofMillis(millis + 1000))
                .until(() -> true);
    }
}
