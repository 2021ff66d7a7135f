package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.DtmfReceived;
import dev.cti.link.message.Leg;
import dev.cti.protocol.audio.Goertzel;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Audio through the B2BUA, checked by signal: sipp does the signalling, plain Java RTP phones send a 440 Hz tone
 * (caller) and 880 Hz (agent). Each must hear the other and not itself; on hold the caller hears music, not the
 * agent; after resume the agent again. A key pressed by the caller (RFC 4733) reaches the server as DtmfReceived.
 */
class MediaPathSippTest extends SippGatewayTest {
    private static final long MS = 1_000_000L;

    @Test
    void callerAndAgentHearEachOtherAndTheCallerHearsMusicOnHold() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (RtpParty callerRtp = new RtpParty(440);
             RtpParty agentRtp = new RtpParty(880);
             Sipp phone = Sipp.start("/b2bua/sipp/agent-media.xml", phonePort, null,
                     Map.of("rtpport", Integer.toString(agentRtp.port())))) {
            h.registerAgent(phonePort);
            try (Sipp caller = Sipp.start("/b2bua/sipp/caller-media.xml", FreePorts.udpAndTcp(), h.target(),
                    Map.of("rtpport", Integer.toString(callerRtp.port())), "-s", GatewayHarness.SERVICE_NUMBER,
                    "-d", "8500")) {
                CallOffered offered = h.awaitOffered();
                deliverToAgent(offered);
                h.server.await(CallAnswered.class);
                long answered = System.nanoTime();
                callerRtp.pressKey(101, 5); // the caller offered telephone-event 101
                DtmfReceived dtmf = h.server.await(DtmfReceived.class);
                assertThat(dtmf.callId()).isEqualTo(offered.callId());
                assertThat(dtmf.leg()).isEqualTo(Leg.CALLER);
                assertThat(dtmf.digit()).isEqualTo("5");
                h.server.await(CallHeld.class);
                long held = System.nanoTime();
                h.server.await(CallResumed.class);
                long resumed = System.nanoTime();
                h.server.await(CallCleared.class);

                short[] callerTalking = callerRtp.heardBetween(answered + 600 * MS, answered + 2400 * MS);
                short[] agentTalking = agentRtp.heardBetween(answered + 600 * MS, answered + 2400 * MS);
                assertThat(callerTalking.length).as("caller audio while talking").isGreaterThan(8000);
                assertThat(agentTalking.length).as("agent audio while talking").isGreaterThan(8000);
                assertThat(Goertzel.relativePower(callerTalking, 880)).as("caller hears the agent").isGreaterThan(0.6);
                assertThat(Goertzel.relativePower(callerTalking, 440)).as("caller does not hear itself")
                        .isLessThan(0.05);
                assertThat(Goertzel.relativePower(agentTalking, 440)).as("agent hears the caller").isGreaterThan(0.6);
                assertThat(Goertzel.relativePower(agentTalking, 880)).as("agent does not hear itself")
                        .isLessThan(0.05);

                short[] callerHeld = callerRtp.heardBetween(held + 400 * MS, held + 2000 * MS);
                assertThat(callerHeld.length).as("caller audio on hold").isGreaterThan(6000);
                assertThat(Goertzel.relativePower(callerHeld, 880)).as("caller on hold does not hear the agent")
                        .isLessThan(0.05);
                assertThat(RtpParty.rms(callerHeld)).as("caller on hold hears music, not silence")
                        .isGreaterThan(200);

                short[] callerResumed = callerRtp.heardBetween(resumed + 400 * MS, resumed + 1600 * MS);
                assertThat(Goertzel.relativePower(callerResumed, 880)).as("caller hears the agent after resume")
                        .isGreaterThan(0.6);

                phone.assertPassed(Duration.ofSeconds(15));
                caller.assertPassed(Duration.ofSeconds(15));
            }
        }
        h.awaitNoCalls();
    }
}
