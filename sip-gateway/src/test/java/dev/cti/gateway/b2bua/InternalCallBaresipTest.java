package dev.cti.gateway.b2bua;

import static dev.cti.gateway.b2bua.MonitorBaresipTest.AGENT;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.CUSTOMER;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.SUPERVISOR;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.T;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.assertHears;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.next;
import static dev.cti.gateway.b2bua.MonitorBaresipTest.seat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.link.message.CallCleared;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.RejectReason;
import dev.cti.link.message.Snapshot;
import dev.cti.testpeers.Baresip;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An internal call by signal (issue 18): the scripted CTI server sends an internal Originate from agent 1001
 * (baresip, 880 Hz, auto-answer) to the supervisor's seat 9001 (baresip, 1320 Hz, auto-answer). The gateway rings
 * 1001, then 9001's registered phone, not the trunk (no trunk peer exists in this test), bridges the two through
 * its own RTP legs, and Goertzel on what each phone recorded proves each hears the other and not itself. The
 * callee's hang-up clears the call. An internal call to a seat without a registered phone is refused.
 */
class InternalCallBaresipTest {
    @TempDir
    Path dir;
    private GatewayHarness h;
    private Baresip caller;
    private Baresip callee;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {caller, callee, h}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void twoRegisteredPhonesTalkThroughTheGatewaysMedia() throws Exception {
        Baresip.require();
        h = new GatewayHarness(60);
        caller = seat(h, dir, "agent", "1001", "auto", AGENT);
        callee = seat(h, dir, "supervisor", "9001", "auto", SUPERVISOR);

        h.server.send(Originate.internal("dial-1", "1001", "1001", "9001", "9001"));
        OriginateProgress connected = h.server.await(OriginateProgress.class,
                p -> p.requestId().equals("dial-1") && p.state() == OriginateState.CONNECTED);
        String callId = connected.callId();
        assertThat(h.server.received(OriginateProgress.class).stream()
                .filter(p -> p.requestId().equals("dial-1")).map(OriginateProgress::state))
                .containsSubsequence(OriginateState.DIALING, OriginateState.CONNECTED);
        caller.awaitNth("CALL_ESTABLISHED", 1, T);
        var established = callee.awaitNth("CALL_ESTABLISHED", 1, T);
        assertThat(established.getString("peeruri")).as("the colleague sees the caller's extension")
                .isEqualTo("sip:1001@cti.local");
        next(callee, 300, 0.2);
        next(caller, 0, 0.2);
        assertHears(callee, "callee 9001", List.of(AGENT), List.of(SUPERVISOR, CUSTOMER), 0);
        assertHears(caller, "caller 1001", List.of(SUPERVISOR), List.of(AGENT, CUSTOMER), 0);

        Snapshot.CallSnapshot view = h.gateway.b2bua().snapshot().calls().stream()
                .filter(c -> c.callId().equals(callId)).findFirst().orElseThrow();
        assertThat(view.queueId()).as("not a queue call").isNull();
        assertThat(view.agentId()).isEqualTo("1001");
        assertThat(view.callerNumber()).as("the far end is the colleague's extension").isEqualTo("9001");
        assertThat(view.answeredAt()).isNotNull();

        callee.command("hangup", "");
        assertThat(h.server.await(CallCleared.class, e -> e.callId().equals(callId)).cause())
                .isEqualTo(ClearCause.CALLER_HANGUP);
        caller.awaitNth("CALL_CLOSED", 1, T);
        h.awaitNoCalls();

        // a colleague whose phone is not registered: refused, nothing rings
        h.server.send(Originate.internal("dial-2", "1001", "1001", "1002", "1002"));
        assertThat(h.server.await(CommandRejected.class, r -> r.commandType().equals("Originate")).reason())
                .isEqualTo(RejectReason.UNKNOWN_EXTENSION);
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).as("no unexpected state machine events").isZero();
    }
}
