package dev.cti.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A SIP trunk to the PBX or carrier. Inbound calls are accepted from {@code allowFrom}; the
 * dialled number selects the queue (see {@link QueueConfig#numbers()}). Outbound calls (click-to-dial,
 * transfers to external numbers) go to {@code host:port}, for numbers its {@code dialPlan} allows.
 *
 * @param outboundPrefix digits put in front of every number dialled out through this trunk
 * @param dialPlan       the numbers that may be dialled out through it
 * @param caFile         with {@code transport: tls}: the CA that issued the trunk's certificate (the gateway trusts
 *                       nothing else for TLS trunks; names are not checked); absolute
 */
public record TrunkConfig(String id, String host, int port, Transport transport, List<String> allowFrom,
                          Optional<Credentials> credentials, String outboundPrefix, DialPlan dialPlan,
                          Optional<Path> caFile) {
    public TrunkConfig {
        allowFrom = List.copyOf(allowFrom);
        java.util.Objects.requireNonNull(dialPlan, "dialPlan");
        java.util.Objects.requireNonNull(caFile, "caFile");
    }

    /** A trunk without a TLS CA (UDP or TCP). */
    public TrunkConfig(String id, String host, int port, Transport transport, List<String> allowFrom,
                       Optional<Credentials> credentials, String outboundPrefix, DialPlan dialPlan) {
        this(id, host, port, transport, allowFrom, credentials, outboundPrefix, dialPlan, Optional.empty());
    }

    /** A trunk with the default dial plan ({@link DialPlan#defaults()}). */
    public TrunkConfig(String id, String host, int port, Transport transport, List<String> allowFrom,
                       Optional<Credentials> credentials, String outboundPrefix) {
        this(id, host, port, transport, allowFrom, credentials, outboundPrefix, DialPlan.defaults());
    }

    /** How the gateway reaches the trunk; TLS legs carry SRTP (docs/SECURITY.md). */
    public enum Transport { UDP, TCP, TLS }

    public record Credentials(String username, String password) {
        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=***]";
        }
    }
}
