package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.gateway.sip.testing.RawSipClient;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallTransferred;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.LinkEvent;
import dev.cti.testpeers.Sipp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * In-dialog requests must carry the dialog's Call-ID and both tags and come from the leg's peer (issue 13). A real
 * trunk (sipp caller) and a real agent phone (sipp) hold a call; an attacker who sniffed the wire (the sipp message
 * traces) forges BYE, re-INVITE and REFER on both legs, once with a wrong tag from the trunk's own host and once
 * with the right tags from another host (127.0.0.2). Every forgery gets 481, nothing is held, transferred or ended,
 * and the call goes on until the caller's real BYE.
 */
class InDialogSippTest extends SippGatewayTest {
    private static final String ATTACKER_HOST = "127.0.0.2";
    private static final Duration ANSWER = Duration.ofSeconds(5);

    /** One dialog as seen on the wire from the side that sends the forged requests. */
    private record Dialog(String callId, String from, String to) {
        Dialog wrongToTag() {
            return new Dialog(callId, from, SippTrace.withTag(to, "forged-" + System.nanoTime()));
        }
    }

    private int cseq = 50;

    @Test
    void forgedByeReInviteAndReferGet481AndTheCallSurvives() throws Exception {
        int phonePort = FreePorts.udpAndTcp();
        try (Sipp phone = Sipp.start("/b2bua/sipp/agent-answer.xml", phonePort, null, Map.of())) {
            h.registerAgent(phonePort);
            try (Sipp caller = h.call(GatewayHarness.SERVICE_NUMBER, 9000);
                 RawSipClient sameHost = new RawSipClient("udp", h.sipPort);
                 RawSipClient otherHost = new RawSipClient("udp", h.sipPort, ATTACKER_HOST)) {
                CallOffered offered = h.awaitOffered();
                deliverToAgent(offered);
                h.server.await(CallAnswered.class);
                Dialog callerLeg = callerLeg(caller);
                Dialog agentLeg = agentLeg(phone);

                assertRefused(sameHost, "BYE", callerLeg.wrongToTag(), null);
                assertRefused(otherHost, "BYE", callerLeg, null);
                assertRefused(sameHost, "INVITE", callerLeg.wrongToTag(), sdp("sendonly"));
                assertRefused(sameHost, "REFER", agentLeg.wrongToTag(), null);
                assertRefused(otherHost, "REFER", agentLeg, null);
                assertRefused(sameHost, "INVITE", agentLeg.wrongToTag(), sdp("sendonly"));
                assertRefused(otherHost, "INVITE", agentLeg, sdp("sendonly"));
                assertRefused(otherHost, "BYE", agentLeg, null);

                CallCleared cleared = h.server.await(CallCleared.class);
                assertThat(cleared.cause()).as("ended by the caller's own BYE, not a forged one")
                        .isEqualTo(ClearCause.CALLER_HANGUP);
                assertThat(cleared.talkMillis()).isGreaterThanOrEqualTo(8000);
                for (LinkEvent e : h.server.events()) {
                    assertThat(e).as("nothing the forgeries asked for happened")
                            .isNotInstanceOf(CallHeld.class).isNotInstanceOf(CallTransferred.class);
                }
                caller.assertPassed(Duration.ofSeconds(15));
                phone.assertPassed(Duration.ofSeconds(10)); // the real agent phone got the gateway's BYE
            }
        }
        h.awaitNoCalls();
        B2buaMetrics m = h.gateway.b2bua().metrics();
        assertThat(m.inDialogRefusedCount()).isEqualTo(8);
        String scrape = h.gateway.registry().scrape();
        assertThat(scrape).contains("b2bua_in_dialog_refused_total{method=\"BYE\",reason=\"foreign_source\"} 2.0")
                .contains("b2bua_in_dialog_refused_total{method=\"BYE\",reason=\"wrong_tag\"} 1.0")
                .contains("b2bua_in_dialog_refused_total{method=\"REFER\",reason=\"foreign_source\"} 1.0")
                .contains("b2bua_in_dialog_refused_total{method=\"REFER\",reason=\"wrong_tag\"} 1.0")
                .contains("b2bua_in_dialog_refused_total{method=\"INVITE\",reason=\"foreign_source\"} 1.0")
                .contains("b2bua_in_dialog_refused_total{method=\"INVITE\",reason=\"wrong_tag\"} 2.0");
    }

    /** The caller leg from the trunk's side: its From (our tag) and the gateway's To tag from the 200 OK. */
    private static Dialog callerLeg(Sipp caller) {
        await().atMost(ANSWER).until(() -> SippTrace.first(caller.messages(), okToInvite()).isPresent());
        RawSipClient.Received ok = SippTrace.first(caller.messages(), okToInvite()).orElseThrow();
        assertThat(SippTrace.tag(ok.header("To"))).as("the gateway's tag on the wire").isNotNull();
        return new Dialog(ok.callId(), ok.header("From"), ok.header("To"));
    }

    /** The agent leg from the phone's side: the gateway's INVITE (its From tag) and the phone's 200 OK (its tag). */
    private static Dialog agentLeg(Sipp phone) {
        await().atMost(ANSWER).until(() -> SippTrace.first(phone.messages(), okToInvite()).isPresent());
        RawSipClient.Received ok = SippTrace.first(phone.messages(), okToInvite()).orElseThrow();
        // requests from the phone: From is the 200's To (the phone's tag), To is the 200's From (the gateway's)
        return new Dialog(ok.callId(), ok.header("To"), ok.header("From"));
    }

    private static java.util.function.Predicate<RawSipClient.Received> okToInvite() {
        return r -> r.status() == 200 && r.header("CSeq") != null && r.header("CSeq").endsWith("INVITE");
    }

    private void assertRefused(RawSipClient attacker, String method, Dialog d, String sdp) throws Exception {
        String request = forged(attacker, method, d, sdp);
        attacker.send(request);
        RawSipClient.Received answer = attacker.awaitFinal(d.callId(), ANSWER);
        assertThat(answer).as("an answer to the forged " + method + " from " + attacker.localHost()).isNotNull();
        assertThat(answer.status()).as("forged " + method + " from " + attacker.localHost() + "\n" + answer.text())
                .isEqualTo(481);
    }

    private String forged(RawSipClient attacker, String method, Dialog d, String sdp) {
        int n = cseq++;
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(" sip:gw@127.0.0.1:").append(h.sipPort).append(" SIP/2.0\r\n");
        sb.append("Via: SIP/2.0/UDP ").append(attacker.localHost()).append(':').append(attacker.localPort())
                .append(";branch=z9hG4bK-forged-").append(n).append(";rport\r\n");
        sb.append("Max-Forwards: 70\r\n");
        sb.append("From: ").append(d.from()).append("\r\n");
        sb.append("To: ").append(d.to()).append("\r\n");
        sb.append("Call-ID: ").append(d.callId()).append("\r\n");
        sb.append("CSeq: ").append(n).append(' ').append(method).append("\r\n");
        sb.append("Contact: <sip:x@").append(attacker.localHost()).append(':').append(attacker.localPort())
                .append(">\r\n");
        if (method.equals("REFER")) {
            sb.append("Refer-To: <sip:13900001111@127.0.0.1>\r\n");
        }
        if (sdp != null) {
            sb.append("Content-Type: application/sdp\r\n");
            sb.append("Content-Length: ").append(sdp.length()).append("\r\n\r\n").append(sdp);
        } else {
            sb.append("Content-Length: 0\r\n\r\n");
        }
        return sb.toString();
    }

    private static String sdp(String direction) {
        return "v=0\r\no=x 1 2 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=" + direction + "\r\n";
    }
}
