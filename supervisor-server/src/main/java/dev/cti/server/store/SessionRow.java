package dev.cti.server.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One stored bearer session (table {@code sessions}, V4): the token itself is never stored, only its hash.
 *
 * @param tokenHash    hex SHA-256 of the token
 * @param loginAddress where the login came from
 */
public record SessionRow(String tokenHash, String username, Instant createdAt, Instant expiresAt, boolean revoked,
                         Optional<String> loginAddress) {}
