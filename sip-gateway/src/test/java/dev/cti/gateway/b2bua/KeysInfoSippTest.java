package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.gateway.sip.testing.RawSipClient;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DtmfReceived;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.Leg;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keys sent as SIP INFO (issue 17): a real trunk (sipp) and a real agent phone (sipp) hold a call, and INFO requests
 * with the dialogs' real Call-IDs and tags are sent from their host. {@code application/dtmf-relay} on the caller's
 * leg and {@code application/dtmf} on the agent's reach the server as DtmfReceived of the right leg; a malformed
 * dtmf body is answered 200 and counted, another content type 415 with Accept, an empty INFO 200, none of them a key.
 * A phone that sends a key press both as RFC 4733 and as INFO is reported once.
 */
class KeysInfoSippTest extends SippGatewayTest {
    private static final Duration ANSWER = Duration.ofSeconds(5);

    private record Dialog(String callId, String from, String to) { }

    private int cseq = 50;

    @Test
    void infoKeysOnBothLegsReachTheServerAndOtherBodiesDoNot() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (Sipp phone = Sipp.start("/b2bua/sipp/agent-answer.xml", phonePort, null, Map.of())) {
            h.registerAgent(phonePort);
            try (Sipp caller = h.callAwaitingBye(GatewayHarness.SERVICE_NUMBER);
                 RawSipClient sip = new RawSipClient("udp", h.sipPort)) {
                CallOffered offered = h.awaitOffered();
                deliverToAgent(offered);
                awaitAnswered(phone);
                Dialog callerLeg = callerLeg(caller);
                Dialog agentLeg = agentLeg(phone);

                long before = System.currentTimeMillis();
                assertAnswer(sip, callerLeg, "application/dtmf-relay", "Signal=5\r\nDuration=160\r\n", 200);
                DtmfReceived first = h.server.await(DtmfReceived.class);
                assertThat(first.callId()).isEqualTo(offered.callId());
                assertThat(first.leg()).isEqualTo(Leg.CALLER);
                assertThat(first.digit()).isEqualTo("5");
                assertThat(first.at()).isBetween(before - 1000, System.currentTimeMillis() + 1000);

                assertAnswer(sip, agentLeg, "application/dtmf", "#", 200);
                DtmfReceived second = h.server.await(DtmfReceived.class, d -> d.leg() == Leg.AGENT);
                assertThat(second.digit()).isEqualTo("#");

                assertAnswer(sip, callerLeg, "application/dtmf-relay", "Signal=Z\r\nDuration=160\r\n", 200);
                RawSipClient.Received refused = assertAnswer(sip, callerLeg, "text/plain", "hello", 415);
                assertThat(refused.headers("Accept")).as(refused.text()).isNotEmpty();
                assertThat(String.join(",", refused.headers("Accept"))).contains("application/dtmf-relay");
                assertAnswer(sip, agentLeg, null, null, 200);

                h.server.send(new HangUp(offered.callId(), ClearCause.SERVER_HANGUP));
                h.server.await(CallCleared.class);
                assertThat(h.server.received(DtmfReceived.class)).as("only the two keys").hasSize(2);
                caller.assertPassed(Duration.ofSeconds(10));
                phone.assertPassed(Duration.ofSeconds(10));
            }
        }
        h.awaitNoCalls();
        assertThat(h.gateway.b2bua().metrics().infoDtmfIgnoredCount()).isEqualTo(2);
        assertThat(h.gateway.registry().scrape())
                .contains("b2bua_info_dtmf_ignored_total{reason=\"malformed\"} 1.0")
                .contains("b2bua_info_dtmf_ignored_total{reason=\"unsupported_type\"} 1.0");
    }

    @Test
    void aKeySentAsRfc4733AndAsInfoIsReportedOnce() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (RtpParty callerRtp = new RtpParty(440);
             RtpParty agentRtp = new RtpParty(880);
             Sipp phone = Sipp.start("/b2bua/sipp/agent-media-talks.xml", phonePort, null,
                     Map.of("rtpport", Integer.toString(agentRtp.port())))) {
            h.registerAgent(phonePort);
            try (Sipp caller = Sipp.start("/b2bua/sipp/caller-media.xml", FreePorts.udpAndTcp(), h.target(),
                    Map.of("rtpport", Integer.toString(callerRtp.port())), "-s", GatewayHarness.SERVICE_NUMBER,
                    "-d", "6000");
                 RawSipClient sip = new RawSipClient("udp", h.sipPort)) {
                CallOffered offered = h.awaitOffered();
                deliverToAgent(offered);
                awaitAnswered(phone);
                Dialog agentLeg = agentLeg(phone);
                await().atMost(ANSWER).until(() -> agentRtp.heardBetween(Long.MIN_VALUE, Long.MAX_VALUE).length > 0);

                // RTP first (reported), then the same press as INFO (dropped)
                agentRtp.pressKey(101, 9);
                h.server.await(DtmfReceived.class, d -> d.digit().equals("9"));
                assertAnswer(sip, agentLeg, "application/dtmf-relay", "Signal=9\r\nDuration=160\r\n", 200);
                // INFO first (reported), then the same press as RTP (dropped); the next RTP key shows it was read
                assertAnswer(sip, agentLeg, "application/dtmf", "7", 200);
                h.server.await(DtmfReceived.class, d -> d.digit().equals("7"));
                agentRtp.pressKey(101, 7);
                Thread.sleep(200); // the next press starts at a later RTP timestamp, as a real phone's does
                agentRtp.pressKey(101, 3);
                h.server.await(DtmfReceived.class, d -> d.digit().equals("3"));
                assertAnswer(sip, agentLeg, "application/dtmf-relay", "Signal=1\r\nDuration=160\r\n", 200);
                h.server.await(DtmfReceived.class, d -> d.digit().equals("1"));
                h.server.await(CallCleared.class);

                List<DtmfReceived> keys = h.server.received(DtmfReceived.class);
                assertThat(keys).as("each press once though 9 and 7 were sent both ways")
                        .extracting(DtmfReceived::digit).containsExactly("9", "7", "3", "1");
                assertThat(keys).allMatch(k -> k.leg() == Leg.AGENT && k.callId().equals(offered.callId()));
                caller.assertPassed(Duration.ofSeconds(10));
                phone.assertPassed(Duration.ofSeconds(10));
            }
        }
        h.awaitNoCalls();
    }

    private static Dialog callerLeg(Sipp caller) {
        await().atMost(ANSWER).until(() -> SippTrace.first(caller.messages(), okToInvite()).isPresent());
        RawSipClient.Received ok = SippTrace.first(caller.messages(), okToInvite()).orElseThrow();
        return new Dialog(ok.callId(), ok.header("From"), ok.header("To"));
    }

    private static Dialog agentLeg(Sipp phone) {
        await().atMost(ANSWER).until(() -> SippTrace.first(phone.messages(), okToInvite()).isPresent());
        RawSipClient.Received ok = SippTrace.first(phone.messages(), okToInvite()).orElseThrow();
        return new Dialog(ok.callId(), ok.header("To"), ok.header("From"));
    }

    private static java.util.function.Predicate<RawSipClient.Received> okToInvite() {
        return r -> r.status() == 200 && r.header("CSeq") != null && r.header("CSeq").endsWith("INVITE");
    }

    private RawSipClient.Received assertAnswer(RawSipClient sip, Dialog d, String type, String body, int status)
            throws Exception {
        sip.send(info(sip, d, type, body));
        RawSipClient.Received answer = sip.awaitFinal(d.callId(), ANSWER);
        assertThat(answer).as("an answer to the INFO " + type).isNotNull();
        assertThat(answer.status()).as("INFO " + type + "\n" + answer.text()).isEqualTo(status);
        return answer;
    }

    private String info(RawSipClient sip, Dialog d, String type, String body) {
        int n = cseq++;
        StringBuilder sb = new StringBuilder();
        sb.append("INFO sip:gw@127.0.0.1:").append(h.sipPort).append(" SIP/2.0\r\n");
        sb.append("Via: SIP/2.0/UDP ").append(sip.localHost()).append(':').append(sip.localPort())
                .append(";branch=z9hG4bK-info-").append(n).append(";rport\r\n");
        sb.append("Max-Forwards: 70\r\n");
        sb.append("From: ").append(d.from()).append("\r\n");
        sb.append("To: ").append(d.to()).append("\r\n");
        sb.append("Call-ID: ").append(d.callId()).append("\r\n");
        sb.append("CSeq: ").append(n).append(" INFO\r\n");
        if (type == null) {
            sb.append("Content-Length: 0\r\n\r\n");
        } else {
            sb.append("Content-Type: ").append(type).append("\r\n");
            sb.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
        }
        return sb.toString();
    }
}
