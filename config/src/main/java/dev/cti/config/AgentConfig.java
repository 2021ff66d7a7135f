package dev.cti.config;

import java.util.Map;

/**
 * An agent seat.
 *
 * @param id          stable agent id, used by the APIs and {@code bin/cti agent --id}
 * @param workNumber  the work number (工号) said in the greeting
 * @param extension   SIP user the agent's softphone registers as
 * @param sipPassword SIP digest password of that extension
 * @param skills      skill id → level 1..10
 * @param language    the agent's script language ({@code zh-CN} or {@code en})
 */
public record AgentConfig(String id, String name, String workNumber, String extension, String sipPassword,
                          Map<String, Integer> skills, String team, String language) {
    public AgentConfig {
        skills = Map.copyOf(skills);
    }

    @Override
    public String toString() {
        return "AgentConfig[id=" + id + ", name=" + name + ", workNumber=" + workNumber + ", extension="
                + extension + ", sipPassword=***, skills=" + skills + ", team=" + team + ", language=" + language
                + "]";
    }
}
