package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.ClearCause;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hold and resume by re-INVITE from the agent's phone (sipp checks the SDP answers: recvonly, then sendrecv). */
class HoldSippTest extends SippGatewayTest {

    @Test
    void agentHoldsAndResumes() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (Sipp phone = Sipp.start("/b2bua/sipp/agent-hold.xml", phonePort, null, Map.of())) {
            h.registerAgent(phonePort);
            try (Sipp caller = h.call(GatewayHarness.SERVICE_NUMBER, 6000)) {
                CallOffered offered = h.awaitOffered();
                deliverToAgent(offered);
                h.server.await(CallAnswered.class);
                CallHeld held = h.server.await(CallHeld.class);
                assertThat(held.callId()).isEqualTo(offered.callId());
                assertThat(held.agentId()).isEqualTo("1001");
                CallResumed resumed = h.server.await(CallResumed.class);
                assertThat(resumed.at()).isGreaterThanOrEqualTo(held.at() + 900);
                CallCleared cleared = h.server.await(CallCleared.class);
                assertThat(cleared.cause()).isEqualTo(ClearCause.CALLER_HANGUP);
                phone.assertPassed(Duration.ofSeconds(15));
                caller.assertPassed(Duration.ofSeconds(15));
            }
        }
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).isZero();
    }
}
