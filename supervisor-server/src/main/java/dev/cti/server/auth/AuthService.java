package dev.cti.server.auth;

import dev.cti.config.CtiConfig;
import dev.cti.config.UserConfig;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs users in against the configured users and keeps their sessions.
 *
 * <p>Tokens are 256 random bits from {@link SecureRandom}, base64url, opaque to clients, and expire
 * {@code ttl} after login. Sessions live in memory (a restart logs everyone out, which is acceptable for
 * a single node; clustering will move them to the shared store). Thread-safe: HTTP verticle instances
 * on several event loops share it.
 *
 * <p>{@link #login} is deliberately slow (PBKDF2): call it from a worker, never an event loop.
 */
public final class AuthService {
    private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);
    public static final Duration DEFAULT_TTL = Duration.ofHours(12);

    private final Map<String, UserConfig> users;
    private final PasswordVerifier verifier;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration ttl;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public AuthService(CtiConfig config, PasswordVerifier verifier, Clock clock, SecureRandom random, Duration ttl) {
        this.users = new ConcurrentHashMap<>();
        config.users().forEach(u -> users.put(u.username(), u));
        this.verifier = verifier;
        this.clock = clock;
        this.random = random;
        this.ttl = ttl;
    }

    /** A new session when the password is right; empty otherwise (unknown user or wrong password alike). */
    public Optional<Session> login(String username, char[] password) {
        try {
            UserConfig user = users.get(username);
            if (user == null || !verifier.verify(password, user.passwordHash())) {
                LOG.info("login refused for user '{}'", username.length() > 64 ? username.substring(0, 64) : username);
                return Optional.empty();
            }
            purgeExpired();
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Session s = new Session(token, Principal.of(user), clock.instant().plus(ttl));
            sessions.put(token, s);
            LOG.info("user {} logged in ({})", username, user.role());
            return Optional.of(s);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The live session of a token; expired ones are dropped. */
    public Optional<Session> authenticate(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Session s = sessions.get(token);
        if (s == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(s.expiresAt())) {
            sessions.remove(token);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    public boolean logout(String token) {
        return token != null && sessions.remove(token) != null;
    }

    public int activeSessions() {
        purgeExpired();
        return sessions.size();
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !now.isBefore(s.expiresAt()));
    }
}
