package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.LinkEvent;
import dev.cti.link.message.MonitorEndReason;
import dev.cti.link.message.MonitorEnded;
import dev.cti.link.message.MonitorMode;
import dev.cti.link.message.MonitorStarted;
import dev.cti.link.message.RejectReason;
import dev.cti.link.message.RequestSnapshot;
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.SetMonitorMode;
import dev.cti.link.message.StartMonitor;
import dev.cti.link.message.StopMonitor;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The monitor leg on the wire, checked by sipp as the supervisor's phone (seat 9001): the gateway's INVITE carries
 * {@code Call-Info: <sip:127.0.0.1:PORT>;answer-after=0}, {@code From: "Monitor 1001" <sip:monitor@...>} and a PCMU
 * offer; when the customer hangs up, MonitorEnded CALL_ENDED comes before CallCleared and the supervisor's phone
 * gets its BYE. While the phone rings, a second StartMonitor and a SetMonitorMode are refused and StopMonitor
 * CANCELs the ring. The link's Snapshot names the session while it rings (CALLING) and talks (ACTIVE, its mode),
 * and no longer once it is stopped.
 */
class MonitorSippTest extends SippGatewayTest {

    @Test
    void monitorInviteCarriesAutoAnswerAndEndsWithTheCall() throws Exception {
        int agentPort = FreePorts.udpAndTcp();
        int supervisorPort = FreePorts.udpAndTcp();
        try (Sipp agent = Sipp.start("/b2bua/sipp/agent-answer.xml", agentPort, null, Map.of());
             Sipp supervisor = Sipp.start("/b2bua/sipp/supervisor-monitor-answer.xml", supervisorPort, null,
                     Map.of())) {
            h.registerAgent(agentPort);
            h.registerAgent("9001", "demo-sip-9001", supervisorPort, 300);
            try (Sipp caller = h.call(GatewayHarness.SERVICE_NUMBER, 4000)) {
                CallOffered offered = h.awaitOffered();
                deliverToAgent(offered);
                h.server.await(CallAnswered.class);
                h.server.send(new StartMonitor("m-1", offered.callId(), "supervisor", "9001", "9001",
                        MonitorMode.WHISPER));
                MonitorStarted started = h.server.await(MonitorStarted.class);
                assertThat(started.agentId()).isEqualTo("1001");
                assertThat(started.mode()).isEqualTo(MonitorMode.WHISPER);
                assertThat(snapshotOf(offered.callId()).monitor()).as("a server that reconnects now learns of it")
                        .isEqualTo(new Snapshot.MonitorSnapshot("m-1", "supervisor", "9001", MonitorMode.WHISPER,
                                Snapshot.MonitorSnapshotState.ACTIVE));
                h.server.await(CallCleared.class);
                List<LinkEvent> order = h.server.received(LinkEvent.class).stream()
                        .filter(e -> e instanceof MonitorEnded || e instanceof CallCleared).toList();
                assertThat(order).hasSize(2);
                assertThat(((MonitorEnded) order.get(0)).reason()).isEqualTo(MonitorEndReason.CALL_ENDED);
                assertThat(((CallCleared) order.get(1)).cause()).isEqualTo(ClearCause.CALLER_HANGUP);
                supervisor.assertPassed(Duration.ofSeconds(15));
                agent.assertPassed(Duration.ofSeconds(15));
                caller.assertPassed(Duration.ofSeconds(15));
            }
        }
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).isZero();
        assertThat(h.gateway.b2bua().metrics().monitorsActive()).isZero();
    }
    @Test
    void whileThePhoneRingsTheModeCannotChangeAndStopCancelsIt() throws Exception {
        int agentPort = FreePorts.udpAndTcp();
        int supervisorPort = FreePorts.udpAndTcp();
        try (Sipp agent = Sipp.start("/b2bua/sipp/agent-answer.xml", agentPort, null, Map.of());
             Sipp supervisor = Sipp.start("/b2bua/sipp/agent-noanswer.xml", supervisorPort, null, Map.of())) {
            h.registerAgent(agentPort);
            h.registerAgent("9001", "demo-sip-9001", supervisorPort, 300);
            try (Sipp caller = h.call(GatewayHarness.SERVICE_NUMBER, 4000)) {
                CallOffered offered = h.awaitOffered();
                deliverToAgent(offered);
                h.server.await(CallAnswered.class);
                String callId = offered.callId();
                h.server.send(new StartMonitor("m-1", callId, "supervisor", "9001", "9001", MonitorMode.LISTEN));
                // a second monitor of the same call is refused while the first one rings
                long again = h.server.send(new StartMonitor("m-2", callId, "supervisor", "9001", "9001",
                        MonitorMode.LISTEN));
                assertThat(h.server.await(CommandRejected.class, r -> r.commandSeq() == again).reason())
                        .isEqualTo(RejectReason.INVALID_STATE);
                long early = h.server.send(new SetMonitorMode("m-1", callId, MonitorMode.BARGE));
                assertThat(h.server.await(CommandRejected.class, r -> r.commandSeq() == early).reason())
                        .as("no mode change while the supervisor's phone rings").isEqualTo(RejectReason.INVALID_STATE);
                Snapshot.CallSnapshot ringing = snapshotOf(callId);
                assertThat(ringing.monitor()).isEqualTo(new Snapshot.MonitorSnapshot("m-1", "supervisor", "9001",
                        MonitorMode.LISTEN, Snapshot.MonitorSnapshotState.CALLING));
                assertThat(ringing.agentId()).isEqualTo("1001");
                // at once, probably before the phone's 180: the gateway CANCELs as soon as it may (RFC 3261 9.1)
                h.server.send(new StopMonitor("m-1", callId));
                assertThat(h.server.await(MonitorEnded.class).reason()).isEqualTo(MonitorEndReason.STOPPED);
                assertThat(snapshotOf(callId).monitor()).as("an ended session is not listed").isNull();
                supervisor.assertPassed(Duration.ofSeconds(15)); // CANCEL, 200, 487, ACK
                assertThat(h.server.received(MonitorStarted.class)).isEmpty();
                h.server.await(CallCleared.class);
                agent.assertPassed(Duration.ofSeconds(15));
                caller.assertPassed(Duration.ofSeconds(15));
            }
        }
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).isZero();
    }

    /** The call as the gateway's next Snapshot on the link shows it (asked for with RequestSnapshot). */
    private Snapshot.CallSnapshot snapshotOf(String callId) {
        int before = h.server.received(Snapshot.class).size();
        h.server.send(new RequestSnapshot());
        Snapshot snapshot = h.server.awaitCount(Snapshot.class, before + 1).get(before);
        return snapshot.calls().stream().filter(c -> c.callId().equals(callId)).findFirst().orElseThrow();
    }
}
