package dev.cti.server.auth;

/** On which agents a role may perform an action. */
public enum Scope {
    NONE,
    /** Only the user's own agent seat. */
    SELF,
    /** Agents of the user's teams, and the user's own seat. */
    TEAM,
    ALL
}
