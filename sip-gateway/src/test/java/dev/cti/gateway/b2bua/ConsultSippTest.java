package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.CallState;
import dev.cti.link.message.CancelConsult;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.CompleteConsult;
import dev.cti.link.message.Conference;
import dev.cti.link.message.Consult;
import dev.cti.link.message.ConsultProgress;
import dev.cti.link.message.ConsultState;
import dev.cti.link.message.HoldCall;
import dev.cti.link.message.RejectReason;
import dev.cti.link.message.RequestSnapshot;
import dev.cti.link.message.ResumeCall;
import dev.cti.link.message.Snapshot;
import dev.cti.protocol.audio.Goertzel;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Consult and attended transfer through the server (Consult, CompleteConsult, CancelConsult), checked by tone with
 * the plain Java RTP phones: the customer sends 440 Hz, the first agent (1001) 880 Hz, the consulted agent (1002)
 * 620 Hz. During the consult the customer hears music and neither agent, the agents hear each other; after
 * completion the customer and the consulted agent hear each other and the first agent's phone got its BYE; a cancel
 * gives the customer back to the first agent; the consulted agent hanging up leaves the customer held until resumed.
 * In a conference each party hears the other two; when the consulted agent or the first agent leaves, the two
 * others still hear each other. A consult to a queue first waits (the agent hears the queue's greeting and music, not
 * the customer), then calls the agent the server picked; a cancel while waiting gives the customer back.
 */
class ConsultSippTest extends ConsultSippBase {

