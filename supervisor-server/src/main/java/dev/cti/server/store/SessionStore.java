package dev.cti.server.store;

import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Bearer sessions in the database (V4, {@code sessions}), so they survive a restart: written before the login is
 * answered, revoked before a logout is, read back at start. Runs on the {@link Store}'s one worker and connection.
 */
public final class SessionStore {
    private final Store store;

    public SessionStore(Store store) {
        this.store = store;
    }

    /** Stores a new session; committed before the future completes. */
    public Future<Void> insert(SessionRow s) {
        return store.transaction("session", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions (token_hash, username, created_at,"
                    + " expires_at, revoked, login_address) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, s.tokenHash());
                ps.setString(2, s.username());
                Store.setTime(ps, 3, s.createdAt());
                Store.setTime(ps, 4, s.expiresAt());
                ps.setBoolean(5, s.revoked());
                Store.setOpt(ps, 6, s.loginAddress());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Marks a session revoked (logout); true when it was live. */
    public Future<Boolean> revoke(String tokenHash, Instant at) {
        return store.transaction("session_revoke", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sessions SET revoked = TRUE, revoked_at = ?"
                    + " WHERE token_hash = ? AND revoked = FALSE")) {
                Store.setTime(ps, 1, at);
                ps.setString(2, tokenHash);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** Sessions neither revoked nor expired at {@code now}. */
    public Future<List<SessionRow>> live(Instant now) {
        return store.read(c -> {
            List<SessionRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT token_hash, username, created_at, expires_at,"
                    + " revoked, login_address FROM sessions WHERE revoked = FALSE AND expires_at > ?")) {
                Store.setTime(ps, 1, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new SessionRow(rs.getString(1), rs.getString(2), Store.time(rs, 3).orElseThrow(),
                                Store.time(rs, 4).orElseThrow(), rs.getBoolean(5), Store.opt(rs, 6)));
                    }
                }
            }
            return out;
        });
    }

    /** Deletes the rows of sessions that ended (expired or revoked) before {@code before}; how many. */
    public Future<Integer> purge(Instant before) {
        return store.transaction("session_purge", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sessions WHERE expires_at < ?"
                    + " OR (revoked = TRUE AND revoked_at < ?)")) {
                Store.setTime(ps, 1, before);
                Store.setTime(ps, 2, before);
                return ps.executeUpdate();
            }
        });
    }
}
