package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.AgentRingFailed;
import dev.cti.link.message.AgentRinging;
import dev.cti.link.message.AnswerCall;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.RejectReason;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Remote answer (AnswerCall): the gateway sends the ringing phone a NOTIFY with Event: talk. A sipp phone that
 * accepts it (200, then 200 OK to the INVITE) gives CallAnswered; one without remote answer (489 Bad Event, as
 * baresip) gives CommandRejected PHONE_REFUSED and keeps ringing. The sipp phones check the NOTIFY's headers.
 */
class RemoteAnswerSippTest extends SippGatewayTest {

    @Test
    void aPhoneThatAcceptsNotifyTalkAnswersTheCall() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (Sipp phone = Sipp.start("/b2bua/sipp/agent-answers-notify-talk.xml", phonePort, null, Map.of())) {
            h.registerAgent(phonePort);
            try (Sipp caller = h.call(GatewayHarness.SERVICE_NUMBER, 1500)) {
                CallOffered offered = h.awaitOffered();
                deliverToAgent(offered);
                h.server.await(AgentRinging.class);
                long seq = h.server.send(new AnswerCall(offered.callId()));
                CallAnswered answered = h.server.await(CallAnswered.class);
                assertThat(answered.callId()).isEqualTo(offered.callId());
                assertThat(answered.agentId()).isEqualTo("1001");
                assertThat(h.server.await(CallCleared.class).cause()).isEqualTo(ClearCause.CALLER_HANGUP);
                assertThat(h.server.received(CommandRejected.class)).noneMatch(r -> r.commandSeq() == seq);
                phone.assertPassed(Duration.ofSeconds(15));
                caller.assertPassed(Duration.ofSeconds(15));
            }
        }
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).isZero();
    }

    @Test
    void aPhoneWithoutRemoteAnswerIsReportedAsRefusingAndKeepsRinging() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (Sipp phone = Sipp.start("/b2bua/sipp/agent-refuses-notify-talk.xml", phonePort, null, Map.of())) {
            h.registerAgent(phonePort);
            try (Sipp caller = h.callAwaitingBye(GatewayHarness.SERVICE_NUMBER)) {
                CallOffered offered = h.awaitOffered();
                deliverToAgent(offered);
                h.server.await(AgentRinging.class);
                long seq = h.server.send(new AnswerCall(offered.callId()));
                CommandRejected refused = h.server.await(CommandRejected.class, r -> r.commandSeq() == seq);
                assertThat(refused.reason()).isEqualTo(RejectReason.PHONE_REFUSED);
                assertThat(refused.commandType()).isEqualTo("AnswerCall");
                assertThat(refused.callId()).isEqualTo(offered.callId());
                assertThat(h.server.received(CallAnswered.class)).isEmpty();
                assertThat(h.server.received(AgentRingFailed.class)).as("still ringing").isEmpty();

                h.server.send(new HangUp(offered.callId(), ClearCause.SERVER_HANGUP));
                assertThat(h.server.await(CallCleared.class).cause()).isEqualTo(ClearCause.SERVER_HANGUP);
                phone.assertPassed(Duration.ofSeconds(15));
                caller.assertPassed(Duration.ofSeconds(15));
            }
        }
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).isZero();
    }
}
