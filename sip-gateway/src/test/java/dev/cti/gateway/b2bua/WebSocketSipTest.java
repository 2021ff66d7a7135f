package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.NetworkConfig;
import dev.cti.gateway.sip.testing.DigestClient;
import dev.cti.gateway.sip.testing.FreePorts;
import dev.cti.gateway.sip.testing.WsSipClient;
import dev.cti.link.message.Originate;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.PhoneUnregistered;
import dev.cti.pki.TrustAnchors;
import java.net.URI;
import java.security.KeyStore;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SIP over WebSocket (RFC 7118) against the real gateway: a WebSocket SIP phone (the JDK's WebSocket client, real SIP
 * in text frames, as JsSIP in the desk page sends it) registers over WS and WSS with the RFC's {@code .invalid}
 * Via and Contact hosts, and the gateway's requests to that Contact come back over the same WebSocket.
 */
class WebSocketSipTest {
    private GatewayHarness h;
    private int wsPort;
    private int wssPort;

    @BeforeEach
    void start() throws Exception {
        wsPort = dev.cti.testpeers.FreePorts.tcp();
        wssPort = dev.cti.testpeers.FreePorts.tcp();
        h = GatewayHarness.withConfig(c -> c.withNetwork(new NetworkConfig(c.network().server(),
                c.network().sip().withWs(new NetworkConfig.Ws(wsPort, wssPort, "")), c.network().rtp(),
                c.network().ctiLink(), c.network().gatewayAdmin())));
    }

    @AfterEach
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aWebSocketPhoneRegistersAndTheGatewayCallsItOverItsWebSocket() throws Exception {
        assertThat(h.gateway.sipPort("ws")).contains(wsPort);
        try (WsSipClient phone = WsSipClient.connect(URI.create("ws://127.0.0.1:" + wsPort), null)) {
            assertThat(phone.subprotocol).as("RFC 7118 sub-protocol").isEqualTo("sip");
            String contactUser = register(phone, "WS", "1001", GatewayHarness.AGENT_PASSWORD, 300);

            PhoneRegistered registered = h.server.await(PhoneRegistered.class, p -> p.extension().equals("1001"));
            assertThat(registered.contact()).contains(contactUser).containsIgnoringCase("transport=ws");

            // click-to-dial rings the agent's phone first: the INVITE must come over this WebSocket
            h.server.send(new Originate("req-ws", "1001", "1001", "13900001111"));
            String invite = phone.next(10);
            assertThat(invite).startsWith("INVITE sip:" + contactUser + "@");
            assertThat(invite).as("a browser seat is offered WebRTC's media (docs/MEDIA.md, \"WebRTC-style legs\")")
                    .contains("UDP/TLS/RTP/SAVPF 0 8 101\r\n", "a=setup:actpass\r\n", "a=ice-lite\r\n",
                            "a=group:BUNDLE 0\r\n", "a=mid:0\r\n", "a=rtcp-mux\r\n", "a=fingerprint:sha-256 ",
                            " typ host\r\n")
                    .doesNotContain("RTP/AVP", "a=crypto");
            assertThat(WsSipClient.header(invite, "Via")).startsWith("SIP/2.0/WS ");
            phone.send(response(invite, "486 Busy Here"));
            String ack = phone.next(10);
            assertThat(ack).as("the ACK of our 486 comes over the WebSocket too").startsWith("ACK ");

            register(phone, "WS", "1001", GatewayHarness.AGENT_PASSWORD, 0);
            h.server.await(PhoneUnregistered.class, p -> p.extension().equals("1001"));
        }
    }

    @Test
    void aSecureWebSocketPhoneRegistersWithTheSiteCertificate() throws Exception {
        assertThat(h.gateway.sipPort("wss")).contains(wssPort);
        SSLContext tls = trusting(TrustAnchors.load(h.dataDir.resolve("pki/ca/cert.pem")));
        try (WsSipClient phone = WsSipClient.connect(URI.create("wss://127.0.0.1:" + wssPort), tls)) {
            String contactUser = register(phone, "WSS", "1002", "demo-sip-1002", 300);
            PhoneRegistered registered = h.server.await(PhoneRegistered.class, p -> p.extension().equals("1002"));
            assertThat(registered.contact()).contains(contactUser).containsIgnoringCase("transport=wss");
        }
    }

