package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallState;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.RejectReason;
import dev.cti.link.message.RequestSnapshot;
import dev.cti.link.message.Snapshot;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Click-to-dial: the agent's phone (sipp) first, then the customer through the trunk (sipp), bridged. */
class OriginateSippTest extends SippGatewayTest {

    @Test
    void originateRingsTheAgentThenDialsTheCustomerAndBridges() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (Sipp trunk = Sipp.start("/b2bua/sipp/trunk-answer.xml", h.trunkPort, null, Map.of());
             Sipp phone = Sipp.start("/b2bua/sipp/agent-answer.xml", phonePort, null, Map.of())) {
            h.registerAgent(phonePort);
            h.server.send(new Originate("req-1", "1001", GatewayHarness.AGENT_EXT, "13900001111"));
            List<OriginateProgress> progress = h.server.awaitCount(OriginateProgress.class, 3);
            assertThat(progress).extracting(OriginateProgress::state).containsExactly(OriginateState.AGENT_RINGING,
                    OriginateState.DIALING, OriginateState.CONNECTED);
            assertThat(progress).allSatisfy(p -> assertThat(p.requestId()).isEqualTo("req-1"));
            String callId = progress.get(0).callId();

            h.server.send(new RequestSnapshot());
            Snapshot snap = h.server.await(Snapshot.class, s -> !s.calls().isEmpty());
            assertThat(snap.calls()).singleElement().satisfies(c -> {
                assertThat(c.state()).isEqualTo(CallState.CONNECTED);
                assertThat(c.queueId()).isNull();
                assertThat(c.callerNumber()).isEqualTo("13900001111");
            });

            h.server.send(new HangUp(callId, ClearCause.SERVER_HANGUP));
            CallCleared cleared = h.server.await(CallCleared.class);
            assertThat(cleared.callId()).isEqualTo(callId);
            assertThat(cleared.cause()).isEqualTo(ClearCause.SERVER_HANGUP);
            phone.assertPassed(Duration.ofSeconds(10));
            trunk.assertPassed(Duration.ofSeconds(10));
        }
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).isZero();
    }

    @Test
    void originateFromAnExtensionWithoutPhoneIsRejected() {
        long seq = h.server.send(new Originate("req-2", "1002", "1002", "13900001111"));
        CommandRejected rejected = h.server.await(CommandRejected.class);
        assertThat(rejected.commandSeq()).isEqualTo(seq);
        assertThat(rejected.reason()).isEqualTo(RejectReason.UNKNOWN_EXTENSION);
    }
}
