package dev.cti.server.auth;

import java.time.Instant;

/**
 * A login: whose it is and when it stops working. The bearer token itself is not kept: {@code id} is the hex SHA-256
 * of it, which is also what the database stores (V4 {@code sessions}).
 */
public record Session(String id, Principal principal, Instant createdAt, Instant expiresAt) {
    @Override
    public String toString() {
        return "Session[user=" + principal.username() + ", expiresAt=" + expiresAt + "]";
    }
}
