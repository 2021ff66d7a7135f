package dev.cti.server.acd;

import java.time.Instant;
import java.util.Map;

/**
 * An agent the ACD may offer a call to right now (READY, phone registered).
 *
 * @param skills       skill id → level
 * @param idleSince    when the agent last became available (longest-idle picks the earliest)
 * @param callsHandled calls the agent handled today (fewest-calls picks the lowest)
 */
public record AgentCandidate(String agentId, Map<String, Integer> skills, Instant idleSince, long callsHandled) {
    public AgentCandidate {
        skills = Map.copyOf(skills);
    }
}
