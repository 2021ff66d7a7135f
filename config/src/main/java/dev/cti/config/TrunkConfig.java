package dev.cti.config;

import java.util.List;
import java.util.Optional;

/**
 * A SIP trunk to the PBX or carrier. Inbound calls are accepted from {@code allowFrom}; the
 * dialled number selects the queue (see {@link QueueConfig#numbers()}). Outbound calls (click-to-dial,
 * transfers to external numbers) go to {@code host:port}.
 *
 * @param outboundPrefix digits put in front of every number dialled out through this trunk
 */
public record TrunkConfig(String id, String host, int port, Transport transport, List<String> allowFrom,
                          Optional<Credentials> credentials, String outboundPrefix) {
    public TrunkConfig {
        allowFrom = List.copyOf(allowFrom);
    }

    public enum Transport { UDP, TCP }

    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=***]";
        }
    }
}
