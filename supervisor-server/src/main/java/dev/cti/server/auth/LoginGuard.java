package dev.cti.server.auth;

import dev.cti.config.NetworkConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Back-off and lockout against password guessing (docs/SECURITY.md, "Login"), per user name and per address.
 *
 * <p>Failed logins are counted per name and per address within {@code failureWindowSeconds}; at
 * {@code maxFailuresPerUser} (or {@code maxFailuresPerAddress}) the name (or address) is locked for
 * {@code lockoutSeconds}, doubled for each further lockout of the same key, up to {@code maxLockoutSeconds}. While
 * locked every attempt is refused before any password is checked, the right one included. A success clears the
 * name's count and lockout history, never the address's (one valid account must not reset a guesser's address). The
 * lockout history of a key is forgotten once it has been quiet for a window after its lock ended.
 *
 * <p>Bounded memory: at most {@link #MAX_KEYS} keys per kind, the least recently used dropped first (a spray of
 * random names cannot grow it). Thread-safe (one lock; the work inside is a few map operations). Time from the
 * injected clock.
 */
public final class LoginGuard {
    /** Keys kept per kind (names, addresses). */
    static final int MAX_KEYS = 10_000;

    private final NetworkConfig.Login limits;
    private final Clock clock;
    private final Map<String, Entry> users = lru();
    private final Map<String, Entry> addresses = lru();

    /** Why an attempt is refused before its password is checked. */
    public record Lock(Duration retryAfter, String scope, boolean firstRefusal) {}

    public LoginGuard(NetworkConfig.Login limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * The lock in force for this name or this address, if any (the longer of the two). {@code firstRefusal} is true
     * for the first attempt refused during that lock (the one that is audited; the rest are counted).
     */
    public synchronized Optional<Lock> locked(String user, String address) {
        Instant now = clock.instant();
        Entry u = users.get(user);
        Entry a = addresses.get(address);
        Duration ul = u == null ? Duration.ZERO : u.remaining(now);
        Duration al = a == null ? Duration.ZERO : a.remaining(now);
        if (ul.isZero() && al.isZero()) {
            return Optional.empty();
        }
        Entry by = ul.compareTo(al) >= 0 ? u : a;
        boolean first = !by.refusalSeen;
        by.refusalSeen = true;
        return Optional.of(new Lock(ul.compareTo(al) >= 0 ? ul : al, ul.compareTo(al) >= 0 ? "user" : "address",
                first));
    }

    /** Counts a failed login; the lock this failure started (of the name or the address), if any. */
    public synchronized Optional<Lock> failed(String user, String address) {
        Instant now = clock.instant();
        Optional<Duration> byUser = entry(users, user).fail(now, limits.maxFailuresPerUser());
        Optional<Duration> byAddress = entry(addresses, address).fail(now, limits.maxFailuresPerAddress());
        if (byUser.isPresent()) {
            return Optional.of(new Lock(byUser.get(), "user", false));
        }
        return byAddress.map(d -> new Lock(d, "address", false));
    }

    /** A right password: the name starts afresh. */
    public synchronized void succeeded(String user) {
        users.remove(user);
    }

    /** Keys kept now (names + addresses), for the memory bound's test. */
    synchronized int size() {
        return users.size() + addresses.size();
    }

    private Entry entry(Map<String, Entry> map, String key) {
        return map.computeIfAbsent(key, k -> new Entry());
    }

    private static Map<String, Entry> lru() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > MAX_KEYS;
            }
        };
    }

    /** One name's or address's failures and lockouts. */
    private final class Entry {
        private int failures;
        private Instant firstFailure;
        private int lockouts;
        private Instant lockedUntil = Instant.MIN;
        private boolean refusalSeen;

        Duration remaining(Instant now) {
            return now.isBefore(lockedUntil) ? Duration.between(now, lockedUntil) : Duration.ZERO;
        }

        Optional<Duration> fail(Instant now, int max) {
            Duration window = Duration.ofSeconds(limits.failureWindowSeconds());
            if (lockouts > 0 && !now.isBefore(lockedUntil) && !now.isBefore(lockedUntil.plus(window))) {
                lockouts = 0; // quiet for a window after the last lock: start again from the first lockout
            }
            if (firstFailure == null || !now.isBefore(firstFailure.plus(window))) {
                failures = 0;
                firstFailure = now;
            }
            failures++;
            if (failures < max) {
                return Optional.empty();
            }
            lockouts++;
            long seconds = (long) limits.lockoutSeconds() << Math.min(lockouts - 1, 20);
            Duration lock = Duration.ofSeconds(Math.min(seconds, limits.maxLockoutSeconds()));
            lockedUntil = now.plus(lock);
            refusalSeen = false;
            failures = 0;
            firstFailure = null;
            return Optional.of(lock);
        }
    }
}
