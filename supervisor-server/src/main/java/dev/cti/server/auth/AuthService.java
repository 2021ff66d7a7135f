package dev.cti.server.auth;

import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.config.PasswordHash;
import dev.cti.config.UserConfig;
import dev.cti.server.store.SessionRow;
import dev.cti.server.store.SessionStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs users in against the configured users and keeps their sessions (docs/SECURITY.md, "Login", "Sessions").
 *
 * <ul>
 *   <li><b>Tokens</b> are 256 random bits from {@link SecureRandom}, base64url, given to the client once. The server
 *       keeps only their SHA-256 ({@link Session#id}), in memory for every request and in the database
 *       ({@link SessionStore}) so a restart logs nobody out. A plain hash suffices: the token has 256 bits of
 *       entropy, so nothing can be guessed back from its hash; a slow hash (PBKDF2) protects low-entropy passwords
 *       and here would only cost time on every request.</li>
 *   <li><b>Passwords</b> are checked (PBKDF2) on a worker pool of their own ({@code login.hashThreads}), apart from
 *       the store's worker and Vert.x's default pool, with at most {@code login.maxWaiting} logins waiting (then
 *       {@link Outcome.Busy}): a burst at shift start is served in parallel, a flood cannot starve anything else.
 *       An unknown user name is checked against a dummy hash of the same cost, so it takes as long as a known one.</li>
 *   <li><b>Guessing</b> is stopped by {@link LoginGuard}: a locked name or address is refused before any hash is
 *       computed, right password or not.</li>
 * </ul>
 * Thread-safe: the HTTP verticle's handlers call it from event loops; {@link #authenticate} is a map look-up.
 */
public final class AuthService {
    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
    /** Sessions that ended longer ago than this are deleted from the database at start. */
    static final Duration KEEP_ENDED = Duration.ofDays(30);

    private final Map<String, UserConfig> users = new ConcurrentHashMap<>();
    private final PasswordVerifier verifier;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration ttl;
    private final NetworkConfig.Login limits;
    private final LoginGuard guard;
    private final SessionStore store;
    private final WorkerExecutor hashing;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Hashed with for an unknown user name: as costly as the users' own, matched by nothing. */
    private final String dummyHash;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Names whose password is being checked now: one check per name at a time, so guesses cannot outrun the lock. */
    private final java.util.Set<String> checking = ConcurrentHashMap.newKeySet();

    /** What a login attempt came to. */
    public sealed interface Outcome {
        /** Logged in: the token (given out this once) and its session. */
        record Ok(String token, Session session) implements Outcome {}

        /**
         * Wrong password or unknown user (not said which).
         *
         * @param knownUser  whether the name is a configured user (for the audit log only)
         * @param lockStarted the lock this failure started, if any
         */
        record Refused(boolean knownUser, Optional<LoginGuard.Lock> lockStarted) implements Outcome {}

        /** Refused without checking the password: the name or the address is locked. */
        record Locked(boolean knownUser, LoginGuard.Lock lock) implements Outcome {}

        /** Too many logins waiting for the hashing pool. */
        record Busy() implements Outcome {}
    }

    public AuthService(CtiConfig config, PasswordVerifier verifier, Clock clock, SecureRandom random, Vertx vertx,
                       SessionStore store) {
        config.users().forEach(u -> users.put(u.username(), u));
        this.verifier = verifier;
        this.clock = clock;
        this.random = random;
        this.ttl = Duration.ofHours(config.network().server().sessions().ttlHours());
        this.limits = config.network().server().login();
        this.guard = new LoginGuard(limits, clock);
        this.store = store;
        this.hashing = vertx.createSharedWorkerExecutor("cti-login", limits.hashThreads());
        this.dummyHash = dummyHash(config, random);
    }

    /** Loads the live sessions from the database (call once, before serving); drops rows long ended. */
    public Future<Void> start() {
        Instant now = clock.instant();
        return store.purge(now.minus(KEEP_ENDED)).compose(purged -> store.live(now)).map(rows -> {
            int kept = 0;
            for (SessionRow r : rows) {
                UserConfig u = users.get(r.username());
                if (u == null) {
                    continue; // the user is no longer configured: the session dies with it
                }
                sessions.put(r.tokenHash(), new Session(r.tokenHash(), Principal.of(u), r.createdAt(), r.expiresAt()));
                kept++;
            }
            LOG.info("{} session(s) restored from the store", kept);
            return null;
        });
    }

    /**
     * Logs {@code username} in from {@code address}. The password array is wiped once checked. The future fails
     * only when the store cannot record the session.
     */
    public Future<Outcome> login(String username, char[] password, String address) {
        UserConfig user = users.get(username);
        Optional<LoginGuard.Lock> lock = guard.locked(username, address);
        if (lock.isPresent()) {
            Arrays.fill(password, '\0');
            return Future.succeededFuture(new Outcome.Locked(user != null, lock.get()));
        }
        if (!checking.add(username)) {
            Arrays.fill(password, '\0');
            return Future.succeededFuture(new Outcome.Locked(user != null,
                    new LoginGuard.Lock(Duration.ofSeconds(1), "user", false)));
        }
        if (inFlight.incrementAndGet() > limits.hashThreads() + limits.maxWaiting()) {
            inFlight.decrementAndGet();
            checking.remove(username);
            Arrays.fill(password, '\0');
            return Future.succeededFuture(new Outcome.Busy());
        }
        String encoded = user == null ? dummyHash : user.passwordHash();
        Future<Boolean> checked = hashing.executeBlocking(() -> {
            try {
                return verifier.verify(password, encoded) && user != null;
            } finally {
                Arrays.fill(password, '\0');
            }
        }, false);
        return checked.eventually(() -> {
            inFlight.decrementAndGet();
            checking.remove(username);
            return Future.succeededFuture();
        }).compose(ok -> {
            if (!ok) {
                LOG.info("login refused for {}", user == null ? "an unknown user" : "user '" + username + "'");
                return Future.succeededFuture(new Outcome.Refused(user != null, guard.failed(username, address)));
            }
            guard.succeeded(username);
            return newSession(user, address);
        });
    }

    private Future<Outcome> newSession(UserConfig user, String address) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Session s = new Session(hash(token), Principal.of(user), now, now.plus(ttl));
        return store.insert(new SessionRow(s.id(), user.username(), s.createdAt(), s.expiresAt(), false,
                Optional.ofNullable(address))).map(v -> {
            sessions.put(s.id(), s);
            LOG.info("user {} logged in ({})", user.username(), user.role());
            return new Outcome.Ok(token, s);
        });
    }

    /** The live session of a token: known, not revoked, not expired. */
    public Optional<Session> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 256) {
            return Optional.empty();
        }
        return live(hash(token));
    }

    /** The session with this id if it is still live (expired ones are dropped). */
    public Optional<Session> live(String sessionId) {
        Session s = sessions.get(sessionId);
        if (s == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(s.expiresAt())) {
            sessions.remove(sessionId);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** Whether {@code s} still works (not logged out, not expired): its WebSockets are closed once it does not. */
    public boolean isLive(Session s) {
        return live(s.id()).isPresent();
    }

    /** Ends a session: revoked in the database, then gone from memory. */
    public Future<Void> logout(Session s) {
        return store.revoke(s.id(), clock.instant()).map(v -> {
            sessions.remove(s.id());
            return null;
        });
    }

    public int activeSessions() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !now.isBefore(s.expiresAt()));
        return sessions.size();
    }

    /** Stops the hashing pool. */
    public void close() {
        hashing.close();
    }

    /** Hex SHA-256 of a token: the session's id and what the database keeps. */
    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every Java runtime", e);
        }
    }

    /**
     * A well-formed PBKDF2 hash with the iteration count most users have (ties: the higher), so an unknown name costs
     * what a known one does, over random salt and value: computing it takes the full time, matching it never happens.
     */
    static String dummyHash(CtiConfig config, SecureRandom random) {
        Map<Integer, Long> counts = config.users().stream().collect(java.util.stream.Collectors.groupingBy(
                u -> iterations(u.passwordHash()), java.util.stream.Collectors.counting()));
        int iterations = counts.entrySet().stream()
                .max(Map.Entry.<Integer, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).orElse(PasswordHash.DEFAULT_ITERATIONS);
        byte[] salt = new byte[16];
        byte[] value = new byte[32];
        random.nextBytes(salt);
        random.nextBytes(value);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PasswordHash.SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(value);
    }

    private static int iterations(String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.split("\\$");
        try {
            return parts.length == 4 ? Integer.parseInt(parts[1]) : PasswordHash.DEFAULT_ITERATIONS;
        } catch (NumberFormatException e) {
            return PasswordHash.DEFAULT_ITERATIONS;
        }
    }
}
