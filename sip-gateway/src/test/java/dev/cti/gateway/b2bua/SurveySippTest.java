package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.QueueConfig;
import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallInSurvey;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallTransferred;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DtmfReceived;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.Leg;
import dev.cti.link.message.PlayPrompts;
import dev.cti.link.message.PromptsPlayed;
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.SurveyLeft;
import dev.cti.link.message.TargetKind;
import dev.cti.link.message.Transfer;
import dev.cti.link.message.TransferOutcome;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway's side of the satisfaction survey (issue 17) with real SIP peers (sipp as trunk and as the agent's phone)
 * and the customer's RTP (a Java phone sending RFC 4733 keys): the agent hangs up, the call is cleared AGENT_HANGUP
 * for the server but the customer's leg stays ({@link CallInSurvey} naming the agent, in no snapshot); the survey's
 * prompt is heard, a key reaches the server, the thank-you plays, HangUp ends it with no second CallCleared. A
 * customer who hangs up in the survey is reported {@link SurveyLeft}; a transfer to the survey clears the call
 * TRANSFERRED and keeps the customer the same way.
 */
class SurveySippTest extends SippGatewayTest {

    private QueueConfig.Survey survey() {
        return h.config.queue("service").orElseThrow().survey().orElseThrow();
    }

    @Test
    void theCustomerStaysForTheSurveyWhenTheAgentHangsUpAndRatesByKey() throws Exception {
        h.close();
        h = GatewayHarness.withConfig(c -> c.withSurveyAfterHangUp("service"));
        try (RtpParty customer = new RtpParty(440);
             RtpParty agentRtp = new RtpParty(880);
             Sipp phone = phone(agentRtp);
             Sipp caller = caller(customer, 30_000)) {
            CallOffered offered = h.awaitOffered();
            deliverToAgent(offered);
            awaitAnswered(phone);
            CallCleared cleared = h.server.await(CallCleared.class); // the phone hangs up after 2.5 s
            assertThat(cleared.cause()).isEqualTo(ClearCause.AGENT_HANGUP);
            CallInSurvey inSurvey = h.server.await(CallInSurvey.class);
            assertThat(inSurvey.callId()).isEqualTo(offered.callId());
            assertThat(inSurvey.queueId()).isEqualTo("service");
            assertThat(inSurvey.agentId()).isEqualTo("1001");
            h.server.send(new dev.cti.link.message.RequestSnapshot());
            Snapshot snap = h.server.await(Snapshot.class);
            assertThat(snap.calls()).as("a cleared call is in no snapshot").isEmpty();

            long before = System.nanoTime();
            h.server.send(new PlayPrompts(inSurvey.callId(), "s-1", List.of(survey().prompt())));
            await().atMost(Duration.ofSeconds(5)).until(() -> RtpParty.rms(customer.heardBetween(before,
                    System.nanoTime())) > 500);
            customer.pressKey(101, 4);
            DtmfReceived key = h.server.await(DtmfReceived.class);
            assertThat(key.callId()).isEqualTo(inSurvey.callId());
            assertThat(key.leg()).isEqualTo(Leg.CALLER);
            assertThat(key.digit()).isEqualTo("4");
            h.server.send(new PlayPrompts(inSurvey.callId(), "s-2", List.of(survey().thankYouPrompt())));
            assertThat(h.server.await(PromptsPlayed.class, p -> p.playId().equals("s-2")).callId())
                    .isEqualTo(inSurvey.callId());
            h.server.send(new HangUp(inSurvey.callId(), ClearCause.SERVER_HANGUP));
            h.awaitNoCalls();
            assertThat(h.server.received(CallCleared.class)).as("cleared once, when the agent left").hasSize(1);
        }
        assertThat(h.gateway.b2bua().metrics().unexpectedCount()).isZero();
    }

    @Test
    void aTransferToTheSurveyKeepsTheCustomerAndACustomerWhoHangsUpIsReported() throws Exception {
        try (RtpParty customer = new RtpParty(440);
             RtpParty agentRtp = new RtpParty(880);
             Sipp phone = phone(agentRtp);
             Sipp caller = caller(customer, 6_000)) {
            CallOffered offered = h.awaitOffered();
            deliverToAgent(offered);
            awaitAnswered(phone);
            h.server.send(new Transfer(offered.callId(), TargetKind.SURVEY, "service"));
            CallTransferred transferred = h.server.await(CallTransferred.class);
            assertThat(transferred.outcome()).isEqualTo(TransferOutcome.COMPLETED);
            assertThat(transferred.kind()).isEqualTo(TargetKind.SURVEY);
            assertThat(h.server.await(CallCleared.class).cause()).isEqualTo(ClearCause.TRANSFERRED);
            CallInSurvey inSurvey = h.server.await(CallInSurvey.class);
            assertThat(inSurvey.agentId()).isEqualTo("1001");
            h.server.send(new PlayPrompts(inSurvey.callId(), "s-1", List.of(survey().prompt())));
            // the customer's sipp hangs up 6 s after its answer, with no key pressed
            assertThat(h.server.await(SurveyLeft.class).callId()).isEqualTo(inSurvey.callId());
            h.awaitNoCalls();
        }
    }

    private Sipp phone(RtpParty rtp) throws Exception {
        int port = FreePorts.udpAndTcp();
        Sipp sipp = Sipp.start("/b2bua/sipp/agent-media-hangs-up.xml", port, null,
                Map.of("rtpport", Integer.toString(rtp.port())));
        h.registerAgent(port);
        return sipp;
    }

    private Sipp caller(RtpParty rtp, long talkMillis) {
        return Sipp.start("/b2bua/sipp/caller-media.xml", FreePorts.udpAndTcp(), h.target(),
                Map.of("rtpport", Integer.toString(rtp.port())), "-s", GatewayHarness.SERVICE_NUMBER,
                "-d", Long.toString(talkMillis));
    }
}
