package dev.cti.link.message;

import java.util.Objects;

/**
 * An agent phone's registration ended.
 */
public record PhoneUnregistered(String extension, UnregisterReason reason, long at) implements LinkEvent {

    public PhoneUnregistered {
        Objects.requireNonNull(extension, "extension");
        Objects.requireNonNull(reason, "reason");
    }
}
