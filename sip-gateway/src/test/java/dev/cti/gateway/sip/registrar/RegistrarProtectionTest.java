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
import org.junit.jupiter.api.Test;

/**
 * The registrar against an attacker (issue 13), over real UDP with a hand-moved clock and the default protections
 * ({@code network.sip.registrar}: 3 contacts, 5 failures in 300 s lock for 900 s): a captured REGISTER replayed with
 * the attacker's contact gets 401, so does a nonce count not above the last; repeated failures lock the extension
 * even for the right password until the lockout ends; a fourth phone is refused.
 */
class RegistrarProtectionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String PASSWORD = TestEndpoint.AGENTS.get("1001");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T09:00:00Z"));
    private final List<RegistrationLockouts.Lockout> lockouts = new CopyOnWriteArrayList<>();
    private TestEndpoint te;

    @BeforeEach
    void start() throws Exception {
        te = new TestEndpoint(1000, 10, clock);
        te.endpoint.registrar().lockouts().addListener(lockouts::add);
    }

    @AfterEach
    void stop() {
        te.close();
    }

    private static RawSipClient.Received exchange(RawSipClient phone, String request, String callId) throws Exception {
        phone.send(request);
        RawSipClient.Received r = phone.awaitFinal(callId, TIMEOUT);
        assertThat(r).as("answer to\n" + request).isNotNull();
        return r;
    }

    private static String contact(RawSipClient phone, String user) {
        return "sip:" + user + "@" + phone.localHost() + ":" + phone.localPort();
    }

    /** The MD5 challenge (sipp-like phones answer the second one; either works) of a fresh REGISTER. */
    private static String challenge(RawSipClient phone, DigestClient dc, String contact, String callId)
            throws Exception {
        RawSipClient.Received r = exchange(phone, dc.register(contact, 600, null), callId);
        assertThat(r.status()).isEqualTo(401);
        return r.headers("WWW-Authenticate").get(1);
    }

    @Test
    void aReplayedRegisterGets401AndTheAttackersContactIsNotBound() throws Exception {
        try (RawSipClient phone = new RawSipClient("udp", te.port);
             RawSipClient attacker = new RawSipClient("udp", te.port);
             RawSipClient elsewhere = new RawSipClient("udp", te.port, "127.0.0.2")) {
            DigestClient dc = new DigestClient("udp", phone.localPort(), TestEndpoint.DOMAIN, "1001", "replay-1");
            String www = challenge(phone, dc, contact(phone, "1001"), "replay-1");
            String captured = dc.authorization(www, "1001", PASSWORD);
            assertThat(exchange(phone, dc.register(contact(phone, "1001"), 600, captured), "replay-1").status())
                    .isEqualTo(200);

            // The attacker sniffed that Authorization and sends it again with its own Contact, a new branch, a
            // higher CSeq (none of which the digest covers).
            DigestClient forger = new DigestClient("udp", attacker.localPort(), TestEndpoint.DOMAIN, "1001",
                    "replay-1");
            forger.setCseq(10);
            RawSipClient.Received replay = exchange(attacker, forger.register(contact(attacker, "1001"), 600, captured),
                    "replay-1");
            assertThat(replay.status()).as("a replayed nonce count").isEqualTo(401);
            DigestClient far = new DigestClient("udp", elsewhere.localPort(), TestEndpoint.DOMAIN, "1001", "replay-2");
            RawSipClient.Received fromElsewhere = exchange(elsewhere, far.register(contact(elsewhere, "1001"), 600,
                    dc.authorization(www, "1001", PASSWORD)), "replay-2");
            assertThat(fromElsewhere.status()).as("a nonce is bound to the client it was issued to").isEqualTo(401);
        }
        assertThat(te.endpoint.locations().bindings("1001")).hasSize(1).first()
                .satisfies(b -> assertThat(b.contact()).doesNotContain("127.0.0.2"));
        assertThat(te.endpoint.metrics().rejectedCount(RejectReason.REPLAYED, SipMetrics.Action.ANSWERED))
                .isEqualTo(1.0);
    }

    @Test
    void aNonceCountNotAboveTheLastGets401() throws Exception {
        try (RawSipClient phone = new RawSipClient("udp", te.port)) {
            DigestClient dc = new DigestClient("udp", phone.localPort(), TestEndpoint.DOMAIN, "1001", "nc-1");
            String www = challenge(phone, dc, contact(phone, "1001"), "nc-1");
            assertThat(exchange(phone, dc.register(contact(phone, "1001"), 600,
                    dc.authorization(www, "1001", PASSWORD, "00000005")), "nc-1").status()).isEqualTo(200);
            assertThat(exchange(phone, dc.register(contact(phone, "1001"), 600,
                    dc.authorization(www, "1001", PASSWORD, "00000004")), "nc-1").status()).as("lower").isEqualTo(401);
            assertThat(exchange(phone, dc.register(contact(phone, "1001"), 600,
                    dc.authorization(www, "1001", PASSWORD, "0000000g")), "nc-1").status()).as("malformed")
                    .isEqualTo(401);
            assertThat(exchange(phone, dc.register(contact(phone, "1001"), 600,
                    dc.authorization(www, "1001", PASSWORD, "00000006")), "nc-1").status()).isEqualTo(200);
        }
        assertThat(te.endpoint.metrics().rejectedCount(RejectReason.REPLAYED, SipMetrics.Action.ANSWERED))
                .isEqualTo(2.0);
    }

    @Test
    void repeatedFailuresLockTheExtensionEvenForTheRightPasswordUntilTheLockoutEnds() throws Exception {
        try (RawSipClient phone = new RawSipClient("udp", te.port)) {
            DigestClient dc = new DigestClient("udp", phone.localPort(), TestEndpoint.DOMAIN, "1001", "lock-1");
            String www = challenge(phone, dc, contact(phone, "1001"), "lock-1");
            for (int i = 0; i < 4; i++) {
                assertThat(exchange(phone, dc.register(contact(phone, "1001"), 600,
                        dc.authorization(www, "1001", "guess-" + i)), "lock-1").status()).isEqualTo(403);
            }
            clock.advance(Duration.ofSeconds(301)); // those four fall out of the 300 s window
            www = challenge(phone, dc, contact(phone, "1001"), "lock-1");
            for (int i = 4; i < 8; i++) {
                assertThat(exchange(phone, dc.register(contact(phone, "1001"), 600,
                        dc.authorization(www, "1001", "guess-" + i)), "lock-1").status()).isEqualTo(403);
            }
            assertThat(lockouts).as("four failures in the window do not lock").isEmpty();
            assertThat(exchange(phone, dc.register(contact(phone, "1001"), 600,
                    dc.authorization(www, "1001", "guess-8")), "lock-1").status()).isEqualTo(403);
            assertThat(lockouts).hasSize(1).first().satisfies(l -> {
                assertThat(l.extension()).isEqualTo("1001");
                assertThat(l.failures()).isEqualTo(5);
                assertThat(l.source()).isEqualTo("127.0.0.1");
                assertThat(l.until()).isEqualTo(clock.instant().plusSeconds(900));
            });

            assertThat(exchange(phone, dc.register(contact(phone, "1001"), 600,
                    dc.authorization(www, "1001", PASSWORD)), "lock-1").status())
                    .as("locked: the right password is refused too").isEqualTo(403);
            assertThat(te.endpoint.locations().isRegistered("1001")).isFalse();
            clock.advance(Duration.ofSeconds(899));
            www = challenge(phone, dc, contact(phone, "1001"), "lock-1");
            assertThat(exchange(phone, dc.register(contact(phone, "1001"), 600,
                    dc.authorization(www, "1001", PASSWORD)), "lock-1").status()).as("one second left").isEqualTo(403);
            clock.advance(Duration.ofSeconds(1));
            assertThat(exchange(phone, dc.register(contact(phone, "1001"), 600,
                    dc.authorization(www, "1001", PASSWORD)), "lock-1").status()).as("the lockout is over")
                    .isEqualTo(200);

            DigestClient other = new DigestClient("udp", phone.localPort(), TestEndpoint.DOMAIN, "1002", "lock-2");
            String w2 = challenge(phone, other, contact(phone, "1002"), "lock-2");
            assertThat(exchange(phone, other.register(contact(phone, "1002"), 600,
                    other.authorization(w2, "1002", TestEndpoint.AGENTS.get("1002"))), "lock-2").status())
                    .as("other extensions are not affected").isEqualTo(200);
        }
        assertThat(lockouts).hasSize(1);
        assertThat(te.endpoint.metrics().lockouts()).isEqualTo(1.0);
    }

    @Test
    void aFourthPhoneIsRefusedWhileRefreshesAndReplacementsPass() throws Exception {
        try (RawSipClient phone = new RawSipClient("udp", te.port)) {
            DigestClient dc = new DigestClient("udp", phone.localPort(), TestEndpoint.DOMAIN, "1001", "cap-1");
            String www = challenge(phone, dc, "sip:1001@127.0.0.1:7001", "cap-1");
            for (int p = 7001; p <= 7003; p++) {
                assertThat(exchange(phone, dc.register("sip:1001@127.0.0.1:" + p, 600,
                        dc.authorization(www, "1001", PASSWORD)), "cap-1").status()).isEqualTo(200);
            }
            assertThat(exchange(phone, dc.register("sip:1001@127.0.0.1:7004", 600,
                    dc.authorization(www, "1001", PASSWORD)), "cap-1").status()).as("a fourth contact").isEqualTo(403);
            assertThat(exchange(phone, dc.register("sip:1001@127.0.0.1:7001", 600,
                    dc.authorization(www, "1001", PASSWORD)), "cap-1").status()).as("a refresh").isEqualTo(200);
            assertThat(exchange(phone, dc.register("sip:1001@127.0.0.1:7002", 0,
                    dc.authorization(www, "1001", PASSWORD)), "cap-1").status()).as("a removal").isEqualTo(200);
            assertThat(exchange(phone, dc.register("sip:1001@127.0.0.1:7004", 600,
                    dc.authorization(www, "1001", PASSWORD)), "cap-1").status()).as("room again").isEqualTo(200);
        }
        assertThat(te.endpoint.locations().bindings("1001")).extracting(Binding::contact).containsExactlyInAnyOrder(
                "sip:1001@127.0.0.1:7001", "sip:1001@127.0.0.1:7003", "sip:1001@127.0.0.1:7004");
        assertThat(te.endpoint.metrics().rejectedCount(RejectReason.TOO_MANY_BINDINGS, SipMetrics.Action.ANSWERED))
                .isEqualTo(1.0);
    }
}
