package dev.cti.server.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.UserConfig;
import dev.cti.server.auth.Principal;
import dev.cti.server.testing.HandClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Playback tickets: one recording each, idle expiry renewed by use, never past the login. */
class PlaybackTicketsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
    private final HandClock clock = new HandClock(T0);
    private final PlaybackTickets tickets = new PlaybackTickets(clock, new SecureRandom());
    private final Principal sam = new Principal("sam", "Sam", UserConfig.Role.SUPERVISOR, Optional.empty(),
            List.of("red"));

    @Test
    void aTicketPlaysItsRecordingOnlyAndIsRandom() {
        PlaybackTickets.Ticket t = tickets.issue("rec-1", sam, "session-token", T0.plus(Duration.ofHours(12)));
        assertThat(t.value()).hasSize(43); // 256 bits, base64url
        assertThat(tickets.issue("rec-1", sam, "session-token", T0.plusSeconds(3600)).value()).isNotEqualTo(t.value());
        assertThat(tickets.use(t.value(), "rec-1")).hasValueSatisfying(u -> {
            assertThat(u.principal()).isEqualTo(sam);
            assertThat(u.sessionId()).isEqualTo("session-token");
        });
        assertThat(tickets.use(t.value(), "rec-2")).isEmpty();
        assertThat(tickets.use("forged", "rec-1")).isEmpty();
        assertThat(tickets.use(null, "rec-1")).isEmpty();
        assertThat(t.toString()).doesNotContain(t.value());
    }

    @Test
    void useRenewsTheIdleTimeAndAnIdleTicketLapses() {
        PlaybackTickets.Ticket t = tickets.issue("rec-1", sam, "s", T0.plus(Duration.ofHours(12)));
        assertThat(t.expiresAt()).isEqualTo(T0.plus(PlaybackTickets.IDLE));
        clock.advance(PlaybackTickets.IDLE.minusSeconds(1));
        assertThat(tickets.use(t.value(), "rec-1")).hasValueSatisfying(u ->
                assertThat(u.expiresAt()).isEqualTo(clock.instant().plus(PlaybackTickets.IDLE)));
        clock.advance(PlaybackTickets.IDLE.minusSeconds(1));
        assertThat(tickets.use(t.value(), "rec-1")).isPresent();
        clock.advance(PlaybackTickets.IDLE);
        assertThat(tickets.use(t.value(), "rec-1")).isEmpty();
        assertThat(tickets.live()).isZero();
    }

    @Test
    void neverOutlivesItsLoginAndCanBeRevoked() {
        PlaybackTickets.Ticket t = tickets.issue("rec-1", sam, "s", T0.plusSeconds(60));
        assertThat(t.expiresAt()).isEqualTo(T0.plusSeconds(60));
        clock.advance(Duration.ofSeconds(60));
        assertThat(tickets.use(t.value(), "rec-1")).isEmpty();
        PlaybackTickets.Ticket u = tickets.issue("rec-1", sam, "s", T0.plus(Duration.ofHours(1)));
        tickets.revoke(u.value());
        assertThat(tickets.use(u.value(), "rec-1")).isEmpty();
    }
}
