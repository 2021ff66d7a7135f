package dev.cti.gateway.sip.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.RejectReason;
import dev.cti.gateway.sip.SipMetrics;
import dev.cti.gateway.sip.testing.RawSipClient;
import dev.cti.gateway.sip.testing.TestEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Scanner drop, flood drop, Max-Forwards and the call limit against a running endpoint. */
class GuardsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    static String options(String transport, int port, String callId, String userAgent) {
        return "OPTIONS sip:gw@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport.toUpperCase(Locale.ROOT) + " 127.0.0.1:" + port
                + ";branch=z9hG4bK-" + callId + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:x@127.0.0.1>;tag=1\r\nTo: <sip:gw@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: 1 OPTIONS\r\n"
                + (userAgent == null ? "" : "User-Agent: " + userAgent + "\r\n")
                + "Content-Length: 0\r\n\r\n";
    }

    static String invite(int port, String callId, int maxForwards) {
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n";
        return "INVITE sip:1001@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-" + callId + "\r\n"
                + "Max-Forwards: " + maxForwards + "\r\nFrom: <sip:caller@127.0.0.1>;tag=c1\r\n"
                + "To: <sip:1001@127.0.0.1>\r\nCall-ID: " + callId + "\r\nCSeq: 1 INVITE\r\n"
                + "Contact: <sip:caller@127.0.0.1:" + port + ">\r\nContent-Type: application/sdp\r\n"
                + "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp;
    }

    @Test
    void scannersAreDroppedSilentlyAndCounted() throws Exception {
        try (TestEndpoint te = new TestEndpoint(1000, 10, Clock.systemUTC());
             RawSipClient c = new RawSipClient("udp", te.port)) {
            for (String ua : List.of("friendly-scanner", "sipvicious 0.3", "sipcli/v1.8")) {
                c.send(options("udp", c.localPort(), "scan-" + ua.hashCode(), ua));
            }
            c.send(options("udp", c.localPort(), "honest", "Linphone/5.2"));
            assertThat(c.awaitFinal("honest", TIMEOUT).status()).isEqualTo(200);
            Thread.sleep(200);
            assertThat(c.drain()).as("no answer to scanners").isEmpty();
            assertThat(te.endpoint.metrics().rejectedCount(RejectReason.SCANNER, SipMetrics.Action.DROPPED))
                    .isEqualTo(3.0);
        }
    }

    @Test
    void aFloodFromOneSourceIsDroppedAndCounted() throws Exception {
        try (TestEndpoint te = new TestEndpoint(5, 10, Clock.systemUTC());
             RawSipClient c = new RawSipClient("udp", te.port)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String id = "flood-" + i;
                ids.add(id);
                c.send(options("udp", c.localPort(), id, null));
            }
            Awaitility.await().atMost(TIMEOUT).until(() -> answered(te) + dropped(te) >= 60);
            assertThat(dropped(te)).as("most of the flood is dropped").isGreaterThanOrEqualTo(40);
            assertThat(answered(te)).as("the burst (10) and what refilled meanwhile got through")
                    .isBetween(10.0, 20.0);
        }
    }

    private static double dropped(TestEndpoint te) {
        return te.endpoint.metrics().rejectedCount(RejectReason.RATE_LIMITED, SipMetrics.Action.DROPPED);
    }

    private static double answered(TestEndpoint te) {
        return te.endpoint.metrics().requestsReceived("OPTIONS") - dropped(te);
    }

    @Test
    void maxForwardsZeroOnAnInviteIs483() throws Exception {
        try (TestEndpoint te = new TestEndpoint(1000, 10, Clock.systemUTC());
             RawSipClient c = new RawSipClient("udp", te.port)) {
            c.send(invite(c.localPort(), "mf0", 0));
            assertThat(c.awaitFinal("mf0", TIMEOUT).status()).isEqualTo(483);
        }
    }

    @Test
    void anInviteBeforeTheCallHandlerIsInstalledGets503WithRetryAfterSoATrunkTriesAgain() throws Exception {
        try (TestEndpoint te = new TestEndpoint(1000, 10, Clock.systemUTC());
             RawSipClient c = new RawSipClient("udp", te.port)) {
            // no INVITE handler: a gateway listening while it starts (the chaos run saw a 480 there, which trunks
            // do not retry)
            c.send(invite(c.localPort(), "early", 70));
            RawSipClient.Received r = c.awaitFinal("early", TIMEOUT);
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.header("Retry-After")).isEqualTo("2");
            assertThat(te.endpoint.metrics().rejectedCount(RejectReason.UNAVAILABLE, SipMetrics.Action.ANSWERED))
                    .isEqualTo(1.0);
        }
    }

    @Test
    void invitesBeyondTheCallLimitGet503WithRetryAfter() throws Exception {
        try (TestEndpoint te = new TestEndpoint(1000, 2, Clock.systemUTC());
             RawSipClient c = new RawSipClient("udp", te.port)) {
            CallAdmission admission = te.endpoint.callAdmission();
            List<CallAdmission.Permit> held = new ArrayList<>();
            // Stand-in B2BUA: admitted calls keep their slot (as if still up), answered 486.
            te.endpoint.dispatcher().onRequest("INVITE", r -> {
                CallAdmission.Permit p = admission.tryAdmit();
                if (p == null) {
                    te.endpoint.dispatcher().reject(r, admission.rejection(te.endpoint.messenger().headerFactory()));
                } else {
                    held.add(p);
                    te.endpoint.messenger().respond(r, 486);
                }
            });
            for (int i = 1; i <= 3; i++) {
                c.send(invite(c.localPort(), "call-" + i, 70));
                RawSipClient.Received r = c.awaitFinal("call-" + i, TIMEOUT);
                if (i <= 2) {
                    assertThat(r.status()).isEqualTo(486);
                } else {
                    assertThat(r.status()).isEqualTo(503);
                    assertThat(r.header("Retry-After")).isEqualTo("30");
                }
            }
            assertThat(te.registry.get("sip.calls.active").gauge().value()).isEqualTo(2.0);
            assertThat(te.endpoint.metrics().rejectedCount(RejectReason.CALL_LIMIT, SipMetrics.Action.ANSWERED))
                    .isEqualTo(1.0);
            held.forEach(CallAdmission.Permit::close);
            assertThat(admission.active()).isZero();
        }
    }
}
