package dev.cti.server.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.server.agent.AgentState;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's restart: the real server (ServerMain, the shipped configuration, H2) with a scripted gateway on the CTI
 * link takes a day's calls (one answered and wrapped up, one abandoned after 8 s), then is stopped and started again
 * on the same database: {@code GET /api/queues}' today figures and the {@code /metrics} day gauges are the same after
 * as before. (The whole stack's version of this is the same code path: the figures are the stored interval rows'.)
 */
class RestartFiguresTest extends ScriptedGatewayApiBase {
    private static final List<String> GAUGES = List.of("cti_queue_service_level_ratio", "cti_queue_answer_rate_ratio",
            "cti_queue_abandon_rate_ratio", "cti_agent_occupancy_ratio");

    @Test
    void a_restart_changes_no_figure_of_the_day() throws Exception {
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, System.currentTimeMillis()));
        String agent = login("1001", "demo-1001");
        ready(agent, "1001");
        long now = System.currentTimeMillis();
        gateway.send(new CallOffered("r1", "service", "13812345678", "4008001000", "pbx", now - 70_000));
        gateway.await(DeliverToAgent.class);
        gateway.send(new CallAnswered("r1", "1001", 4000, now - 64_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.ON_CALL);
        gateway.send(new CallCleared("r1", ClearCause.CALLER_HANGUP, 1000, 60_000, now - 4_000));
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.WRAP_UP);
        assertThat(post("/api/agents/1001/state", agent, "{\"state\":\"NOT_READY\",\"reason\":\"break\"}").statusCode())
                .isEqualTo(200);
        assertThat(post("/api/agents/1001/wrapup", agent, "{\"code\":\"resolved\"}").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> state("1001") == AgentState.NOT_READY);
        long later = System.currentTimeMillis();
        gateway.send(new CallOffered("r2", "service", "13812340000", "4008001000", "pbx", later - 8_000));
        gateway.send(new CallCleared("r2", ClearCause.CALLER_HANGUP, 0, 0, later));

        String supervisor = login("supervisor", "demo-supervisor");
        JsonArray before = await().atMost(Duration.ofSeconds(15)).until(() -> today(supervisor), t -> {
            JsonObject s = t.getJsonObject(0);
            return s.getInteger("offered") == 2 && s.getInteger("abandoned") == 1
                    && s.getValue("averageHandleSeconds") != null;
        });
        String metricsBefore = await().atMost(Duration.ofSeconds(5)).until(this::gauges,
                m -> m.contains("cti_queue_answer_rate_ratio{queue=\"service\"} 0.5"));
        JsonObject service = before.getJsonObject(0);
        assertThat(service.getDouble("answerRate")).isEqualTo(0.5);
        assertThat(service.getDouble("averageSpeedOfAnswerSeconds")).isEqualTo(6.0);
        assertThat(service.getDouble("averageHandleSeconds")).isGreaterThan(60.0);

        stopServerAndGateway();
        startServerAndGateway();

        // at once: the job's first run is done before the server listens
        JsonArray after = today(supervisor);
        assertThat(after).isEqualTo(before);
        assertThat(gauges()).isEqualTo(metricsBefore);
    }

    /** Each queue's today figures (GET /api/queues). */
    private JsonArray today(String token) throws Exception {
        JsonArray queues = new JsonObject(get("/api/queues", token).body()).getJsonArray("queues");
        JsonArray out = new JsonArray();
        for (int i = 0; i < queues.size(); i++) {
            out.add(queues.getJsonObject(i).getJsonObject("today"));
        }
        return out;
    }

    /** The day gauges' lines of /metrics. */
    private String gauges() throws Exception {
        String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> GAUGES.stream().anyMatch(l::startsWith)).sorted()
                .collect(Collectors.joining("\n"));
    }
}
