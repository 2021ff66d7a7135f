package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CancelConsult;
import dev.cti.link.message.Conference;
import dev.cti.link.message.Consult;
import dev.cti.link.message.ConsultProgress;
import dev.cti.link.message.ConsultState;
import dev.cti.link.message.MonitorEndReason;
import dev.cti.link.message.MonitorEnded;
import dev.cti.link.message.MonitorMode;
import dev.cti.link.message.MonitorModeChanged;
import dev.cti.link.message.MonitorStarted;
import dev.cti.link.message.RejectReason;
import dev.cti.link.message.SetMonitorMode;
import dev.cti.link.message.StartMonitor;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A supervisor monitoring an agent who consults (issue 18), checked by tone with plain Java RTP phones: customer
 * 440 Hz, agent 1001 880 Hz, consulted agent 1002 620 Hz, supervisor seat 9001 1000 Hz. The monitored conversation is
 * the agent's private talk with the consulted party; the held customer hears music and never the supervisor. LISTEN:
 * the supervisor hears the agent and the consulted party, neither hears it. WHISPER: only the agent hears it. BARGE:
 * the agent and the consulted party both do. TAKEOVER is refused during a consult, and no monitor starts during a
 * conference; the consult's end ends the session (CALL_MOVED) and the supervisor's phone gets its BYE.
 */
class ConsultMonitorSippTest extends ConsultSippBase {
    private static final String SUPERVISOR_EXT = "9001";

