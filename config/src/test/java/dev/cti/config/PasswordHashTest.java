package dev.cti.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHashTest {
    @Test
    void verifiesItsOwnHashAndRejectsOtherPasswords() {
        String h = PasswordHash.hash("correct horse".toCharArray(), 20_000, new SecureRandom());
        assertThat(h).startsWith("pbkdf2-sha256$20000$");
        assertThat(PasswordHash.verify("correct horse".toCharArray(), h)).isTrue();
        assertThat(PasswordHash.verify("correct horsE".toCharArray(), h)).isFalse();
        assertThat(PasswordHash.problem(h)).isNull();
    }

    @Test
    void saltMakesEveryHashDifferent() {
        SecureRandom r = new SecureRandom();
        assertThat(PasswordHash.hash("same".toCharArray(), 20_000, r))
                .isNotEqualTo(PasswordHash.hash("same".toCharArray(), 20_000, r));
    }

    @Test
    void malformedHashesNeverVerifyAndAreExplained() {
        for (String bad : new String[] {"admin123", "", "pbkdf2-sha256$1$AAAA$AAAA", "md5$1$2$3",
                "pbkdf2-sha256$100000$!!$!!"}) {
            assertThat(PasswordHash.verify("admin123".toCharArray(), bad)).as(bad).isFalse();
            assertThat(PasswordHash.problem(bad)).as(bad).contains("never a plain password");
        }
        assertThat(PasswordHash.verify("x".toCharArray(), null)).isFalse();
    }
}