    @Test
    void garbageOverTheWebSocketIsCountedAndTheConnectionStillServes() throws Exception {
        try (WsSipClient phone = WsSipClient.connect(URI.create("ws://127.0.0.1:" + wsPort), null)) {
            double before = unparseable();
            // RFC 4475 ltgtruri: the Request-URI in <>, refused by StrictFraming as over TCP
            phone.send("INVITE <sip:1001@cti.local> SIP/2.0\r\nVia: SIP/2.0/WS x.invalid;branch=z9hG4bKbad1\r\n"
                    + "To: <sip:1001@cti.local>\r\nFrom: <sip:x@cti.local>;tag=1\r\nCall-ID: bad1\r\n"
                    + "CSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> unparseable() > before);
            register(phone, "WS", "1001", GatewayHarness.AGENT_PASSWORD, 300);
        }
    }

    private double unparseable() {
        return h.gateway.sip().metrics().rejectedCount(dev.cti.gateway.sip.RejectReason.UNPARSEABLE,
                dev.cti.gateway.sip.SipMetrics.Action.PARSER);
    }

    /**
     * REGISTERs as RFC 7118 section 7 shows (Via and Contact hosts under .invalid, transport ws/wss) through the
     * digest challenge; returns the Contact's user part.
     */
    private static String register(WsSipClient phone, String transport, String extension, String password,
                                   int expires) throws Exception {
        String callId = UUID.randomUUID().toString();
        String contactUser = "ws" + Integer.toHexString(extension.hashCode());
        String contact = "<sip:" + contactUser + "@df7jal23ls0d.invalid;transport=" + transport.toLowerCase() + ">";
        DigestClient digest = new DigestClient(transport, 0, "cti.local", extension, callId);
        phone.send(request(transport, extension, callId, 1, contact, expires, null));
        String challenge = phone.next(10);
        assertThat(challenge).startsWith("SIP/2.0 401");
        String auth = digest.authorization(WsSipClient.header(challenge, "WWW-Authenticate"), extension, password);
        phone.send(request(transport, extension, callId, 2, contact, expires, auth));
        String ok = phone.next(10);
        assertThat(ok).startsWith("SIP/2.0 200");
        if (expires > 0) {
            assertThat(WsSipClient.header(ok, "Contact")).as("the 200 names our Contact (JsSIP matches its user)")
                    .contains(contactUser);
        }
        return contactUser;
    }

    private static String request(String transport, String extension, String callId, int cseq, String contact,
                                  int expires, String authorization) {
        return "REGISTER sip:cti.local SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " df7jal23ls0d.invalid;branch=z9hG4bK" + callId.substring(0, 8) + cseq
                + "\r\n"
                + "Max-Forwards: 69\r\n"
                + "To: <sip:" + extension + "@cti.local>\r\n"
                + "From: <sip:" + extension + "@cti.local>;tag=" + callId.substring(9, 13) + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " REGISTER\r\n"
                + "Contact: " + contact + ";expires=" + expires + "\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Allow: INVITE,ACK,CANCEL,BYE,UPDATE,MESSAGE,OPTIONS,REFER,INFO,NOTIFY\r\n"
                + "Supported: path,gruu,outbound\r\n"
                + "User-Agent: cti-ws-test (JsSIP-like)\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    /** A final response to {@code request}: its Via, From, Call-ID and CSeq, its To with a tag. */
    private static String response(String request, String status) {
        StringBuilder sb = new StringBuilder("SIP/2.0 ").append(status).append("\r\n");
        for (String line : request.split("\r\n")) {
            String name = line.contains(":") ? line.substring(0, line.indexOf(':')).trim().toLowerCase() : "";
            switch (name) {
                case "via", "v", "from", "f", "call-id", "i", "cseq" -> sb.append(line).append("\r\n");
                case "to", "t" -> sb.append(line).append(";tag=busy1").append("\r\n");
                default -> { }
            }
        }
        return sb.append("Content-Length: 0\r\n\r\n").toString();
    }

    private static SSLContext trusting(TrustAnchors anchors) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (var cert : anchors.certificates()) {
            store.setCertificateEntry("ca" + i++, cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
