package dev.cti.config;

import java.util.List;
import java.util.Optional;

/**
 * A person who logs in.
 *
 * @param passwordHash a {@link PasswordHash} string ({@code pbkdf2-sha256$iterations$salt$hash}); never a
 *                     plain password
 * @param agent        for role AGENT (and a SUPERVISOR who also takes calls or monitors through a
 *                     softphone): the agent seat this user works
 * @param teams        for roles SUPERVISOR and QA: the teams this user may monitor (supervisors), act on and
 *                     evaluate
 */
public record UserConfig(String username, String displayName, Role role, String passwordHash,
                         Optional<String> agent, List<String> teams) {
    public UserConfig {
        teams = List.copyOf(teams);
    }

    /** QA: 质检员, evaluates the calls of the agents of {@code teams}. */
    public enum Role { AGENT, SUPERVISOR, QA, ADMIN }

    @Override
    public String toString() {
        return "UserConfig[username=" + username + ", role=" + role + ", agent=" + agent + ", teams=" + teams + "]";
    }
}
