package dev.cti.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.server.agent.AgentSnapshot;
import dev.cti.server.agent.AgentState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent gauges follow state changes without scanning the agents, and stay exact on repeats. */
class AgentStateGaugesTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AgentStateGauges gauges = new AgentStateGauges(meters, List.of("lunch", "LOGIN"), List.of(
            AgentSnapshot.loggedOut("a1", Instant.EPOCH), AgentSnapshot.loggedOut("a2", Instant.EPOCH),
            AgentSnapshot.loggedOut("a3", Instant.EPOCH)));

    private double gauge(String name, String tag, String value) {
        return meters.get(name).tag(tag, value).gauge().value();
    }

    private static JsonObject event(String id, String state, String reason) {
        JsonObject agent = new JsonObject().put("id", id).put("state", state);
        if (reason != null) {
            agent.put("reason", reason);
        }
        return new JsonObject().put("type", "agent").put("agent", agent);
    }

    @Test
    void starts_from_the_snapshots_and_moves_one_agent_per_event() {
        assertThat(gauge("cti.agents", "state", "LOGGED_OUT")).isEqualTo(3);
        gauges.update(event("a1", "NOT_READY", "LOGIN"));
        gauges.update(event("a2", "NOT_READY", "lunch"));
        assertThat(gauge("cti.agents", "state", "LOGGED_OUT")).isEqualTo(1);
        assertThat(gauge("cti.agents", "state", "NOT_READY")).isEqualTo(2);
        assertThat(gauge("cti.agents.not.ready", "reason", "LOGIN")).isEqualTo(1);
        assertThat(gauge("cti.agents.not.ready", "reason", "lunch")).isEqualTo(1);

        gauges.update(event("a1", "READY", null));
        gauges.update(event("a2", "NOT_READY", "LOGIN"));   // reason changes, state does not
        assertThat(gauge("cti.agents", "state", "READY")).isEqualTo(1);
        assertThat(gauge("cti.agents", "state", "NOT_READY")).isEqualTo(1);
        assertThat(gauge("cti.agents.not.ready", "reason", "LOGIN")).isEqualTo(1);
        assertThat(gauge("cti.agents.not.ready", "reason", "lunch")).isZero();
    }

    @Test
    void a_repeated_event_or_an_unknown_reason_keeps_the_counts_exact() {
        gauges.update(event("a1", "READY", null));
        gauges.update(event("a1", "READY", null));
        gauges.update(event("a3", "NOT_READY", "not-configured"));
        assertThat(gauges.count(AgentState.READY)).isEqualTo(1);
        assertThat(gauges.count(AgentState.NOT_READY)).isEqualTo(1);
        assertThat(gauges.count(AgentState.LOGGED_OUT)).isEqualTo(1);
        gauges.update(event("a3", "LOGGED_OUT", null));
        assertThat(gauges.count(AgentState.NOT_READY)).isZero();
        assertThat(gauges.count(AgentState.LOGGED_OUT)).isEqualTo(2);
        int total = 0;
        for (AgentState s : AgentState.values()) {
            total += gauges.count(s);
        }
        assertThat(total).isEqualTo(3);
    }

    @Test
    void events_without_an_agent_or_with_an_unknown_state_are_ignored() {
        gauges.update(new JsonObject().put("type", "queues"));
        gauges.update(event("a1", "NO_SUCH_STATE", null));
        assertThat(gauges.count(AgentState.LOGGED_OUT)).isEqualTo(3);
    }
}
