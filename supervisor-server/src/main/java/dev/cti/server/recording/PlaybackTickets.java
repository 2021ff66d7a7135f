package dev.cti.server.recording;

import dev.cti.server.auth.Principal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived playback tickets: a browser's {@code <audio>} element cannot send an Authorization header, so a page
 * asks for a ticket with its bearer token ({@code POST /api/recordings/{id}/ticket}, audited as the playback) and
 * puts the ticket, never the bearer token, in the audio URL. A ticket is 256 random bits, good for ONE recording, for
 * {@link #IDLE} after its last use and never after the login it was issued to ends (logout or expiry), so a leaked
 * URL is worth one recording for minutes. Kept in memory like the sessions: a restart forgets them. Thread-safe.
 */
public final class PlaybackTickets {
    /** A ticket lapses this long after it was last used (a paused player asks again when resumed later). */
    public static final Duration IDLE = Duration.ofMinutes(10);
    /** At most this many live tickets; the oldest expiries go first when it is reached. */
    static final int MAX_LIVE = 10_000;

    private final Clock clock;
    private final SecureRandom random;
    private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();

    /**
     * A ticket: whose it is, what it plays, and the id of the login (session) that asked for it (checked at each
     * use, so logging out ends the ticket too).
     */
    public record Ticket(String value, String recordingId, Principal principal, String sessionId,
                         Instant sessionExpiresAt, Instant expiresAt) {
        @Override
        public String toString() {
            return "Ticket[recording=" + recordingId + ", user=" + principal.username() + ", expiresAt=" + expiresAt
                    + ", value=***]";
        }
    }

    public PlaybackTickets(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /** A new ticket for {@code recordingId}, for the login (session id) {@code sessionId} of {@code principal}. */
    public Ticket issue(String recordingId, Principal principal, String sessionId, Instant sessionExpiresAt) {
        purge();
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Ticket t = new Ticket(value, recordingId, principal, sessionId, sessionExpiresAt, expiry(sessionExpiresAt));
        tickets.put(value, t);
        return t;
    }

    /**
     * The ticket {@code value} if it is live and for {@code recordingId}; its idle time starts again. The caller
     * checks that its login is still live ({@link Ticket#sessionId()}).
     */
    public Optional<Ticket> use(String value, String recordingId) {
        if (value == null) {
            return Optional.empty();
        }
        Ticket t = tickets.get(value);
        Instant now = clock.instant();
        if (t == null) {
            return Optional.empty();
        }
        if (!now.isBefore(t.expiresAt())) {
            tickets.remove(value, t);
            return Optional.empty();
        }
        if (!t.recordingId().equals(recordingId)) {
            return Optional.empty();
        }
        Ticket renewed = new Ticket(t.value(), t.recordingId(), t.principal(), t.sessionId(), t.sessionExpiresAt(),
                expiry(t.sessionExpiresAt()));
        tickets.replace(value, t, renewed);
        return Optional.of(renewed);
    }

    /** Drops a ticket (its login ended). */
    public void revoke(String value) {
        tickets.remove(value);
    }

    int live() {
        return tickets.size();
    }

    private Instant expiry(Instant sessionExpiresAt) {
        Instant idle = clock.instant().plus(IDLE);
        return idle.isBefore(sessionExpiresAt) ? idle : sessionExpiresAt;
    }

    private void purge() {
        Instant now = clock.instant();
        tickets.values().removeIf(t -> !now.isBefore(t.expiresAt()));
        if (tickets.size() >= MAX_LIVE) {
            tickets.values().stream().sorted(java.util.Comparator.comparing(Ticket::expiresAt))
                    .limit(tickets.size() - MAX_LIVE + 1L).map(Ticket::value).toList().forEach(tickets::remove);
        }
    }
}
