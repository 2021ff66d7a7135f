package dev.cti.server.auth;

import static dev.cti.server.auth.Action.*;
import static dev.cti.server.auth.Scope.*;

import dev.cti.config.AgentConfig;
import dev.cti.config.UserConfig.Role;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who may do what, as one table (role x action -> scope). Agents act only on themselves; supervisors see
 * and force agents of their teams (UserConfig.teams vs AgentConfig.team) and act as agents only on their
 * own seat; QA users (质检员) see and evaluate the agents of their teams; admins may do everything.
 *
 * <pre>
 *              VIEW_AGENT SET_STATE WRAP_UP FORCE_STATE FORCE_LOGOUT VIEW_QUEUES CONTROL_CALL DIAL MANAGE_CUSTOMERS MONITOR
 * AGENT        SELF       SELF      SELF    NONE        NONE         ALL         SELF         SELF NONE             NONE
 * SUPERVISOR   TEAM       SELF      SELF    TEAM        TEAM         ALL         TEAM         SELF NONE             TEAM
 * QA           TEAM       SELF      SELF    NONE        NONE         ALL         SELF         SELF NONE             NONE
 * ADMIN        ALL        ALL       ALL     ALL         ALL          ALL         ALL          ALL  ALL              ALL
 *
 *              VIEW_RECORDING PLAY_RECORDING PAUSE_RECORDING EVALUATE VIEW_EVALUATION ACKNOWLEDGE_EVALUATION VIEW_QA_KPIS
 * AGENT        SELF*          SELF*          SELF            NONE     SELF            SELF                   NONE
 * SUPERVISOR   TEAM           TEAM           TEAM            TEAM     TEAM            SELF                   TEAM
 * QA           TEAM           TEAM           NONE            TEAM     TEAM            SELF                   TEAM
 * ADMIN        ALL            ALL            ALL             ALL      ALL             SELF                   ALL
 *
 *              VIEW_REPORTS VIEW_CALL_HISTORY SEARCH_CALLS_BY_NUMBER VIEW_AUDIT EXPORT_QUEUE_LOG
 * AGENT        NONE         SELF              NONE                   NONE       NONE
 * SUPERVISOR   TEAM         TEAM              TEAM                   NONE       NONE
 * QA           TEAM         TEAM              NONE                   NONE       NONE
 * ADMIN        ALL          ALL               ALL                    ALL        ALL
 *
 *              WORK_CAMPAIGN MANAGE_CAMPAIGNS VIEW_CAMPAIGN_FIGURES DELETE_CAMPAIGN
 * AGENT        SELF          NONE             SELF                  NONE
 * SUPERVISOR   SELF          NONE             TEAM                  NONE
 * QA           NONE          NONE             TEAM                  NONE
 * ADMIN        ALL           ALL              ALL                   ALL
 *
 *              VIEW_FOLLOW_UPS CLOSE_COMPLAINT
 * AGENT        SELF            NONE
 * SUPERVISOR   TEAM            TEAM
 * QA           TEAM            NONE
 * ADMIN        ALL             ALL
 *
 *              ASK_HELP VIEW_HELP USE_PHONE
 * AGENT        SELF     SELF      SELF
 * SUPERVISOR   SELF     TEAM      SELF
 * QA           NONE     NONE      SELF
 * ADMIN        ALL      ALL       SELF
 * </pre>
 * SELF* is SELF when {@code recording.agentsHearOwnCalls} is true, NONE otherwise (the default).
 * MONITOR and EVALUATE are the TEAM actions that do not include the user's own seat: nobody monitors or scores
 * themselves. ACKNOWLEDGE_EVALUATION is SELF even for admins: an acknowledgement or a dispute is the evaluated
 * agent's own word, which nobody can give for them; USE_PHONE too: a seat's SIP password goes only to that seat.
 */
public final class AuthorizationPolicy {

    /** The table with the default recording settings (agents do not hear their own calls). */
    public static final Map<Role, Map<Action, Scope>> TABLE = table(false);

    private final Map<Role, Map<Action, Scope>> table;

    /** The answer and, when refused, why (for the audit log and the 403 message). */
    public record Decision(boolean allowed, String reason) {
        static Decision allow() {
            return new Decision(true, "allowed");
        }

        static Decision deny(String why) {
            return new Decision(false, why);
        }
    }

    /** The policy with the default recording settings. */
    public AuthorizationPolicy() {
        this(false);
    }

    public AuthorizationPolicy(boolean agentsHearOwnCalls) {
        this.table = table(agentsHearOwnCalls);
    }

    /** The whole table; {@code agentsHearOwnCalls} decides the agent's recording rights. */
    public static Map<Role, Map<Action, Scope>> table(boolean agentsHearOwnCalls) {
        Scope ownRecordings = agentsHearOwnCalls ? SELF : NONE;
        Map<Role, Map<Action, Scope>> t = new EnumMap<>(Role.class);
        t.put(Role.AGENT, help(SELF, SELF,
                campaigns(followUps(reports(row(SELF, SELF, SELF, NONE, NONE, ALL, SELF, SELF, NONE, NONE,
                ownRecordings, ownRecordings, SELF, NONE, SELF, SELF, NONE), NONE, SELF, NONE, NONE, NONE), SELF, NONE),
                SELF, NONE, SELF, NONE)));
        t.put(Role.SUPERVISOR, help(SELF, TEAM,
                campaigns(followUps(reports(row(TEAM, SELF, SELF, TEAM, TEAM, ALL, TEAM, SELF, NONE, TEAM,
                TEAM, TEAM, TEAM, TEAM, TEAM, SELF, TEAM), TEAM, TEAM, TEAM, NONE, NONE), TEAM, TEAM), SELF, NONE, TEAM, NONE)));
        t.put(Role.QA, help(NONE, NONE,
                campaigns(followUps(reports(row(TEAM, SELF, SELF, NONE, NONE, ALL, SELF, SELF, NONE, NONE,
                TEAM, TEAM, NONE, TEAM, TEAM, SELF, TEAM), TEAM, TEAM, NONE, NONE, NONE), TEAM, NONE), NONE, NONE, TEAM, NONE)));
        t.put(Role.ADMIN, help(ALL, ALL,
                campaigns(followUps(reports(row(ALL, ALL, ALL, ALL, ALL, ALL, ALL, ALL, ALL, ALL,
                ALL, ALL, ALL, ALL, ALL, SELF, ALL), ALL, ALL, ALL, ALL, ALL), ALL, ALL), ALL, ALL, ALL, ALL)));
        t.replaceAll((role, row) -> phone(row));
        return Collections.unmodifiableMap(t);
    }

