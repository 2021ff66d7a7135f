package dev.cti.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.server.testing.HandClock;
import dev.cti.config.PasswordHash;
import dev.cti.server.testing.TestConfigs;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthServiceTest {
    /** A clock tests move by hand. */

    private final HandClock clock = new HandClock(Instant.parse("2026-01-05T00:00:00Z"));
    private final AuthService auth = new AuthService(TestConfigs.sample("unused"), PasswordHash::verify, clock,
            new SecureRandom(), Duration.ofHours(1));

    @Test
    void login_with_the_right_password_gives_a_random_256_bit_token() {
        Session s = auth.login("alice", TestConfigs.PASSWORD.toCharArray()).orElseThrow();
        assertThat(Base64.getUrlDecoder().decode(s.token())).hasSize(32);
        assertThat(s.principal().agent()).contains("a1");
        assertThat(s.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(auth.authenticate(s.token())).contains(s);
        assertThat(s.toString()).doesNotContain(s.token());
    }

    @Test
    void wrong_password_and_unknown_user_are_refused() {
        assertThat(auth.login("alice", "wrong".toCharArray())).isEmpty();
        assertThat(auth.login("mallory", TestConfigs.PASSWORD.toCharArray())).isEmpty();
        assertThat(auth.authenticate("made-up")).isEmpty();
        assertThat(auth.authenticate(null)).isEmpty();
    }

    @Test
    void tokens_expire_and_logout_ends_them() {
        Session a = auth.login("sam", TestConfigs.PASSWORD.toCharArray()).orElseThrow();
        Session b = auth.login("sam", TestConfigs.PASSWORD.toCharArray()).orElseThrow();
        assertThat(a.token()).isNotEqualTo(b.token());
        assertThat(auth.logout(b.token())).isTrue();
        assertThat(auth.authenticate(b.token())).isEmpty();
        clock.advance(Duration.ofMinutes(59));
        assertThat(auth.authenticate(a.token())).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(auth.authenticate(a.token())).isEmpty();
        assertThat(auth.activeSessions()).isZero();
    }

    @Test
    void the_password_array_is_wiped() {
        char[] pw = TestConfigs.PASSWORD.toCharArray();
        auth.login("alice", pw);
        assertThat(new String(pw)).isEqualTo("\0".repeat(pw.length));
        Set<Character> chars = new HashSet<>();
        for (char c : pw) {
            chars.add(c);
        }
        assertThat(chars).containsExactly('\0');
    }
}
