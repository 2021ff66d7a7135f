package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.CtiConfig;
import dev.cti.config.UserConfig;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/calls} is scoped like the push (issue 13): the role x action matrix for live calls, with a
 * supervisor and a QA user of another team, who see nothing of the team-service agent's call.
 */
class CallScopeApiTest extends ScriptedGatewayApiBase {
    private static final String CALL = "gw-scope";

    @Override
    protected CtiConfig configure(CtiConfig shipped) {
        String hash = shipped.user("supervisor").orElseThrow().passwordHash(); // demo-supervisor
        List<UserConfig> users = new ArrayList<>(shipped.users());
        users.add(new UserConfig("salesboss", "Sales lead", UserConfig.Role.SUPERVISOR, hash, Optional.empty(),
                List.of("team-sales")));
        users.add(new UserConfig("salesqa", "Sales QA", UserConfig.Role.QA, hash, Optional.empty(),
                List.of("team-sales")));
        return shipped.withUsers(users);
    }

    @Test
    void each_role_lists_exactly_the_calls_it_is_pushed() throws Exception {
        long now = System.currentTimeMillis();
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, now));
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        String otherAgent = login("2001", "demo-2001");
        String supervisor = login("supervisor", "demo-supervisor");
        String salesLead = login("salesboss", "demo-supervisor");
        String salesQa = login("salesqa", "demo-supervisor");
        String qa = login("inspector", "demo-inspector");
        String admin = login("admin", "demo-admin");
        Events leadPushed = events(salesLead);
        Events supervisorPushed = events(supervisor);
        HttpResponse<String> r = post("/api/agents/1001/dial", agent, "{\"number\":\"13812345678\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String requestId = new JsonObject(r.body()).getString("requestId");
        assertThat(gateway.await(Originate.class).requestId()).isEqualTo(requestId);
        gateway.send(new OriginateProgress(requestId, CALL, OriginateState.AGENT_RINGING, now));
        supervisorPushed.next(e -> "call".equals(e.getString("type")), Duration.ofSeconds(5));

        assertThat(listed(agent)).as("agent: own call").containsExactly(CALL);
        assertThat(listed(otherAgent)).as("agent of another team").isEmpty();
        assertThat(listed(supervisor)).as("supervisor of the agent's team").containsExactly(CALL);
        assertThat(listed(salesLead)).as("supervisor of another team").isEmpty();
        assertThat(listed(qa)).as("QA of the agent's team").containsExactly(CALL);
        assertThat(listed(salesQa)).as("QA of another team").isEmpty();
        assertThat(listed(admin)).as("admin").containsExactly(CALL);
        assertThat(leadPushed.drained("call")).as("the push agrees: nothing for another team").isEmpty();
    }

    private List<String> listed(String token) throws Exception {
        HttpResponse<String> r = get("/api/calls", token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonArray("calls").stream()
                .map(c -> ((JsonObject) c).getString("id")).toList();
    }
}
