package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.AgentRingFailed;
import dev.cti.link.message.AgentRinging;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallState;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.RequestSnapshot;
import dev.cti.link.message.RingFailureReason;
import dev.cti.link.message.Snapshot;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Deliveries that fail: the caller stays queued (on music) for the server to try again. */
class RingFailureSippTest extends SippGatewayTest {

    @Test
    void busyPhoneFailsTheRingWithBusyAndTheCallStaysQueued() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (Sipp phone = Sipp.start("/b2bua/sipp/agent-busy.xml", phonePort, null, Map.of())) {
            h.registerAgent(phonePort);
            try (Sipp caller = h.call(GatewayHarness.SERVICE_NUMBER, 3000)) {
                CallOffered offered = h.awaitOffered();
                deliverToAgent(offered);
                AgentRingFailed failed = h.server.await(AgentRingFailed.class);
                assertThat(failed.reason()).isEqualTo(RingFailureReason.BUSY);
                assertThat(failed.agentId()).isEqualTo("1001");
                assertQueued(offered.callId());
                phone.assertPassed(Duration.ofSeconds(10));
                assertThat(h.server.await(CallCleared.class).cause()).isEqualTo(ClearCause.ABANDONED);
                caller.assertPassed(Duration.ofSeconds(15));
            }
        }
        h.awaitNoCalls();
    }

    @Test
    void unansweredRingIsCancelledAtTheTimeoutAndTheCallerStaysConnected() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (Sipp phone = Sipp.start("/b2bua/sipp/agent-noanswer.xml", phonePort, null, Map.of())) {
            h.registerAgent(phonePort);
            try (Sipp caller = h.call(GatewayHarness.SERVICE_NUMBER, 5000)) {
                CallOffered offered = h.awaitOffered();
                h.server.send(new DeliverToAgent(offered.callId(), "1001", GatewayHarness.AGENT_EXT, 2));
                h.server.await(AgentRinging.class);
                AgentRingFailed failed = h.server.await(AgentRingFailed.class);
                assertThat(failed.reason()).isEqualTo(RingFailureReason.NO_ANSWER);
                assertThat(failed.ringMillis()).isBetween(1500L, 4000L);
                assertQueued(offered.callId());
                phone.assertPassed(Duration.ofSeconds(10)); // got the CANCEL, answered 487, got the ACK
                assertThat(h.server.await(CallCleared.class).cause()).isEqualTo(ClearCause.ABANDONED);
                caller.assertPassed(Duration.ofSeconds(15));
            }
        }
    }

    @Test
    void callerHangingUpWhileTheAgentRingsCancelsTheRing() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (Sipp phone = Sipp.start("/b2bua/sipp/agent-noanswer.xml", phonePort, null, Map.of())) {
            h.registerAgent(phonePort);
            try (Sipp caller = h.call(GatewayHarness.SERVICE_NUMBER, 2500)) {
                CallOffered offered = h.awaitOffered();
                h.server.send(new DeliverToAgent(offered.callId(), "1001", GatewayHarness.AGENT_EXT, 20));
                h.server.await(AgentRinging.class);
                AgentRingFailed failed = h.server.await(AgentRingFailed.class);
                assertThat(failed.reason()).isEqualTo(RingFailureReason.CANCELLED);
                CallCleared cleared = h.server.await(CallCleared.class);
                assertThat(cleared.cause()).isEqualTo(ClearCause.ABANDONED);
                assertThat(h.server.events().indexOf(failed)).isLessThan(h.server.events().indexOf(cleared));
                phone.assertPassed(Duration.ofSeconds(10)); // the phone got the CANCEL
                caller.assertPassed(Duration.ofSeconds(10));
            }
        }
        h.awaitNoCalls();
    }

    @Test
    void deliveringAgainWhileRingingCancelsTheFirstPhoneAndRingsTheSecond() throws Exception {
        int sleepyPort = FreePorts.udpAndTcp();
        int awakePort = FreePorts.udpAndTcp();
        try (Sipp sleepy = Sipp.start("/b2bua/sipp/agent-noanswer.xml", sleepyPort, null, Map.of());
             Sipp awake = Sipp.start("/b2bua/sipp/agent-answer.xml", awakePort, null, Map.of())) {
            h.registerAgent(sleepyPort);
            h.registerAgent("1002", "demo-sip-1002", awakePort, 300);
            try (Sipp caller = h.call(GatewayHarness.SERVICE_NUMBER, 4000)) {
                CallOffered offered = h.awaitOffered();
                h.server.send(new DeliverToAgent(offered.callId(), "1001", GatewayHarness.AGENT_EXT, 30));
                h.server.await(AgentRinging.class, r -> r.agentId().equals("1001"));
                // the server's own ring-no-answer timer fired first: it routes the call to the next agent
                h.server.send(new DeliverToAgent(offered.callId(), "1002", "1002", 30));
                AgentRingFailed first = h.server.await(AgentRingFailed.class);
                assertThat(first.agentId()).isEqualTo("1001");
                assertThat(first.reason()).isEqualTo(RingFailureReason.CANCELLED);
                assertThat(h.server.await(CallAnswered.class).agentId()).isEqualTo("1002");
                assertThat(h.server.received(CommandRejected.class)).isEmpty();
                sleepy.assertPassed(Duration.ofSeconds(10)); // CANCEL, 487, ACK
                assertThat(h.server.await(CallCleared.class).cause()).isEqualTo(ClearCause.CALLER_HANGUP);
                awake.assertPassed(Duration.ofSeconds(10));
                caller.assertPassed(Duration.ofSeconds(10));
            }
        }
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).isZero();
    }

    @Test
    void extensionWithoutRegisteredPhoneIsUnreachableAtOnce() {
        try (Sipp caller = h.call(GatewayHarness.SERVICE_NUMBER, 1500)) {
            CallOffered offered = h.awaitOffered();
            h.server.send(new DeliverToAgent(offered.callId(), "1002", "1002", 10));
            AgentRingFailed failed = h.server.await(AgentRingFailed.class);
            assertThat(failed.reason()).isEqualTo(RingFailureReason.UNREACHABLE);
            assertThat(failed.ringMillis()).isZero();
            assertThat(h.server.await(CallCleared.class).cause()).isEqualTo(ClearCause.ABANDONED);
            caller.assertPassed(Duration.ofSeconds(15));
        }
    }

    private void assertQueued(String callId) {
        h.server.clearReceived();
        h.server.send(new RequestSnapshot());
        Snapshot snap = h.server.await(Snapshot.class);
        assertThat(snap.calls()).singleElement().satisfies(c -> {
            assertThat(c.callId()).isEqualTo(callId);
            assertThat(c.state()).isEqualTo(CallState.QUEUED);
            assertThat(c.agentId()).isNull();
        });
    }
}