    @Test
    void consultThenCompleteJoinsTheCustomerAndTheConsultedAgent() throws Exception {
        try (RtpParty callerRtp = new RtpParty(440);
             RtpParty agentRtp = new RtpParty(880);
             RtpParty targetRtp = new RtpParty(620);
             Sipp agent = phone("agent-media-talks.xml", GatewayHarness.AGENT_EXT, agentRtp);
             Sipp target = phone("agent-media-talks.xml", TARGET_EXT, targetRtp);
             Sipp caller = caller(callerRtp, 8000)) {
            String callId = connect(agent);
            long tooEarly = h.server.send(new CompleteConsult(callId));
            assertThat(rejection(tooEarly).reason()).isEqualTo(RejectReason.INVALID_STATE);

            h.server.send(new Consult(callId, TARGET_EXT, TARGET_EXT, null));
            assertThat(h.server.await(CallHeld.class).agentId()).isEqualTo("1001");
            ConsultProgress connected = h.server.await(ConsultProgress.class,
                    p -> p.state() == ConsultState.CONNECTED);
            long consulting = System.nanoTime();
            assertThat(connected.agentId()).isEqualTo("1001");
            assertThat(connected.targetAgentId()).isEqualTo(TARGET_EXT);
            long hold = h.server.send(new HoldCall(callId));
            assertThat(rejection(hold).reason()).isEqualTo(RejectReason.INVALID_STATE);
            h.server.send(new RequestSnapshot());
            assertThat(h.server.await(Snapshot.class, s -> !s.calls().isEmpty()).calls().get(0).state())
                    .isEqualTo(CallState.HELD);

            awaitMillis(1800);
            h.server.send(new CompleteConsult(callId));
            ConsultProgress completed = h.server.await(ConsultProgress.class,
                    p -> p.state() == ConsultState.COMPLETED);
            long joined = System.nanoTime();
            assertThat(completed.targetAgentId()).isEqualTo(TARGET_EXT);
            agent.assertPassed(Duration.ofSeconds(10)); // the first agent's phone got its BYE
            h.server.send(new RequestSnapshot());
            Snapshot.CallSnapshot after = h.server.await(Snapshot.class,
                    s -> !s.calls().isEmpty() && TARGET_EXT.equals(s.calls().get(0).agentId())).calls().get(0);
            assertThat(after.state()).isEqualTo(CallState.CONNECTED);
            assertThat(after.heldAt()).isNull();

            awaitMillis(1600);
            short[] callerConsult = callerRtp.heardBetween(consulting + 300 * MS, consulting + 1600 * MS);
            short[] agentConsult = agentRtp.heardBetween(consulting + 300 * MS, consulting + 1600 * MS);
            short[] targetConsult = targetRtp.heardBetween(consulting + 300 * MS, consulting + 1600 * MS);
            assertThat(RtpParty.rms(callerConsult)).as("the customer hears music").isGreaterThan(200);
            assertThat(Goertzel.relativePower(callerConsult, 880)).as("the customer does not hear the agent")
                    .isLessThan(0.05);
            assertThat(Goertzel.relativePower(callerConsult, 620)).as("nor the consulted agent").isLessThan(0.05);
            assertThat(Goertzel.relativePower(agentConsult, 620)).as("the agent hears the consulted agent")
                    .isGreaterThan(0.6);
            assertThat(Goertzel.relativePower(targetConsult, 880)).as("the consulted agent hears the agent")
                    .isGreaterThan(0.6);

            short[] callerJoined = callerRtp.heardBetween(joined + 400 * MS, joined + 1400 * MS);
            short[] targetJoined = targetRtp.heardBetween(joined + 400 * MS, joined + 1400 * MS);
            assertThat(Goertzel.relativePower(callerJoined, 620)).as("the customer hears the consulted agent")
                    .isGreaterThan(0.6);
            assertThat(Goertzel.relativePower(targetJoined, 440)).as("the consulted agent hears the customer")
                    .isGreaterThan(0.6);

            h.server.await(CallCleared.class);
            target.assertPassed(Duration.ofSeconds(15));
            caller.assertPassed(Duration.ofSeconds(15));
        }
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).isZero();
    }

    @Test
    void aConsultToAQueueWaitsWithItsMusicThenCallsTheAgentTheServerPicked() throws Exception {
        try (RtpParty callerRtp = new RtpParty(440);
             RtpParty agentRtp = new RtpParty(880);
             RtpParty targetRtp = new RtpParty(620);
             Sipp agent = phone("agent-media-talks.xml", GatewayHarness.AGENT_EXT, agentRtp);
             Sipp target = phone("agent-media-talks.xml", TARGET_EXT, targetRtp);
             Sipp caller = caller(callerRtp, 9000)) {
            String callId = connect(agent);
            long wrongQueue = h.server.send(new Consult(callId, TARGET_EXT, TARGET_EXT, null, "service"));
            assertThat(rejection(wrongQueue).reason()).as("not waiting").isEqualTo(RejectReason.INVALID_STATE);
            h.server.send(Consult.queue(callId, "service"));
            assertThat(h.server.await(CallHeld.class).agentId()).isEqualTo("1001");
            assertThat(h.server.await(ConsultProgress.class, p -> p.state() == ConsultState.QUEUED).targetAgentId())
                    .isNull();
            long waiting = System.nanoTime();
            awaitMillis(1600);
            short[] agentWaits = agentRtp.heardBetween(waiting + 300 * MS, waiting + 1500 * MS);
            short[] callerWaits = callerRtp.heardBetween(waiting + 300 * MS, waiting + 1500 * MS);
            assertThat(RtpParty.rms(agentWaits)).as("the agent hears the queue's greeting or music").isGreaterThan(200);
            assertThat(Goertzel.relativePower(agentWaits, 440)).as("not the customer").isLessThan(0.05);
            assertThat(RtpParty.rms(callerWaits)).as("the customer hears music").isGreaterThan(200);
            assertThat(Goertzel.relativePower(callerWaits, 880)).as("not the agent").isLessThan(0.05);

            h.server.send(new Consult(callId, TARGET_EXT, TARGET_EXT, null, "service")); // the ACD's pick
            assertThat(h.server.await(ConsultProgress.class, p -> p.state() == ConsultState.CONNECTED)
                    .targetAgentId()).isEqualTo(TARGET_EXT);
            long consulting = System.nanoTime();
            awaitMillis(1600);
            short[] agentConsult = agentRtp.heardBetween(consulting + 300 * MS, consulting + 1500 * MS);
            short[] targetConsult = targetRtp.heardBetween(consulting + 300 * MS, consulting + 1500 * MS);
            short[] callerConsult = callerRtp.heardBetween(consulting + 300 * MS, consulting + 1500 * MS);
            assertThat(Goertzel.relativePower(agentConsult, 620)).as("the agent hears the queue's agent")
                    .isGreaterThan(0.6);
            assertThat(Goertzel.relativePower(targetConsult, 880)).as("the queue's agent hears the agent")
                    .isGreaterThan(0.6);
            assertThat(Goertzel.relativePower(callerConsult, 880) + Goertzel.relativePower(callerConsult, 620))
                    .as("the customer hears neither agent").isLessThan(0.05);

            h.server.send(new CompleteConsult(callId));
            assertThat(h.server.await(ConsultProgress.class, p -> p.state() == ConsultState.COMPLETED)
                    .targetAgentId()).isEqualTo(TARGET_EXT);
            long joined = System.nanoTime();
            agent.assertPassed(Duration.ofSeconds(10)); // the first agent's phone got its BYE
            awaitMillis(1500);
            short[] callerJoined = callerRtp.heardBetween(joined + 300 * MS, joined + 1300 * MS);
            short[] targetJoined = targetRtp.heardBetween(joined + 300 * MS, joined + 1300 * MS);
            assertThat(Goertzel.relativePower(callerJoined, 620)).as("the customer hears the queue's agent")
                    .isGreaterThan(0.6);
            assertThat(Goertzel.relativePower(targetJoined, 440)).as("the queue's agent hears the customer")
                    .isGreaterThan(0.6);
            h.server.await(CallCleared.class);
            target.assertPassed(Duration.ofSeconds(15));
            caller.assertPassed(Duration.ofSeconds(15));
        }
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).isZero();
    }

    @Test
    void aConsultWaitingInAQueueIsCancelledBackToTheCustomer() throws Exception {
        try (RtpParty callerRtp = new RtpParty(440);
             RtpParty agentRtp = new RtpParty(880);
             Sipp agent = phone("agent-media-talks.xml", GatewayHarness.AGENT_EXT, agentRtp);
             Sipp caller = caller(callerRtp, 6000)) {
            String callId = connect(agent);
            h.server.send(Consult.queue(callId, "service"));
            h.server.await(ConsultProgress.class, p -> p.state() == ConsultState.QUEUED);
            awaitMillis(800);
            h.server.send(new CancelConsult(callId));
            h.server.await(ConsultProgress.class, p -> p.state() == ConsultState.CANCELLED);
            assertThat(h.server.await(CallResumed.class).agentId()).isEqualTo("1001");
            long back = System.nanoTime();
            awaitMillis(1500);
            short[] callerBack = callerRtp.heardBetween(back + 400 * MS, back + 1400 * MS);
            short[] agentBack = agentRtp.heardBetween(back + 400 * MS, back + 1400 * MS);
            assertThat(Goertzel.relativePower(callerBack, 880)).as("the customer hears the agent again")
                    .isGreaterThan(0.6);
            assertThat(Goertzel.relativePower(agentBack, 440)).as("the agent hears the customer, not the queue")
                    .isGreaterThan(0.6);
            h.server.await(CallCleared.class);
            agent.assertPassed(Duration.ofSeconds(15));
            caller.assertPassed(Duration.ofSeconds(15));
        }
        h.awaitNoCalls();
    }

    @Test
    void cancelGivesTheCustomerBackToTheAgent() throws Exception {
        try (RtpParty callerRtp = new RtpParty(440);
             RtpParty agentRtp = new RtpParty(880);
             RtpParty targetRtp = new RtpParty(620);
             Sipp agent = phone("agent-media-talks.xml", GatewayHarness.AGENT_EXT, agentRtp);
             Sipp target = phone("agent-media-talks.xml", TARGET_EXT, targetRtp);
             Sipp caller = caller(callerRtp, 6500)) {
            String callId = connect(agent);
            h.server.send(new Consult(callId, TARGET_EXT, TARGET_EXT, null));
            h.server.await(ConsultProgress.class, p -> p.state() == ConsultState.CONNECTED);
            awaitMillis(1000);
            h.server.send(new CancelConsult(callId));
            assertThat(h.server.await(ConsultProgress.class, p -> p.state() == ConsultState.CANCELLED)
                    .targetAgentId()).isEqualTo(TARGET_EXT);
            assertThat(h.server.await(CallResumed.class).agentId()).isEqualTo("1001");
            long back = System.nanoTime();
            target.assertPassed(Duration.ofSeconds(10)); // the consult leg got its BYE
            long twice = h.server.send(new CancelConsult(callId));
            assertThat(rejection(twice).reason()).isEqualTo(RejectReason.INVALID_STATE);

            awaitMillis(1500);
            short[] callerBack = callerRtp.heardBetween(back + 400 * MS, back + 1400 * MS);
            short[] agentBack = agentRtp.heardBetween(back + 400 * MS, back + 1400 * MS);
            assertThat(Goertzel.relativePower(callerBack, 880)).as("the customer hears the agent again")
                    .isGreaterThan(0.6);
            assertThat(Goertzel.relativePower(agentBack, 440)).as("the agent hears the customer again")
                    .isGreaterThan(0.6);
            h.server.await(CallCleared.class);
            agent.assertPassed(Duration.ofSeconds(15));
            caller.assertPassed(Duration.ofSeconds(15));
        }
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).isZero();
    }

    @Test
    void theConsultedAgentHangingUpLeavesTheCustomerHeldUntilTheAgentResumes() throws Exception {
        try (RtpParty callerRtp = new RtpParty(440);
             RtpParty agentRtp = new RtpParty(880);
             RtpParty targetRtp = new RtpParty(620);
             Sipp agent = phone("agent-media-talks.xml", GatewayHarness.AGENT_EXT, agentRtp);
             Sipp target = phone("agent-media-hangs-up.xml", TARGET_EXT, targetRtp);
             Sipp caller = caller(callerRtp, 9500)) {
            String callId = connect(agent);
            h.server.send(new Consult(callId, TARGET_EXT, TARGET_EXT, null));
            h.server.await(ConsultProgress.class, p -> p.state() == ConsultState.CONNECTED);
            h.server.await(ConsultProgress.class, p -> p.state() == ConsultState.ENDED);
            long returned = System.nanoTime();
            target.assertPassed(Duration.ofSeconds(10));
            long complete = h.server.send(new CompleteConsult(callId));
            assertThat(rejection(complete).reason()).isEqualTo(RejectReason.INVALID_STATE);
            awaitMillis(1500);
            h.server.send(new ResumeCall(callId));
            h.server.await(CallResumed.class);
            long resumed = System.nanoTime();
            awaitMillis(1500);

            short[] callerHeld = callerRtp.heardBetween(returned + 300 * MS, returned + 1300 * MS);
            short[] agentHeld = agentRtp.heardBetween(returned + 300 * MS, returned + 1300 * MS);
            assertThat(RtpParty.rms(callerHeld)).as("the customer still hears music").isGreaterThan(200);
            assertThat(Goertzel.relativePower(callerHeld, 880)).as("and not the agent").isLessThan(0.05);
            assertThat(RtpParty.rms(agentHeld)).as("the agent hears silence until it resumes").isLessThan(20);
            short[] callerAfter = callerRtp.heardBetween(resumed + 400 * MS, resumed + 1300 * MS);
            short[] agentAfter = agentRtp.heardBetween(resumed + 400 * MS, resumed + 1300 * MS);
            assertThat(Goertzel.relativePower(callerAfter, 880)).as("resumed: the customer hears the agent")
                    .isGreaterThan(0.6);
            assertThat(Goertzel.relativePower(agentAfter, 440)).as("resumed: the agent hears the customer")
                    .isGreaterThan(0.6);
            h.server.await(CallCleared.class);
            agent.assertPassed(Duration.ofSeconds(15));
            caller.assertPassed(Duration.ofSeconds(15));
        }
        h.awaitNoCalls();
    }

    @Test
    void inAConferenceEachPartyHearsTheOtherTwoAndTheTwoOthersTalkOnWhenOneLeaves() throws Exception {
        try (RtpParty callerRtp = new RtpParty(440);
             RtpParty agentRtp = new RtpParty(880);
             RtpParty targetRtp = new RtpParty(620);
             Sipp agent = phone("agent-media-talks.xml", GatewayHarness.AGENT_EXT, agentRtp);
             Sipp target = phone("agent-media-hangs-up.xml", TARGET_EXT, targetRtp);
             Sipp caller = caller(callerRtp, 8000)) {
            String callId = connect(agent);
            long early = h.server.send(new Conference(callId));
            assertThat(rejection(early).reason()).isEqualTo(RejectReason.INVALID_STATE);
            h.server.send(new Consult(callId, TARGET_EXT, TARGET_EXT, null));
            h.server.await(ConsultProgress.class, p -> p.state() == ConsultState.CONNECTED);
            h.server.send(new Conference(callId));
            h.server.await(ConsultProgress.class, p -> p.state() == ConsultState.CONFERENCED);
            h.server.await(CallResumed.class);
            long mixed = System.nanoTime();
            h.server.send(new RequestSnapshot());
            Snapshot.CallSnapshot during = h.server.await(Snapshot.class, s -> !s.calls().isEmpty()).calls().get(0);
            assertThat(during.state()).isEqualTo(CallState.CONNECTED);
            assertThat(during.heldAt()).isNull();
            long hold = h.server.send(new HoldCall(callId));
            assertThat(rejection(hold).reason()).isEqualTo(RejectReason.INVALID_STATE);

            h.server.await(ConsultProgress.class, p -> p.state() == ConsultState.ENDED); // 1002 hung up
            long left = System.nanoTime();
            target.assertPassed(Duration.ofSeconds(10));
            awaitMillis(1500);

            assertThat(left - mixed).as("the conference lasted").isGreaterThan(1200 * MS);
            // per 100 ms block, as for a barging supervisor: a frame the mixer drops or repeats is a phase jump
            short[] callerMixed = callerRtp.heardBetween(mixed + 300 * MS, left - 100 * MS);
            short[] agentMixed = agentRtp.heardBetween(mixed + 300 * MS, left - 100 * MS);
            short[] targetMixed = targetRtp.heardBetween(mixed + 300 * MS, left - 100 * MS);
            assertThat(MonitorBaresipTest.share(callerMixed, 880)).as("the customer hears the agent").isGreaterThan(0.3);
            assertThat(MonitorBaresipTest.share(callerMixed, 620)).as("and the consulted agent").isGreaterThan(0.3);
            assertThat(MonitorBaresipTest.share(agentMixed, 440)).as("the agent hears the customer").isGreaterThan(0.3);
            assertThat(MonitorBaresipTest.share(agentMixed, 620)).as("and the consulted agent").isGreaterThan(0.3);
            assertThat(MonitorBaresipTest.share(targetMixed, 440)).as("the consulted agent hears the customer")
                    .isGreaterThan(0.3);
            assertThat(MonitorBaresipTest.share(targetMixed, 880)).as("and the agent").isGreaterThan(0.3);
            short[] callerAfter = callerRtp.heardBetween(left + 400 * MS, left + 1400 * MS);
            short[] agentAfter = agentRtp.heardBetween(left + 400 * MS, left + 1400 * MS);
            assertThat(Goertzel.relativePower(callerAfter, 880)).as("then the customer hears the agent")
                    .isGreaterThan(0.6);
            assertThat(Goertzel.relativePower(agentAfter, 440)).as("and the agent the customer").isGreaterThan(0.6);
            h.server.await(CallCleared.class);
            agent.assertPassed(Duration.ofSeconds(15));
            caller.assertPassed(Duration.ofSeconds(15));
        }
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).isZero();
    }

    @Test
    void theAgentLeavesTheConferenceAndTheCustomerAndTheConsultedAgentTalkOn() throws Exception {
        try (RtpParty callerRtp = new RtpParty(440);
             RtpParty agentRtp = new RtpParty(880);
             RtpParty targetRtp = new RtpParty(620);
             Sipp agent = phone("agent-media-talks.xml", GatewayHarness.AGENT_EXT, agentRtp);
             Sipp target = phone("agent-media-talks.xml", TARGET_EXT, targetRtp);
             Sipp caller = caller(callerRtp, 7000)) {
            String callId = connect(agent);
            h.server.send(new Consult(callId, TARGET_EXT, TARGET_EXT, null));
            h.server.await(ConsultProgress.class, p -> p.state() == ConsultState.CONNECTED);
            h.server.send(new Conference(callId));
            h.server.await(ConsultProgress.class, p -> p.state() == ConsultState.CONFERENCED);
            awaitMillis(1000);
            h.server.send(new CompleteConsult(callId));
            assertThat(h.server.await(ConsultProgress.class, p -> p.state() == ConsultState.COMPLETED)
                    .targetAgentId()).isEqualTo(TARGET_EXT);
            long left = System.nanoTime();
            agent.assertPassed(Duration.ofSeconds(10)); // the agent's phone got its BYE
            awaitMillis(1500);
            short[] callerAfter = callerRtp.heardBetween(left + 400 * MS, left + 1400 * MS);
            short[] targetAfter = targetRtp.heardBetween(left + 400 * MS, left + 1400 * MS);
            assertThat(Goertzel.relativePower(callerAfter, 620)).as("the customer hears the consulted agent")
                    .isGreaterThan(0.6);
            assertThat(Goertzel.relativePower(targetAfter, 440)).as("the consulted agent hears the customer")
                    .isGreaterThan(0.6);
            h.server.send(new RequestSnapshot());
            assertThat(h.server.await(Snapshot.class, s -> !s.calls().isEmpty()).calls().get(0).agentId())
                    .isEqualTo(TARGET_EXT);
            h.server.await(CallCleared.class);
            target.assertPassed(Duration.ofSeconds(15));
            caller.assertPassed(Duration.ofSeconds(15));
        }
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).isZero();
    }

    @Test
    void consultCommandsForAnUnknownCallAreRefused() {
        long unknown = h.server.send(new Consult("c-nope", TARGET_EXT, TARGET_EXT, null));
        assertThat(rejection(unknown).reason()).isEqualTo(RejectReason.UNKNOWN_CALL);
        long complete = h.server.send(new CompleteConsult("c-nope"));
        assertThat(rejection(complete).reason()).isEqualTo(RejectReason.UNKNOWN_CALL);
        long cancel = h.server.send(new CancelConsult("c-nope"));
        assertThat(rejection(cancel).reason()).isEqualTo(RejectReason.UNKNOWN_CALL);
    }
}
