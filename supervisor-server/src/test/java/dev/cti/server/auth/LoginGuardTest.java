package dev.cti.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.NetworkConfig;
import dev.cti.server.testing.HandClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Lockout per name and per address, its growth and its end, with a clock moved by hand. */
class LoginGuardTest {
    private static final NetworkConfig.Login LIMITS = new NetworkConfig.Login(5, 8, 900, 60, 300, 2, 10);
    private final HandClock clock = new HandClock(Instant.parse("2026-03-02T08:00:00Z"));
    private final LoginGuard guard = new LoginGuard(LIMITS, clock);

    @Test
    void the_fifth_failure_locks_the_name_and_the_sixth_attempt_is_refused_once_audited() {
        for (int i = 1; i <= 4; i++) {
            assertThat(guard.failed("alice", "10.0.0." + i)).as("failure %d", i).isEmpty();
            assertThat(guard.locked("alice", "10.0.0.9")).isEmpty();
        }
        assertThat(guard.failed("alice", "10.0.0.5")).contains(new LoginGuard.Lock(Duration.ofSeconds(60), "user", false));
        assertThat(guard.locked("alice", "10.0.0.9")).contains(new LoginGuard.Lock(Duration.ofSeconds(60), "user", true));
        clock.advance(Duration.ofSeconds(20));
        assertThat(guard.locked("alice", "10.0.0.9")).contains(new LoginGuard.Lock(Duration.ofSeconds(40), "user", false));
        assertThat(guard.locked("bob", "10.0.0.9")).as("other names are not locked").isEmpty();
    }

    @Test
    void the_lock_ends_and_each_further_lockout_doubles_up_to_the_longest() {
        lockAlice();
        clock.advance(Duration.ofSeconds(60));
        assertThat(guard.locked("alice", "a")).isEmpty();
        assertThat(lockAlice()).isEqualTo(Duration.ofSeconds(120));
        clock.advance(Duration.ofSeconds(120));
        assertThat(lockAlice()).isEqualTo(Duration.ofSeconds(240));
        clock.advance(Duration.ofSeconds(240));
        assertThat(lockAlice()).isEqualTo(Duration.ofSeconds(300));
        clock.advance(Duration.ofSeconds(300));
        assertThat(lockAlice()).isEqualTo(Duration.ofSeconds(300));
        clock.advance(Duration.ofSeconds(300 + 900));
        assertThat(lockAlice()).as("quiet for a window after the lock: back to the first").isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void failures_older_than_the_window_are_forgotten_and_a_success_clears_the_name() {
        for (int i = 0; i < 4; i++) {
            guard.failed("alice", "a");
        }
        clock.advance(Duration.ofSeconds(901));
        assertThat(guard.failed("alice", "a")).isEmpty();
        for (int i = 0; i < 3; i++) {
            guard.failed("alice", "b");
        }
        guard.succeeded("alice");
        assertThat(guard.failed("alice", "c")).isEmpty();
    }

    @Test
    void one_address_guessing_many_names_is_locked_and_a_success_does_not_clear_it() {
        for (int i = 1; i <= 7; i++) {
            assertThat(guard.failed("user" + i, "10.9.9.9")).isEmpty();
        }
        guard.succeeded("user1");
        assertThat(guard.failed("user8", "10.9.9.9")).contains(new LoginGuard.Lock(Duration.ofSeconds(60), "address",
                false));
        assertThat(guard.locked("root", "10.9.9.9")).hasValueSatisfying(l -> assertThat(l.scope()).isEqualTo("address"));
        assertThat(guard.locked("root", "10.9.9.10")).isEmpty();
    }

    @Test
    void a_spray_of_names_keeps_memory_bounded() {
        for (int i = 0; i < LoginGuard.MAX_KEYS * 3; i++) {
            guard.failed("name-" + i, "addr-" + i);
        }
        assertThat(guard.size()).isLessThanOrEqualTo(2 * LoginGuard.MAX_KEYS);
    }

    private Duration lockAlice() {
        Duration lock = null;
        for (int i = 0; i < 5; i++) {
            lock = guard.failed("alice", "x" + i).map(LoginGuard.Lock::retryAfter).orElse(null);
        }
        return lock;
    }
}
