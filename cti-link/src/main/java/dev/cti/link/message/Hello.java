package dev.cti.link.message;

import java.util.Objects;

/**
 * First line the gateway sends on every connection. A changed {@code startedAt} means the gateway restarted,
 * so its seq starts again and every call the server knew is gone unless the snapshot lists it.
 *
 * @param startedAt when the gateway process started, epoch millis
 */
public record Hello(String gatewayId, long startedAt) implements LinkControl {

    public Hello {
        Objects.requireNonNull(gatewayId, "gatewayId");
    }
}
