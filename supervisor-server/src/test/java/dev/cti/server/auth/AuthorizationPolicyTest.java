package dev.cti.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.config.UserConfig;
import dev.cti.server.testing.TestConfigs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuthorizationPolicyTest {
    private static final CtiConfig CONFIG = TestConfigs.sample("unused", "x");
    private final AuthorizationPolicy policy = new AuthorizationPolicy();

    /**
     * Expected decisions written out by hand: user, action, then Y/N for targets a1 a2 a3 a4
     * (a1 alice/red, a2 bob/red, a3 carol/blue, a4 sue's seat/blue).
     */
    private static final String[] EXPECTED = {
            "alice VIEW_AGENT   YNNN", "alice SET_STATE    YNNN", "alice WRAP_UP      YNNN",
            "alice FORCE_STATE  NNNN", "alice FORCE_LOGOUT NNNN", "alice VIEW_QUEUES  YYYY",
            "alice CONTROL_CALL YNNN", "alice MANAGE_CUSTOMERS NNNN", "alice DIAL         YNNN",
            "alice MONITOR      NNNN", "alice VIEW_RECORDING NNNN", "alice PLAY_RECORDING NNNN",
            "alice PAUSE_RECORDING YNNN", "alice EVALUATE     NNNN", "alice VIEW_EVALUATION YNNN",
            "alice ACKNOWLEDGE_EVALUATION YNNN", "alice VIEW_QA_KPIS NNNN",
            "sam   VIEW_AGENT   YYNN", "sam   SET_STATE    NNNN", "sam   WRAP_UP      NNNN",
            "sam   FORCE_STATE  YYNN", "sam   FORCE_LOGOUT YYNN", "sam   VIEW_QUEUES  YYYY",
            "sam   CONTROL_CALL YYNN", "sam   MANAGE_CUSTOMERS NNNN", "sam   DIAL         NNNN",
            "sam   MONITOR      YYNN", "sam   VIEW_RECORDING YYNN", "sam   PLAY_RECORDING YYNN",
            "sam   PAUSE_RECORDING YYNN", "sam   EVALUATE     YYNN", "sam   VIEW_EVALUATION YYNN",
            "sam   ACKNOWLEDGE_EVALUATION NNNN", "sam   VIEW_QA_KPIS YYNN",
            "sue   VIEW_AGENT   YYNY", "sue   SET_STATE    NNNY", "sue   WRAP_UP      NNNY",
            "sue   FORCE_STATE  YYNY", "sue   FORCE_LOGOUT YYNY", "sue   VIEW_QUEUES  YYYY",
            "sue   CONTROL_CALL YYNY", "sue   MANAGE_CUSTOMERS NNNN", "sue   DIAL         NNNY",
            "sue   MONITOR      YYNN", "sue   VIEW_RECORDING YYNY", "sue   PLAY_RECORDING YYNY",
            "sue   PAUSE_RECORDING YYNY", "sue   EVALUATE     YYNN", "sue   VIEW_EVALUATION YYNY",
            "sue   ACKNOWLEDGE_EVALUATION NNNY", "sue   VIEW_QA_KPIS YYNY",
            "quinn VIEW_AGENT   YYNN", "quinn SET_STATE    NNNN", "quinn WRAP_UP      NNNN",
            "quinn FORCE_STATE  NNNN", "quinn FORCE_LOGOUT NNNN", "quinn VIEW_QUEUES  YYYY",
            "quinn CONTROL_CALL NNNN", "quinn MANAGE_CUSTOMERS NNNN", "quinn DIAL         NNNN",
            "quinn MONITOR      NNNN", "quinn VIEW_RECORDING YYNN", "quinn PLAY_RECORDING YYNN",
            "quinn PAUSE_RECORDING NNNN", "quinn EVALUATE     YYNN", "quinn VIEW_EVALUATION YYNN",
            "quinn ACKNOWLEDGE_EVALUATION NNNN", "quinn VIEW_QA_KPIS YYNN",
            "root  VIEW_AGENT   YYYY", "root  SET_STATE    YYYY", "root  WRAP_UP      YYYY",
            "root  FORCE_STATE  YYYY", "root  FORCE_LOGOUT YYYY", "root  VIEW_QUEUES  YYYY",
            "root  CONTROL_CALL YYYY", "root  MANAGE_CUSTOMERS YYYY", "root  DIAL         YYYY",
            "root  MONITOR      YYYY", "root  VIEW_RECORDING YYYY", "root  PLAY_RECORDING YYYY",
            "root  PAUSE_RECORDING YYYY", "root  EVALUATE     YYYY", "root  VIEW_EVALUATION YYYY",
            "root  ACKNOWLEDGE_EVALUATION NNNN", "root  VIEW_QA_KPIS YYYY",
            // reports (issue 15): agent and team figures, history by team; audit and queue_log for admins
            "alice VIEW_REPORTS NNNN", "alice VIEW_CALL_HISTORY YNNN", "alice SEARCH_CALLS_BY_NUMBER NNNN",
            "alice VIEW_AUDIT NNNN", "alice EXPORT_QUEUE_LOG NNNN",
            "sam   VIEW_REPORTS YYNN", "sam   VIEW_CALL_HISTORY YYNN", "sam   SEARCH_CALLS_BY_NUMBER YYNN",
            "sam   VIEW_AUDIT NNNN", "sam   EXPORT_QUEUE_LOG NNNN",
            "sue   VIEW_REPORTS YYNY", "sue   VIEW_CALL_HISTORY YYNY", "sue   SEARCH_CALLS_BY_NUMBER YYNY",
            "sue   VIEW_AUDIT NNNN", "sue   EXPORT_QUEUE_LOG NNNN",
            "quinn VIEW_REPORTS YYNN", "quinn VIEW_CALL_HISTORY YYNN", "quinn SEARCH_CALLS_BY_NUMBER NNNN",
            "quinn VIEW_AUDIT NNNN", "quinn EXPORT_QUEUE_LOG NNNN",
            "root  VIEW_REPORTS YYYY", "root  VIEW_CALL_HISTORY YYYY", "root  SEARCH_CALLS_BY_NUMBER YYYY",
            "root  VIEW_AUDIT YYYY", "root  EXPORT_QUEUE_LOG YYYY",
            // preview campaigns (issue 18): work on one's own seat, figures like reports + self; MANAGE_CAMPAIGNS (admins):
            // create, edit and read the definition of campaigns (POST /api/campaigns, PUT /api/campaigns/{id},
            // GET /api/campaigns/{id}/definition) and import call lists (POST /api/campaigns/{id}/import)
            "alice WORK_CAMPAIGN YNNN", "alice MANAGE_CAMPAIGNS NNNN", "alice VIEW_CAMPAIGN_FIGURES YNNN",
            "sam   WORK_CAMPAIGN NNNN", "sam   MANAGE_CAMPAIGNS NNNN", "sam   VIEW_CAMPAIGN_FIGURES YYNN",
            "sue   WORK_CAMPAIGN NNNY", "sue   MANAGE_CAMPAIGNS NNNN", "sue   VIEW_CAMPAIGN_FIGURES YYNY",
            "quinn WORK_CAMPAIGN NNNN", "quinn MANAGE_CAMPAIGNS NNNN", "quinn VIEW_CAMPAIGN_FIGURES YYNN",
            "root  WORK_CAMPAIGN YYYY", "root  MANAGE_CAMPAIGNS YYYY", "root  VIEW_CAMPAIGN_FIGURES YYYY",
            // DELETE /api/campaigns/{id} (a browser-created campaign; its records keep their history): admins only
            "alice DELETE_CAMPAIGN NNNN", "sam   DELETE_CAMPAIGN NNNN", "sue   DELETE_CAMPAIGN NNNN",
            "quinn DELETE_CAMPAIGN NNNN", "root  DELETE_CAMPAIGN YYYY",
            // follow-ups (issue 17): callbacks and complaints seen like call history; complaints closed by supervisors
            "alice VIEW_FOLLOW_UPS YNNN", "alice CLOSE_COMPLAINT NNNN",
            "sam   VIEW_FOLLOW_UPS YYNN", "sam   CLOSE_COMPLAINT YYNN",
            "sue   VIEW_FOLLOW_UPS YYNY", "sue   CLOSE_COMPLAINT YYNY",
            "quinn VIEW_FOLLOW_UPS YYNN", "quinn CLOSE_COMPLAINT NNNN",
            "root  VIEW_FOLLOW_UPS YYYY", "root  CLOSE_COMPLAINT YYYY",
            // ask for help (issue 18): one's own hand (a supervisor on its own seat); the hands of one's team seen
            "alice ASK_HELP YNNN", "alice VIEW_HELP YNNN",
            "sam   ASK_HELP NNNN", "sam   VIEW_HELP YYNN",
            "sue   ASK_HELP NNNY", "sue   VIEW_HELP YYNY",
            "quinn ASK_HELP NNNN", "quinn VIEW_HELP NNNN",
            "root  ASK_HELP YYYY", "root  VIEW_HELP YYYY",
            // the desk page's browser phone (issue 19): a seat's SIP password only to that seat, admins included
            "alice USE_PHONE YNNN", "sam   USE_PHONE NNNN", "sue   USE_PHONE NNNY", "quinn USE_PHONE NNNN",
            "root  USE_PHONE NNNN",
    };

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (String line : EXPECTED) {
            String[] f = line.trim().split("\\s+");
            for (int i = 0; i < 4; i++) {
                out.add(Arguments.of(f[0], Action.valueOf(f[1]), "a" + (i + 1), f[2].charAt(i) == 'Y'));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} on {2}: {3}")
    @MethodSource("matrix")
    void role_action_target_matrix(String user, Action action, String agentId, boolean allowed) {
        Principal who = Principal.of(CONFIG.user(user).orElseThrow());
        AgentConfig target = CONFIG.agent(agentId).orElseThrow();
        AuthorizationPolicy.Decision d = policy.decide(who, action, Optional.of(target));
        assertThat(d.allowed()).as(d.reason()).isEqualTo(allowed);
        if (!allowed) {
            assertThat(d.reason()).isNotBlank();
        }
    }

    @Test
    void the_matrix_covers_every_role_and_action() {
        assertThat(EXPECTED).hasSize(5 * Action.values().length);
        for (UserConfig.Role role : UserConfig.Role.values()) {
            assertThat(AuthorizationPolicy.TABLE.get(role)).containsOnlyKeys(Action.values());
        }
    }

    @Test
    void agents_hear_their_own_calls_only_when_the_recording_settings_allow_it() {
        AuthorizationPolicy hear = new AuthorizationPolicy(true);
        Principal alice = Principal.of(CONFIG.user("alice").orElseThrow());
        for (Action a : List.of(Action.VIEW_RECORDING, Action.PLAY_RECORDING)) {
            assertThat(hear.decide(alice, a, CONFIG.agent("a1")).allowed()).isTrue();
            assertThat(hear.decide(alice, a, CONFIG.agent("a2")).allowed()).as("another agent's calls").isFalse();
            assertThat(policy.decide(alice, a, CONFIG.agent("a1")).allowed()).as("off by default").isFalse();
        }
        // nothing else in the table depends on the setting
        for (UserConfig.Role role : UserConfig.Role.values()) {
            for (Action a : Action.values()) {
                if (role != UserConfig.Role.AGENT || a != Action.VIEW_RECORDING && a != Action.PLAY_RECORDING) {
                    assertThat(hear.scope(role, a)).as(role + " " + a).isEqualTo(policy.scope(role, a));
                }
            }
        }
    }

    @Test
    void nobody_evaluates_their_own_seat_nor_acknowledges_for_someone_else() {
        Principal sue = Principal.of(CONFIG.user("sue").orElseThrow());
        assertThat(policy.decide(sue, Action.EVALUATE, CONFIG.agent("a4")).reason()).contains("their own seat");
        Principal root = Principal.of(CONFIG.user("root").orElseThrow());
        assertThat(policy.decide(root, Action.ACKNOWLEDGE_EVALUATION, CONFIG.agent("a1")).allowed()).isFalse();
        Principal quinn = Principal.of(CONFIG.user("quinn").orElseThrow());
        assertThat(policy.decide(quinn, Action.VIEW_QA_KPIS, Optional.empty()).allowed()).isTrue();
        Principal alice = Principal.of(CONFIG.user("alice").orElseThrow());
        assertThat(policy.decide(alice, Action.VIEW_QA_KPIS, Optional.empty()).allowed()).isFalse();
        assertThat(policy.mayAtAll(alice, Action.VIEW_EVALUATION)).isTrue();
        assertThat(policy.mayAtAll(quinn, Action.ACKNOWLEDGE_EVALUATION)).isFalse();
    }

    @Test
    void actions_without_a_target() {
        Principal sam = Principal.of(CONFIG.user("sam").orElseThrow());
        assertThat(policy.decide(sam, Action.VIEW_QUEUES, Optional.empty()).allowed()).isTrue();
        assertThat(policy.decide(sam, Action.SET_STATE, Optional.empty()).allowed()).isFalse();
        Principal alice = Principal.of(CONFIG.user("alice").orElseThrow());
        assertThat(policy.decide(alice, Action.FORCE_STATE, Optional.empty()).allowed()).isFalse();
    }
}
