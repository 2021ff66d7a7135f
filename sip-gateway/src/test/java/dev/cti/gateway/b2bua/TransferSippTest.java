package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallTransferred;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.TargetKind;
import dev.cti.link.message.TransferOutcome;
import dev.cti.link.message.Transfer;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Blind transfer by REFER from the agent's phone: to an external number through the trunk, and to a queue. */
class TransferSippTest extends SippGatewayTest {

    @Test
    void referToAnExternalNumberBridgesTheCallerToTheTrunkAndReleasesTheAgent() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (Sipp trunk = Sipp.start("/b2bua/sipp/trunk-answer.xml", h.trunkPort, null, Map.of());
             Sipp phone = Sipp.start("/b2bua/sipp/agent-refer.xml", phonePort, null,
                     Map.of("referto", "13900001111"))) {
            h.registerAgent(phonePort);
            try (Sipp caller = h.call(GatewayHarness.SERVICE_NUMBER, 5000)) {
                CallOffered offered = h.awaitOffered();
                deliverToAgent(offered);
                h.server.await(CallAnswered.class);
                CallTransferred transferred = h.server.await(CallTransferred.class);
                assertThat(transferred.kind()).isEqualTo(TargetKind.NUMBER);
                assertThat(transferred.target()).isEqualTo("13900001111");
                assertThat(transferred.outcome()).isEqualTo(TransferOutcome.COMPLETED);
                assertThat(transferred.agentId()).isEqualTo("1001");
                CallCleared cleared = h.server.await(CallCleared.class);
                assertThat(cleared.cause()).isEqualTo(ClearCause.TRANSFERRED);
                phone.assertPassed(Duration.ofSeconds(10)); // 202, NOTIFY 100, NOTIFY 200, BYE
                caller.assertPassed(Duration.ofSeconds(15));
                trunk.assertPassed(Duration.ofSeconds(10)); // BYE after the caller hung up
            }
        }
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).isZero();
    }

    @Test
    void transferCommandToANumberDoesTheSameWithoutRefer() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (Sipp trunk = Sipp.start("/b2bua/sipp/trunk-answer.xml", h.trunkPort, null, Map.of());
             Sipp phone = Sipp.start("/b2bua/sipp/agent-answer.xml", phonePort, null, Map.of())) {
            h.registerAgent(phonePort);
            try (Sipp caller = h.call(GatewayHarness.SERVICE_NUMBER, 4000)) {
                CallOffered offered = h.awaitOffered();
                deliverToAgent(offered);
                h.server.await(CallAnswered.class);
                h.server.send(new Transfer(offered.callId(), TargetKind.NUMBER, "13900001111"));
                CallTransferred transferred = h.server.await(CallTransferred.class);
                assertThat(transferred.outcome()).isEqualTo(TransferOutcome.COMPLETED);
                assertThat(h.server.await(CallCleared.class).cause()).isEqualTo(ClearCause.TRANSFERRED);
                phone.assertPassed(Duration.ofSeconds(10)); // the agent leg got its BYE
                caller.assertPassed(Duration.ofSeconds(15));
                trunk.assertPassed(Duration.ofSeconds(10));
            }
        }
        h.awaitNoCalls();
    }

    @Test
    void referToAQueueNumberQueuesTheCallerAgain() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (Sipp phone = Sipp.start("/b2bua/sipp/agent-refer.xml", phonePort, null,
                Map.of("referto", GatewayHarness.SALES_NUMBER))) {
            h.registerAgent(phonePort);
            try (Sipp caller = h.call(GatewayHarness.SERVICE_NUMBER, 3000)) {
                CallOffered offered = h.awaitOffered();
                deliverToAgent(offered);
                h.server.await(CallAnswered.class);
                CallTransferred transferred = h.server.await(CallTransferred.class);
                assertThat(transferred.kind()).isEqualTo(TargetKind.QUEUE);
                assertThat(transferred.target()).isEqualTo("sales");
                assertThat(transferred.outcome()).isEqualTo(TransferOutcome.COMPLETED);
                CallOffered again = h.server.await(CallOffered.class, o -> o.queueId().equals("sales"));
                assertThat(again.callId()).isEqualTo(offered.callId());
                phone.assertPassed(Duration.ofSeconds(10));
                CallCleared cleared = h.server.await(CallCleared.class);
                assertThat(cleared.cause()).isEqualTo(ClearCause.ABANDONED);
                caller.assertPassed(Duration.ofSeconds(15));
            }
        }
    }
}
