package dev.cti.server.auth;

import static dev.cti.server.auth.Action.*;
import static dev.cti.server.auth.Scope.*;

import dev.cti.config.AgentConfig;
import dev.cti.config.UserConfig.Role;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who may do what, as one table (role x action -> scope). Agents act only on themselves; supervisors see
 * and force agents of their teams (UserConfig.teams vs AgentConfig.team) and act as agents only on their
 * own seat; admins may do everything.
 *
 * <pre>
 *              VIEW_AGENT SET_STATE WRAP_UP FORCE_STATE FORCE_LOGOUT VIEW_QUEUES CONTROL_CALL DIAL MANAGE_CUSTOMERS MONITOR
 * AGENT        SELF       SELF      SELF    NONE        NONE         ALL         SELF         SELF NONE             NONE
 * SUPERVISOR   TEAM       SELF      SELF    TEAM        TEAM         ALL         TEAM         SELF NONE             TEAM
 * ADMIN        ALL        ALL       ALL     ALL         ALL          ALL         ALL          ALL  ALL              ALL
 * </pre>
 * MONITOR is the one TEAM action that does not include the user's own seat: nobody monitors themselves.
 */
public final class AuthorizationPolicy {

    public static final Map<Role, Map<Action, Scope>> TABLE = table();

    /** The answer and, when refused, why (for the audit log and the 403 message). */
    public record Decision(boolean allowed, String reason) {
        static Decision allow() {
            return new Decision(true, "allowed");
        }

        static Decision deny(String why) {
            return new Decision(false, why);
        }
    }

    private static Map<Role, Map<Action, Scope>> table() {
        Map<Role, Map<Action, Scope>> t = new EnumMap<>(Role.class);
        t.put(Role.AGENT, row(SELF, SELF, SELF, NONE, NONE, ALL, SELF, SELF, NONE, NONE));
        t.put(Role.SUPERVISOR, row(TEAM, SELF, SELF, TEAM, TEAM, ALL, TEAM, SELF, NONE, TEAM));
        t.put(Role.ADMIN, row(ALL, ALL, ALL, ALL, ALL, ALL, ALL, ALL, ALL, ALL));
        return java.util.Collections.unmodifiableMap(t);
    }

    private static Map<Action, Scope> row(Scope view, Scope set, Scope wrap, Scope force, Scope logout,
                                          Scope queues, Scope control, Scope dial, Scope customers,
                                          Scope monitor) {
        Map<Action, Scope> r = new EnumMap<>(Action.class);
        r.put(VIEW_AGENT, view);
        r.put(SET_STATE, set);
        r.put(WRAP_UP, wrap);
        r.put(FORCE_STATE, force);
        r.put(FORCE_LOGOUT, logout);
        r.put(VIEW_QUEUES, queues);
        r.put(Action.CONTROL_CALL, control);
        r.put(Action.DIAL, dial);
        r.put(Action.MANAGE_CUSTOMERS, customers);
        r.put(Action.MONITOR, monitor);
        return java.util.Collections.unmodifiableMap(r);
    }

    public Scope scope(Role role, Action action) {
        return TABLE.get(role).get(action);
    }

    /** May {@code who} perform {@code action} on {@code target} (empty for actions on no agent)? */
    public Decision decide(Principal who, Action action, Optional<AgentConfig> target) {
        Scope scope = scope(who.role(), action);
        switch (scope) {
            case NONE:
                return Decision.deny(who.role() + " may not " + action);
            case ALL:
                return Decision.allow();
            default:
                break;
        }
        if (target.isEmpty()) {
            return scope == SELF && who.agent().isEmpty()
                    ? Decision.deny(who.username() + " has no agent seat") : Decision.allow();
        }
        AgentConfig agent = target.get();
        if (who.isSelf(agent.id())) {
            return action == MONITOR ? Decision.deny(who.username() + " may not monitor their own seat")
                    : Decision.allow();
        }
        if (scope == TEAM && who.teams().contains(agent.team())) {
            return Decision.allow();
        }
        return Decision.deny(who.role() + " " + who.username() + " may " + action + " only on "
                + (scope == SELF ? "their own seat" : "agents of teams " + who.teams()));
    }
}
