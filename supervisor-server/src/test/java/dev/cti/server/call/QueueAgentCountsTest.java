package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.server.agent.AgentState;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/queues}: each queue's agents by state count exactly the agents whose skills meet that queue, an agent
 * with the skills of two queues in both, a seat without skills in none (the counts are worked out in one pass over the
 * agents with each agent's queues known in advance, not by testing every queue against every agent).
 */
class QueueAgentCountsTest extends ScriptedGatewayApiBase {
    private CtiConfig config;

    @Override
    protected CtiConfig configure(CtiConfig shipped) {
        config = shipped;
        return shipped;
    }

    @Test
    void each_queue_counts_the_agents_its_skills_admit_by_state() throws Exception {
        String supervisor = login("supervisor", "demo-supervisor");
        ready(login("1003", "demo-1003"), "1003");   // mandarin and english: staff of both shipped queues
        ready(login("1002", "demo-1002"), "1002");   // mandarin only
        ready(supervisor, "9001");                     // no skills
        assertThat(post("/api/agents/1002/state", login("1002", "demo-1002"),
                "{\"state\":\"NOT_READY\",\"reason\":\"break\"}").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1002") == AgentState.NOT_READY);

        JsonObject body = new JsonObject(get("/api/queues", supervisor).body());
        assertThat(config.queues()).hasSizeGreaterThanOrEqualTo(2);
        for (QueueConfig q : config.queues()) {
            Map<String, Integer> expected = new LinkedHashMap<>();
            for (AgentConfig a : config.agents()) {
                if (q.accepts(a.skills())) {
                    expected.merge(state(a.id()).name(), 1, Integer::sum);
                }
            }
            JsonObject queue = body.getJsonArray("queues").stream().map(JsonObject.class::cast)
                    .filter(o -> o.getString("id").equals(q.id())).findFirst().orElseThrow();
            assertThat(queue.getJsonObject("agents").getMap()).as(q.id()).isEqualTo(expected);
        }
        JsonObject service = queue(body, "service");
        JsonObject sales = queue(body, "sales");
        assertThat(service.getJsonObject("agents").getInteger("READY")).as("1003").isEqualTo(1);
        assertThat(sales.getJsonObject("agents").getInteger("READY")).as("1003 in both").isEqualTo(1);
        assertThat(service.getJsonObject("agents").getInteger("NOT_READY")).as("1002").isEqualTo(1);
        assertThat(sales.getJsonObject("agents").getInteger("NOT_READY")).as("1002 is not sales").isNull();
    }

    private static JsonObject queue(JsonObject body, String id) {
        return body.getJsonArray("queues").stream().map(JsonObject.class::cast)
                .filter(o -> o.getString("id").equals(id)).findFirst().orElseThrow();
    }
}
