package dev.cti.server.http;

import dev.cti.config.AgentConfig;
import dev.cti.config.UserConfig;
import dev.cti.server.auth.Action;
import dev.cti.server.auth.Principal;
import java.util.Optional;

/**
 * Who sees a live call, in one place for {@code GET /api/calls} and the WebSocket push: a call with an agent goes to
 * whoever may see that agent ({@code VIEW_AGENT}: the agent, supervisors and QA of its team, admins); a call with no
 * agent yet (queued) to every user who is not an agent.
 */
final class CallScope {
    private CallScope() {}

    static boolean visible(ApiDependencies deps, Principal p, String agentId) {
        if (agentId != null) {
            Optional<AgentConfig> a = deps.agents().agent(agentId);
            return a.isPresent() && deps.policy().decide(p, Action.VIEW_AGENT, a).allowed();
        }
        return p.role() != UserConfig.Role.AGENT;
    }
}
