package dev.cti.gateway.sip.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NonceServiceTest {
    private static final String PHONE = "192.0.2.10";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final NonceService nonces = new NonceService(clock, Duration.ofMinutes(5), new SecureRandom());

    @Test
    void validUntilTheLifetimeThenStale() {
        String nonce = nonces.issue("cti.test", PHONE);
        assertThat(nonces.check(nonce, "cti.test", PHONE)).isEqualTo(NonceService.Validity.VALID);
        clock.advance(Duration.ofMinutes(5));
        assertThat(nonces.check(nonce, "cti.test", PHONE)).isEqualTo(NonceService.Validity.VALID);
        clock.advance(Duration.ofMillis(1));
        assertThat(nonces.check(nonce, "cti.test", PHONE)).isEqualTo(NonceService.Validity.STALE);
    }

    @Test
    void boundToRealmClientAndKey() {
        String nonce = nonces.issue("cti.test", PHONE);
        assertThat(nonces.check(nonce, "other.realm", PHONE)).isEqualTo(NonceService.Validity.INVALID);
        assertThat(nonces.check(nonce, "cti.test", "192.0.2.11")).as("another client").isEqualTo(
                NonceService.Validity.INVALID);
        assertThat(nonces.check(nonces.issue("cti.tes", "t" + PHONE), "cti.test", PHONE))
                .as("realm and client do not run into each other").isEqualTo(NonceService.Validity.INVALID);
        NonceService otherProcess = new NonceService(clock, Duration.ofMinutes(5), new SecureRandom());
        assertThat(otherProcess.check(nonce, "cti.test", PHONE)).isEqualTo(NonceService.Validity.INVALID);
        assertThat(nonces.check("not base64 !", "cti.test", PHONE)).isEqualTo(NonceService.Validity.INVALID);
        assertThat(nonces.check(null, "cti.test", PHONE)).isEqualTo(NonceService.Validity.INVALID);
        char[] c = nonce.toCharArray();
        c[3] = c[3] == 'A' ? 'B' : 'A';
        assertThat(nonces.check(new String(c), "cti.test", PHONE)).as("tampered timestamp")
                .isEqualTo(NonceService.Validity.INVALID);
        char[] salt = nonce.toCharArray();
        salt[14] = salt[14] == 'A' ? 'B' : 'A'; // base64 characters 11..21 carry the salt bytes
        assertThat(nonces.check(new String(salt), "cti.test", PHONE)).as("tampered salt")
                .isEqualTo(NonceService.Validity.INVALID);
    }

    @Test
    void eachNonceCountIsUsedOnceAndOnlyUpwards() {
        String nonce = nonces.issue("cti.test", PHONE);
        assertThat(nonces.use(nonce, "00000001")).isTrue();
        assertThat(nonces.use(nonce, "00000001")).as("the same count again: a replay").isFalse();
        assertThat(nonces.use(nonce, "00000005")).as("gaps are allowed").isTrue();
        assertThat(nonces.use(nonce, "00000003")).as("a lower count").isFalse();
        assertThat(nonces.use(nonce, "00000000")).isFalse();
        assertThat(nonces.use(nonce, "zz")).as("malformed").isFalse();
        assertThat(nonces.use(nonce, "1")).as("not 8 hex digits").isFalse();
        assertThat(nonces.use(nonce, "00000006")).isTrue();

        String noQop = nonces.issue("cti.test", PHONE);
        assertThat(nonces.use(noQop, null)).as("without qop: once").isTrue();
        assertThat(nonces.use(noQop, null)).isFalse();
    }

    @Test
    void twoPhonesBehindOneAddressChallengedInTheSameMillisecondGetTwoNonces() {
        // the hand clock stands still: the same realm, client address and issue time
        String first = nonces.issue("cti.test", PHONE);
        String second = nonces.issue("cti.test", PHONE);
        assertThat(second).isNotEqualTo(first);
        assertThat(nonces.check(first, "cti.test", PHONE)).isEqualTo(NonceService.Validity.VALID);
        assertThat(nonces.check(second, "cti.test", PHONE)).isEqualTo(NonceService.Validity.VALID);
        assertThat(nonces.use(first, "00000001")).isTrue();
        assertThat(nonces.use(second, "00000001")).as("another phone's first use, not a replay").isTrue();
    }

    @Test
    void countsOfStaleNoncesAreForgotten() {
        String old = nonces.issue("cti.test", PHONE);
        nonces.use(old, "00000001");
        clock.advance(Duration.ofMinutes(3));
        String recent = nonces.issue("cti.test", PHONE);
        nonces.use(recent, "00000001");
        clock.advance(Duration.ofMinutes(3));
        nonces.forgetStale();
        assertThat(nonces.remembered()).isEqualTo(1);
        assertThat(nonces.use(recent, "00000001")).as("the recent nonce is still remembered").isFalse();
    }
}
