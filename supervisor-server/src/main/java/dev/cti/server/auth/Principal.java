package dev.cti.server.auth;

import dev.cti.config.UserConfig;
import java.util.List;
import java.util.Optional;

/** Who a request acts as: the logged-in user's identity and what the policy needs about them. */
public record Principal(String username, String displayName, UserConfig.Role role, Optional<String> agent,
                       List<String> teams) {
    public Principal {
        teams = List.copyOf(teams);
    }

    static Principal of(UserConfig u) {
        return new Principal(u.username(), u.displayName(), u.role(), u.agent(), u.teams());
    }

    /** Whether {@code agentId} is this user's own seat. */
    public boolean isSelf(String agentId) {
        return agent.isPresent() && agent.get().equals(agentId);
    }
}