    /** The browser phone's column (issue 19): one's own seat only, whatever the role. */
    private static Map<Action, Scope> phone(Map<Action, Scope> row) {
        Map<Action, Scope> r = new EnumMap<>(row);
        r.put(USE_PHONE, SELF);
        return Collections.unmodifiableMap(r);
    }

    private static Map<Action, Scope> row(Scope view, Scope set, Scope wrap, Scope force, Scope logout,
                                          Scope queues, Scope control, Scope dial, Scope customers,
                                          Scope monitor, Scope viewRecording, Scope playRecording,
                                          Scope pauseRecording, Scope evaluate, Scope viewEvaluation,
                                          Scope acknowledge, Scope qaKpis) {
        Map<Action, Scope> r = new EnumMap<>(Action.class);
        r.put(VIEW_AGENT, view);
        r.put(SET_STATE, set);
        r.put(WRAP_UP, wrap);
        r.put(FORCE_STATE, force);
        r.put(FORCE_LOGOUT, logout);
        r.put(VIEW_QUEUES, queues);
        r.put(CONTROL_CALL, control);
        r.put(DIAL, dial);
        r.put(MANAGE_CUSTOMERS, customers);
        r.put(MONITOR, monitor);
        r.put(VIEW_RECORDING, viewRecording);
        r.put(PLAY_RECORDING, playRecording);
        r.put(PAUSE_RECORDING, pauseRecording);
        r.put(EVALUATE, evaluate);
        r.put(VIEW_EVALUATION, viewEvaluation);
        r.put(ACKNOWLEDGE_EVALUATION, acknowledge);
        r.put(VIEW_QA_KPIS, qaKpis);
        return Collections.unmodifiableMap(r);
    }

    /** The report columns (issue 15) added to a row. */
    private static Map<Action, Scope> reports(Map<Action, Scope> row, Scope view, Scope history, Scope byNumber,
                                              Scope audit, Scope queueLog) {
        Map<Action, Scope> r = new EnumMap<>(row);
        r.put(VIEW_REPORTS, view);
        r.put(VIEW_CALL_HISTORY, history);
        r.put(SEARCH_CALLS_BY_NUMBER, byNumber);
        r.put(VIEW_AUDIT, audit);
        r.put(EXPORT_QUEUE_LOG, queueLog);
        return Collections.unmodifiableMap(r);
    }

    /** The campaign columns (issue 18) added to a row. */
    private static Map<Action, Scope> campaigns(Map<Action, Scope> row, Scope work, Scope manage, Scope figures,
                                                Scope delete) {
        Map<Action, Scope> r = new EnumMap<>(row);
        r.put(DELETE_CAMPAIGN, delete);
        r.put(WORK_CAMPAIGN, work);
        r.put(MANAGE_CAMPAIGNS, manage);
        r.put(VIEW_CAMPAIGN_FIGURES, figures);
        return Collections.unmodifiableMap(r);
    }

    /** The help columns (issue 18) added to a row. */
    private static Map<Action, Scope> help(Scope ask, Scope view, Map<Action, Scope> row) {
        Map<Action, Scope> r = new EnumMap<>(row);
        r.put(ASK_HELP, ask);
        r.put(VIEW_HELP, view);
        return Collections.unmodifiableMap(r);
    }

    /** The follow-up columns (issue 17) added to a row. */
    private static Map<Action, Scope> followUps(Map<Action, Scope> row, Scope view, Scope closeComplaint) {
        Map<Action, Scope> r = new EnumMap<>(row);
        r.put(VIEW_FOLLOW_UPS, view);
        r.put(CLOSE_COMPLAINT, closeComplaint);
        return Collections.unmodifiableMap(r);
    }

    public Scope scope(Role role, Action action) {
        return table.get(role).get(action);
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
            return action == MONITOR || action == EVALUATE
                    ? Decision.deny(who.username() + " may not " + (action == MONITOR ? "monitor" : "evaluate")
                            + " their own seat")
                    : Decision.allow();
        }
        if (scope == TEAM && who.teams().contains(agent.team())) {
            return Decision.allow();
        }
        return Decision.deny(who.role() + " " + who.username() + " may " + action + " only on "
                + (scope == SELF ? "their own seat" : "agents of teams " + who.teams()));
    }

    /** Whether {@code who} may do {@code action} on at least some agents (listing endpoints filter per agent). */
    public boolean mayAtAll(Principal who, Action action) {
        Scope scope = scope(who.role(), action);
        return scope == ALL || scope == TEAM || scope == SELF && who.agent().isPresent();
    }
}
