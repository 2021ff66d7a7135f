package dev.cti.link.message;

import java.util.Objects;

/**
 * An agent phone registered or refreshed its registration.
 *
 * @param contact the registered Contact URI
 * @param expiresSeconds the expiry granted
 */
public record PhoneRegistered(
        String extension,
        String contact,
        int expiresSeconds,
        long at)
        implements LinkEvent {

    public PhoneRegistered {
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(contact, "contact");
    }
}
