package dev.cti.server.auth;

import java.time.Instant;

/** A login: an opaque bearer token, whose it is, and when it stops working. */
public record Session(String token, Principal principal, Instant expiresAt) {
    @Override
    public String toString() {
        return "Session[user=" + principal.username() + ", expiresAt=" + expiresAt + ", token=***]";
    }
}
