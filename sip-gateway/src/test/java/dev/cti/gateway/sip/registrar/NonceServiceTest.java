package dev.cti.gateway.sip.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.sip.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NonceServiceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final NonceService nonces = new NonceService(clock, Duration.ofMinutes(5), new SecureRandom());

    @Test
    void validUntilTheLifetimeThenStale() {
        String nonce = nonces.issue("cti.test");
        assertThat(nonces.check(nonce, "cti.test")).isEqualTo(NonceService.Validity.VALID);
        clock.advance(Duration.ofMinutes(5));
        assertThat(nonces.check(nonce, "cti.test")).isEqualTo(NonceService.Validity.VALID);
        clock.advance(Duration.ofMillis(1));
        assertThat(nonces.check(nonce, "cti.test")).isEqualTo(NonceService.Validity.STALE);
    }

    @Test
    void boundToRealmAndKey() {
        String nonce = nonces.issue("cti.test");
        assertThat(nonces.check(nonce, "other.realm")).isEqualTo(NonceService.Validity.INVALID);
        NonceService otherProcess = new NonceService(clock, Duration.ofMinutes(5), new SecureRandom());
        assertThat(otherProcess.check(nonce, "cti.test")).isEqualTo(NonceService.Validity.INVALID);
        assertThat(nonces.check("not base64 !", "cti.test")).isEqualTo(NonceService.Validity.INVALID);
        assertThat(nonces.check(null, "cti.test")).isEqualTo(NonceService.Validity.INVALID);
        char[] c = nonce.toCharArray();
        c[3] = c[3] == 'A' ? 'B' : 'A';
        assertThat(nonces.check(new String(c), "cti.test")).as("tampered timestamp").isEqualTo(NonceService.Validity.INVALID);
    }
}
