package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.AgentRinging;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallState;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.Snapshot;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inbound calls end to end: sipp as the PBX and as the agent's phone, a scripted server on the CTI link. */
class InboundCallSippTest extends SippGatewayTest {

    @Test
    void queuedCallIsDeliveredAnsweredBridgedAndClearedWhenTheCallerHangsUp() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (Sipp phone = Sipp.start("/b2bua/sipp/agent-answer.xml", phonePort, null, Map.of())) {
            h.registerAgent(phonePort);
            PhoneRegistered registered = h.server.await(PhoneRegistered.class);
            assertThat(registered.extension()).isEqualTo(GatewayHarness.AGENT_EXT);

            try (Sipp caller = h.call(GatewayHarness.SERVICE_NUMBER, 4000)) {
                CallOffered offered = h.awaitOffered();
                assertThat(offered.queueId()).isEqualTo("service");
                assertThat(offered.callerNumber()).isEqualTo("13812345678");
                assertThat(offered.dialledNumber()).isEqualTo(GatewayHarness.SERVICE_NUMBER);

                deliverToAgent(offered);
                AgentRinging ringing = h.server.await(AgentRinging.class);
                assertThat(ringing.callId()).isEqualTo(offered.callId());
                CallAnswered answered = h.server.await(CallAnswered.class);
                assertThat(answered.agentId()).isEqualTo("1001");
                assertThat(answered.ringMillis()).isGreaterThanOrEqualTo(250);

                h.server.send(new dev.cti.link.message.RequestSnapshot());
                Snapshot snap = h.server.await(Snapshot.class, s -> !s.calls().isEmpty());
                assertThat(snap.calls()).singleElement().satisfies(c -> {
                    assertThat(c.state()).isEqualTo(CallState.CONNECTED);
                    assertThat(c.extension()).isEqualTo(GatewayHarness.AGENT_EXT);
                    assertThat(c.answeredAt()).isNotNull();
                });
                assertThat(snap.registrations()).anySatisfy(r ->
                        assertThat(r.extension()).isEqualTo(GatewayHarness.AGENT_EXT));

                CallCleared cleared = h.server.await(CallCleared.class);
                assertThat(cleared.cause()).isEqualTo(ClearCause.CALLER_HANGUP);
                assertThat(cleared.talkMillis()).isGreaterThan(1000);
                caller.assertPassed(Duration.ofSeconds(15));
                phone.assertPassed(Duration.ofSeconds(15)); // it received the gateway's BYE
            }
        }
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).isZero();
    }

    @Test
    void callerHangingUpWhileQueuedIsAbandoned() {
        try (Sipp caller = h.call(GatewayHarness.SERVICE_NUMBER, 1500)) {
            CallOffered offered = h.awaitOffered();
            CallCleared cleared = h.server.await(CallCleared.class);
            assertThat(cleared.callId()).isEqualTo(offered.callId());
            assertThat(cleared.cause()).isEqualTo(ClearCause.ABANDONED);
            assertThat(cleared.waitMillis()).isBetween(1000L, 10_000L);
            assertThat(cleared.talkMillis()).isZero();
            caller.assertPassed(Duration.ofSeconds(15));
        }
        h.awaitNoCalls();
    }

    @Test
    void reInviteFromThePbxSideIsAnsweredWithTheSameCodecAndMirroredDirection() {
        try (Sipp caller = Sipp.start("/b2bua/sipp/caller-reinvite.xml", FreePorts.udpAndTcp(), h.target(), Map.of(),
                "-s", GatewayHarness.SERVICE_NUMBER, "-d", "500")) {
            h.awaitOffered();
            caller.assertPassed(Duration.ofSeconds(15)); // checks recvonly and PCMU kept in the 200
            assertThat(h.server.await(CallCleared.class).cause()).isEqualTo(ClearCause.ABANDONED);
        }
        h.awaitNoCalls();
    }

    @Test
    void unknownNumberIsRefusedWith404() {
        try (Sipp caller = h.call("4000000000", 100)) {
            assertThat(caller.waitFor(Duration.ofSeconds(15))).isNotZero();
            assertThat(caller.logs()).contains("SIP/2.0 404");
        }
    }
}
