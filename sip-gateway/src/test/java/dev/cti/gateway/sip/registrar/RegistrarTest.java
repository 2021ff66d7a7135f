package dev.cti.gateway.sip.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.RejectReason;
import dev.cti.gateway.sip.SipMetrics;
import dev.cti.gateway.sip.testing.DigestClient;
import dev.cti.gateway.sip.testing.MutableClock;
import dev.cti.gateway.sip.testing.RawSipClient;
import dev.cti.gateway.sip.testing.TestEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The registrar end to end: a raw phone over UDP and TCP against a running endpoint with a hand-moved clock. */
class RegistrarTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T09:00:00Z"));
    private final List<String> events = new CopyOnWriteArrayList<>();
    private TestEndpoint te;

    @BeforeEach
    void start() throws Exception {
        te = new TestEndpoint(1000, 10, clock);
        te.endpoint.locations().addListener(new RegistrationListener() {
            @Override
            public void phoneRegistered(String extension, List<Binding> bindings) {
                events.add("registered " + extension + " " + bindings.size());
            }

            @Override
            public void phoneUnregistered(String extension, Cause cause) {
                events.add("unregistered " + extension + " " + cause);
            }
        });
    }

    @AfterEach
    void stop() {
        te.close();
    }

    private RawSipClient.Received exchange(RawSipClient phone, String request, String callId) throws Exception {
        phone.send(request);
        RawSipClient.Received r = phone.awaitFinal(callId, TIMEOUT);
        assertThat(r).as("answer to\n" + request).isNotNull();
        return r;
    }

    private String contact(RawSipClient phone) {
        return "sip:1001@127.0.0.1:" + phone.localPort() + ";transport=" + phone.transport();
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void challengesWithSha256ThenMd5AndAcceptsEither(String transport) throws Exception {
        try (RawSipClient phone = new RawSipClient(transport, te.port)) {
            String callId = "reg-" + transport;
            DigestClient dc = new DigestClient(transport, phone.localPort(), TestEndpoint.DOMAIN, "1001", callId);
            RawSipClient.Received challenge = exchange(phone, dc.register(contact(phone), 600, null), callId);
            assertThat(challenge.status()).isEqualTo(401);
            List<String> www = challenge.headers("WWW-Authenticate");
            assertThat(www).hasSize(2);
            assertThat(DigestClient.param(www.get(0), "algorithm")).isEqualTo("SHA-256");
            assertThat(DigestClient.param(www.get(1), "algorithm")).isEqualTo("MD5");
            assertThat(www).allSatisfy(h -> {
                assertThat(DigestClient.param(h, "realm")).isEqualTo(TestEndpoint.DOMAIN);
                assertThat(DigestClient.param(h, "qop")).isEqualTo("auth");
            });

            String md5 = dc.authorization(www.get(1), "1001", TestEndpoint.AGENTS.get("1001"));
            RawSipClient.Received ok = exchange(phone, dc.register(contact(phone), 600, md5), callId);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("Contact")).contains("1001@127.0.0.1").contains("expires=600");
            assertThat(ok.header("Date")).endsWith("GMT");

            String sha = dc.authorization(www.get(0), "1001", TestEndpoint.AGENTS.get("1001"));
            RawSipClient.Received ok2 = exchange(phone, dc.register(contact(phone), 600, sha), callId);
            assertThat(ok2.status()).isEqualTo(200);
        }
        assertThat(te.endpoint.locations().bindings("1001")).hasSize(1)
                .first().satisfies(b -> assertThat(b.userAgent()).isEqualTo("cti-test-phone"));
        assertThat(events).containsExactly("registered 1001 1");
        assertThat(te.registry.get("sip.registrations.active").gauge().value()).isEqualTo(1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void wrongPasswordAndUnknownExtensionGetTheSame403AfterAChallenge(String transport) throws Exception {
        try (RawSipClient phone = new RawSipClient(transport, te.port)) {
            for (String[] attempt : new String[][] {{"1001", "wrong"}, {"9999", "whatever"}}) {
                String callId = "bad-" + attempt[0] + transport;
                DigestClient dc = new DigestClient(transport, phone.localPort(), TestEndpoint.DOMAIN, attempt[0],
                        callId);
                RawSipClient.Received challenge = exchange(phone, dc.register(contact(phone), 600, null), callId);
                assertThat(challenge.status()).as("unknown extensions are challenged too").isEqualTo(401);
                String auth = dc.authorization(challenge.headers("WWW-Authenticate").get(1), attempt[0], attempt[1]);
                assertThat(exchange(phone, dc.register(contact(phone), 600, auth), callId).status()).isEqualTo(403);
            }
        }
        assertThat(te.endpoint.metrics().rejectedCount(RejectReason.AUTH_FAILED, SipMetrics.Action.ANSWERED))
                .isEqualTo(2.0);
        assertThat(te.endpoint.locations().bindings("1001")).isEmpty();
        assertThat(events).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp"})
    void expiryLimitsRefreshUnregisterAndStaleNonce(String transport) throws Exception {
        try (RawSipClient phone = new RawSipClient(transport, te.port)) {
            String callId = "life-" + transport;
            DigestClient dc = new DigestClient(transport, phone.localPort(), TestEndpoint.DOMAIN, "1002", callId);
            String www = exchange(phone, dc.register(contact(phone), 600, null), callId).headers("WWW-Authenticate")
                    .get(1);
            java.util.function.Supplier<String> auth = () -> dc.authorization(www, "1002", TestEndpoint.AGENTS.get("1002"));

            RawSipClient.Received brief = exchange(phone, dc.register(contact(phone), 30, auth.get()), callId);
            assertThat(brief.status()).as("below Min-Expires 60").isEqualTo(423);
            assertThat(brief.header("Min-Expires")).isEqualTo("60");

            RawSipClient.Received cut = exchange(phone, dc.register(contact(phone), 7200, auth.get()), callId);
            assertThat(cut.status()).isEqualTo(200);
            assertThat(cut.header("Contact")).as("cut to the 3600 s maximum").contains("expires=3600");

            clock.advance(Duration.ofSeconds(100));
            RawSipClient.Received query = exchange(phone, dc.register(null, null, auth.get()), callId);
            assertThat(query.header("Contact")).as("200 lists the binding with time left").contains("expires=3500");

            dc.setCseq(1);
            assertThat(exchange(phone, dc.register(contact(phone), 600, auth.get()), callId).status())
                    .as("older CSeq on the same Call-ID").isEqualTo(500);
            dc.setCseq(50);

            clock.advance(Duration.ofMinutes(6)); // past the 5 minute nonce lifetime
            RawSipClient.Received stale = exchange(phone, dc.register(contact(phone), 600, auth.get()), callId);
            assertThat(stale.status()).isEqualTo(401);
            assertThat(stale.headers("WWW-Authenticate")).allSatisfy(h -> assertThat(h).containsIgnoringCase("stale=true"));
            String fresh = dc.authorization(stale.headers("WWW-Authenticate").get(0), "1002",
                    TestEndpoint.AGENTS.get("1002"));

            RawSipClient.Received gone = exchange(phone, dc.register("*", 0, fresh), callId);
            assertThat(gone.status()).isEqualTo(200);
            assertThat(gone.headers("Contact")).isEmpty();
        }
        assertThat(events).containsExactly("registered 1002 1", "unregistered 1002 UNREGISTERED");
        assertThat(te.endpoint.locations().isRegistered("1002")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp"})
    void bindingsExpireOnTheInjectedClock(String transport) throws Exception {
        try (RawSipClient phone = new RawSipClient(transport, te.port)) {
            String callId = "exp-" + transport;
            DigestClient dc = new DigestClient(transport, phone.localPort(), TestEndpoint.DOMAIN, "1001", callId);
            String www = exchange(phone, dc.register(contact(phone), 120, null), callId).headers("WWW-Authenticate")
                    .get(0);
            String auth = dc.authorization(www, "1001", TestEndpoint.AGENTS.get("1001"));
            assertThat(exchange(phone, dc.register(contact(phone), 120, auth), callId).status()).isEqualTo(200);
        }
        clock.advance(Duration.ofSeconds(119));
        te.endpoint.locations().sweep();
        assertThat(te.endpoint.locations().isRegistered("1001")).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(te.endpoint.locations().isRegistered("1001")).as("reads hide expired bindings").isFalse();
        te.endpoint.locations().sweep();
        assertThat(events).containsExactly("registered 1001 1", "unregistered 1001 EXPIRED");
        assertThat(te.endpoint.locations().bindingCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void optionsIsAnsweredWithCapabilities(String transport) throws Exception {
        try (RawSipClient phone = new RawSipClient(transport, te.port)) {
            String callId = "opt-" + transport;
            phone.send("OPTIONS sip:" + TestEndpoint.DOMAIN + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/" + transport.toUpperCase() + " 127.0.0.1:" + phone.localPort()
                    + ";branch=z9hG4bK-" + callId + "\r\nMax-Forwards: 70\r\nFrom: <sip:1001@cti.test>;tag=a\r\n"
                    + "To: <sip:" + TestEndpoint.DOMAIN + ">\r\nCall-ID: " + callId + "\r\nCSeq: 7 OPTIONS\r\n"
                    + "Content-Length: 0\r\n\r\n");
            RawSipClient.Received r = phone.awaitFinal(callId, TIMEOUT);
            assertThat(r.status()).isEqualTo(200);
            assertThat(String.join(",", r.headers("Allow"))).contains("INVITE", "REGISTER", "OPTIONS", "BYE", "REFER");
            assertThat(r.header("Accept")).isEqualTo("application/sdp");
            assertThat(r.headers("Supported")).hasSize(1);
        }
    }
}
