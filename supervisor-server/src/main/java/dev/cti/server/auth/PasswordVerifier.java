package dev.cti.server.auth;

/**
 * Checks a password against a stored hash; production passes {@code dev.cti.config.PasswordHash::verify}.
 * An interface only so the dependency is passed in, not reached through a static.
 */
@FunctionalInterface
public interface PasswordVerifier {
    boolean verify(char[] password, String encoded);
}