    @Test
    void theSupervisorListensWhispersToTheAgentOnlyAndBargesIntoTheConsult() throws Exception {
        try (RtpParty callerRtp = new RtpParty(440);
             RtpParty agentRtp = new RtpParty(880);
             RtpParty targetRtp = new RtpParty(620);
             RtpParty supervisorRtp = new RtpParty(1000);
             Sipp agent = phone("agent-media-talks.xml", GatewayHarness.AGENT_EXT, agentRtp);
             Sipp target = phone("agent-media-talks.xml", TARGET_EXT, targetRtp);
             Sipp supervisor = phone("agent-media-talks.xml", SUPERVISOR_EXT, supervisorRtp);
             Sipp caller = caller(callerRtp, 16000)) {
            String callId = connect(agent);
            h.server.send(new Consult(callId, TARGET_EXT, TARGET_EXT, null));
            h.server.await(ConsultProgress.class, p -> p.state() == ConsultState.CONNECTED);
            long takeOver = h.server.send(new StartMonitor("m-0", callId, "supervisor", SUPERVISOR_EXT,
                    SUPERVISOR_EXT, MonitorMode.TAKEOVER));
            assertThat(rejection(takeOver).reason()).as("no take-over of a consult")
                    .isEqualTo(RejectReason.INVALID_STATE);

            h.server.send(new StartMonitor("m-1", callId, "supervisor", SUPERVISOR_EXT, SUPERVISOR_EXT,
                    MonitorMode.LISTEN));
            assertThat(h.server.await(MonitorStarted.class).agentId()).isEqualTo("1001");
            Heard listen = heard(callerRtp, agentRtp, targetRtp, supervisorRtp);
            assertThat(MonitorBaresipTest.share(listen.supervisor, 880)).as("listen: the agent").isGreaterThan(0.25);
            assertThat(MonitorBaresipTest.share(listen.supervisor, 620)).as("and the consulted agent")
                    .isGreaterThan(0.25);
            assertThat(MonitorBaresipTest.share(listen.supervisor, 440)).as("not the held customer").isLessThan(0.05);
            assertThat(MonitorBaresipTest.share(listen.agent, 1000)).as("the agent does not hear it").isLessThan(0.05);
            assertThat(MonitorBaresipTest.share(listen.agent, 620)).as("but the consulted agent").isGreaterThan(0.6);
            assertThat(MonitorBaresipTest.share(listen.target, 1000)).isLessThan(0.05);
            assertThat(MonitorBaresipTest.share(listen.target, 880)).isGreaterThan(0.6);
            listen.customerHearsNobody();

            h.server.send(new SetMonitorMode("m-1", callId, MonitorMode.WHISPER));
            h.server.await(MonitorModeChanged.class, m -> m.mode() == MonitorMode.WHISPER);
            Heard whisper = heard(callerRtp, agentRtp, targetRtp, supervisorRtp);
            assertThat(MonitorBaresipTest.share(whisper.agent, 1000)).as("whisper: the agent hears the supervisor")
                    .isGreaterThan(0.25);
            assertThat(MonitorBaresipTest.share(whisper.agent, 620)).as("and the consulted agent").isGreaterThan(0.25);
            assertThat(MonitorBaresipTest.share(whisper.target, 1000)).as("the consulted agent does not")
                    .isLessThan(0.05);
            assertThat(MonitorBaresipTest.share(whisper.target, 880)).isGreaterThan(0.6);
            whisper.customerHearsNobody();

            long takeOverNow = h.server.send(new SetMonitorMode("m-1", callId, MonitorMode.TAKEOVER));
            assertThat(rejection(takeOverNow).reason()).isEqualTo(RejectReason.INVALID_STATE);
            h.server.send(new SetMonitorMode("m-1", callId, MonitorMode.BARGE));
            h.server.await(MonitorModeChanged.class, m -> m.mode() == MonitorMode.BARGE);
            Heard barge = heard(callerRtp, agentRtp, targetRtp, supervisorRtp);
            assertThat(MonitorBaresipTest.share(barge.agent, 1000)).as("barge: the agent hears the supervisor")
                    .isGreaterThan(0.25);
            assertThat(MonitorBaresipTest.share(barge.target, 1000)).as("and so does the consulted agent")
                    .isGreaterThan(0.25);
            assertThat(MonitorBaresipTest.share(barge.target, 880)).isGreaterThan(0.25);
            assertThat(MonitorBaresipTest.share(barge.supervisor, 880) + MonitorBaresipTest.share(barge.supervisor,
                    620)).as("the supervisor hears both").isGreaterThan(0.6);
            barge.customerHearsNobody();

            h.server.send(new CancelConsult(callId));
            assertThat(h.server.await(MonitorEnded.class).reason()).isEqualTo(MonitorEndReason.CALL_MOVED);
            h.server.await(ConsultProgress.class, p -> p.state() == ConsultState.CANCELLED);
            supervisor.assertPassed(Duration.ofSeconds(10)); // the supervisor's phone got its BYE
            target.assertPassed(Duration.ofSeconds(10));
            long back = System.nanoTime();
            awaitMillis(1500);
            short[] callerBack = callerRtp.heardBetween(back + 400 * MS, back + 1400 * MS);
            assertThat(MonitorBaresipTest.share(callerBack, 880)).as("the customer hears the agent again")
                    .isGreaterThan(0.6);
            h.server.await(CallCleared.class);
            agent.assertPassed(Duration.ofSeconds(20));
            caller.assertPassed(Duration.ofSeconds(20));
        }
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).isZero();
        assertThat(h.gateway.b2bua().metrics().monitorsActive()).isZero();
    }

    @Test
    void noMonitorStartsDuringAConference() throws Exception {
        try (RtpParty callerRtp = new RtpParty(440);
             RtpParty agentRtp = new RtpParty(880);
             RtpParty targetRtp = new RtpParty(620);
             Sipp agent = phone("agent-media-talks.xml", GatewayHarness.AGENT_EXT, agentRtp);
             Sipp target = phone("agent-media-talks.xml", TARGET_EXT, targetRtp);
             Sipp caller = caller(callerRtp, 5000)) {
            String callId = connect(agent);
            h.server.send(new Consult(callId, TARGET_EXT, TARGET_EXT, null));
            h.server.await(ConsultProgress.class, p -> p.state() == ConsultState.CONNECTED);
            h.server.send(new Conference(callId));
            h.server.await(ConsultProgress.class, p -> p.state() == ConsultState.CONFERENCED);
            // the supervisor's phone is registered (else UNKNOWN_EXTENSION); it is never called
            h.registerAgent(SUPERVISOR_EXT, "demo-sip-" + SUPERVISOR_EXT, FreePorts.udpAndTcp(), 300);
            long start = h.server.send(new StartMonitor("m-1", callId, "supervisor", SUPERVISOR_EXT, SUPERVISOR_EXT,
                    MonitorMode.LISTEN));
            assertThat(rejection(start).reason()).isEqualTo(RejectReason.INVALID_STATE);
            h.server.await(CallCleared.class);
            target.assertPassed(Duration.ofSeconds(15));
            agent.assertPassed(Duration.ofSeconds(15));
            caller.assertPassed(Duration.ofSeconds(15));
        }
        h.awaitNoCalls();
    }

    /** What each party heard over one second, from 400 ms after now (the mixer's change settled). */
    private record Heard(short[] customer, short[] agent, short[] target, short[] supervisor) {
        void customerHearsNobody() {
            assertThat(RtpParty.rms(customer)).as("the customer hears music").isGreaterThan(200);
            for (int hz : new int[] {880, 620, 1000}) {
                assertThat(MonitorBaresipTest.share(customer, hz)).as("the held customer does not hear " + hz + " Hz")
                        .isLessThan(0.05);
            }
        }
    }

    private static Heard heard(RtpParty customer, RtpParty agent, RtpParty target, RtpParty supervisor) {
        long from = System.nanoTime() + 400 * MS;
        awaitMillis(1500);
        long to = from + 1000 * MS;
        return new Heard(customer.heardBetween(from, to), agent.heardBetween(from, to),
                target.heardBetween(from, to), supervisor.heardBetween(from, to));
    }
}
