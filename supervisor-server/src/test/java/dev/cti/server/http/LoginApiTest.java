package dev.cti.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.server.store.AuditEntry;
import dev.cti.server.testing.HandClock;
import dev.cti.server.testing.TestConfigs;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /api/login against guessing: lockout with 429 and Retry-After, audited, over HTTP (issue 13). */
class LoginApiTest {
    @TempDir
    Path dir;
    private final HandClock clock = new HandClock(Instant.parse("2026-03-02T08:00:00Z"));
    private ApiRig rig;

    @BeforeEach
    void start() throws Exception {
        rig = ApiRig.start(TestConfigs.sample(dir.resolve("data").toString()), clock);
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
    }

    private List<AuditEntry> audit() throws Exception {
        List<AuditEntry> newestFirst = new java.util.ArrayList<>(ApiRig.get(rig.store.auditLog(100)));
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Test
    void the_sixth_bad_login_gets_429_with_retry_after_and_an_audit_row() throws Exception {
        for (int i = 1; i <= 5; i++) {
            HttpResponse<Buffer> r = rig.login("alice", "guess-" + i);
            assertThat(r.statusCode()).as("attempt %d", i).isEqualTo(401);
            assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("invalid_credentials");
        }
        HttpResponse<Buffer> sixth = rig.login("alice", "guess-6");
        assertThat(sixth.statusCode()).isEqualTo(429);
        assertThat(sixth.getHeader("Retry-After")).isEqualTo("60");
        assertThat(sixth.bodyAsJsonObject().getString("error")).isEqualTo("too_many_attempts");
        List<AuditEntry> rows = audit();
        assertThat(rows).extracting(AuditEntry::action).containsExactly("login-failed", "login-failed",
                "login-failed", "login-failed", "login-failed", "login-locked");
        assertThat(rows).allSatisfy(e -> assertThat(e.actor()).isEqualTo("alice"));
        assertThat(rows.get(0).detail().orElseThrow()).contains("wrong password from 127.0.0.1");
        assertThat(rows.get(4).detail().orElseThrow()).contains("user locked for 60 s");
        assertThat(rows.get(5).detail().orElseThrow()).contains("user locked, 60 s left, from 127.0.0.1");
        assertThat(rig.meters.counter("cti.http.logins.refused", "reason", "locked").count()).isEqualTo(1);
    }

    @Test
    void the_right_password_during_the_lockout_gets_429_until_it_ends() throws Exception {
        for (int i = 1; i <= 5; i++) {
            rig.login("alice", "guess-" + i);
        }
        clock.advance(Duration.ofSeconds(15));
        HttpResponse<Buffer> right = rig.login("alice", TestConfigs.PASSWORD);
        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(right.getHeader("Retry-After")).isEqualTo("45");
        assertThat(rig.login("alice", TestConfigs.PASSWORD).statusCode()).isEqualTo(429);
        assertThat(audit()).extracting(AuditEntry::action).as("one row per lockout, the repeats only counted")
                .containsOnlyOnce("login-locked");
        assertThat(rig.login("bob", TestConfigs.PASSWORD).statusCode()).as("other users are not locked").isEqualTo(200);
        clock.advance(Duration.ofSeconds(45));
        assertThat(rig.login("alice", TestConfigs.PASSWORD).statusCode()).isEqualTo(200);
        assertThat(audit()).last().satisfies(e -> assertThat(e.action()).isEqualTo("login"));
    }

    @Test
    void each_further_lockout_is_longer() throws Exception {
        for (int i = 1; i <= 5; i++) {
            rig.login("sam", "guess-" + i);
        }
        clock.advance(Duration.ofSeconds(60));
        for (int i = 1; i <= 5; i++) {
            rig.login("sam", "again-" + i);
        }
        assertThat(rig.login("sam", TestConfigs.PASSWORD).getHeader("Retry-After")).isEqualTo("120");
    }

    @Test
    void an_unknown_name_is_refused_like_a_wrong_password_and_not_written_down() throws Exception {
        HttpResponse<Buffer> r = rig.login("my-password-typed-here", "x");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("invalid_credentials");
        assertThat(audit()).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("login-failed");
            assertThat(e.actor()).isEqualTo(LoginRoutes.UNKNOWN_USER);
            assertThat(e.detail().orElseThrow()).isEqualTo("unknown user from 127.0.0.1");
            assertThat(e.toString()).doesNotContain("my-password-typed-here");
        });
    }
}
