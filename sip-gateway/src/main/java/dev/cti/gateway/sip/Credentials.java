package dev.cti.gateway.sip;

import dev.cti.config.AgentConfig;
import java.util.Optional;

/**
 * Looks up the agent seat whose softphone registers as an extension. Backed by the configuration today
 * ({@code CtiConfig} agents); a function so the gateway can swap in a reloadable view without the SIP layer
 * knowing.
 */
@FunctionalInterface
public interface Credentials {
    Optional<AgentConfig> lookup(String extension);
}
