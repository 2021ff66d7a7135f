package dev.cti.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.link.message.MonitorMode;
import dev.cti.server.agent.AgentState;
import dev.cti.server.events.MonitorView;
import dev.cti.server.events.QueueFigures;
import dev.cti.server.monitor.MonitorState;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The edge's JSON of the nested views (docs/API.md): field names, order, and which absent values are null. */
class ViewJsonTest {
    @Test
    void a_calling_session_has_every_field_with_null_start_and_end() {
        JsonObject o = MonitorJson.monitor(new MonitorView.Session("m1", "c1", "1001", "sup", MonitorMode.WHISPER,
                MonitorState.CALLING, Optional.empty(), Optional.empty()));
        assertThat(o.fieldNames()).containsExactly("monitorId", "callId", "agentId", "supervisor", "mode", "state",
                "startedAt", "endReason");
        assertThat(o.getString("mode")).isEqualTo("whisper");
        assertThat(o.getString("state")).isEqualTo(MonitorState.CALLING.json());
        assertThat(o.containsKey("startedAt")).isTrue();
        assertThat(o.getValue("startedAt")).isNull();
        assertThat(o.getValue("endReason")).isNull();

        JsonObject ended = MonitorJson.monitor(new MonitorView.Session("m1", "c1", "1001", "sup", MonitorMode.LISTEN,
                MonitorState.ENDED, Optional.of(Instant.ofEpochMilli(1234)), Optional.of("stopped")));
        assertThat(ended.getLong("startedAt")).isEqualTo(1234L);
        assertThat(ended.getString("endReason")).isEqualTo("stopped");
    }

    @Test
    void the_left_view_names_no_mode() {
        JsonObject o = MonitorJson.monitor(new MonitorView.Left("m1", "c1", "1001", "sup"));
        assertThat(o.fieldNames()).containsExactly("monitorId", "callId", "agentId", "supervisor", "state",
                "endReason");
        assertThat(o.getString("state")).isEqualTo(MonitorState.ENDED.json());
        assertThat(o.getString("endReason")).isEqualTo("left");
    }

    @Test
    void queue_figures_without_kpis_have_no_today_and_keep_the_agents_order() {
        Map<AgentState, Integer> agents = new LinkedHashMap<>();
        agents.put(AgentState.values()[1], 2);
        agents.put(AgentState.values()[0], 1);
        JsonObject o = QueueJson.figures(new QueueFigures("service", 3, 42L, 0.8, 20, Optional.empty(), agents));
        assertThat(o.fieldNames()).containsExactly("id", "waiting", "oldestWaitSeconds", "serviceLevelTarget",
                "thresholdSeconds", "agents");
        assertThat(o.getValue("serviceLevelTarget")).isEqualTo(0.8);
        assertThat(o.getJsonObject("agents").fieldNames()).containsExactly(AgentState.values()[1].name(),
                AgentState.values()[0].name());
    }
}
