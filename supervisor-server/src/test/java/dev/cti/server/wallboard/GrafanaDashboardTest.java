package dev.cti.server.wallboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.testpeers.PeerTool;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/grafana/cti-queues.json is an importable dashboard: well-formed JSON, panels that do not overlap,
 * queries over meters that docs/METRICS.md documents, and every query valid PromQL by promtool's parser.
 */
class GrafanaDashboardTest {
    private static final Path DOCS = Path.of(System.getProperty("cti.repo.root", "..")).resolve("docs");
    private static final Pattern METRIC = Pattern.compile("\\bcti_[a-z_]+");

    @TempDir
    Path tmp;

    private static JsonObject dashboard() throws Exception {
        // Vert.x's parser refuses malformed JSON with a DecodeException naming where it broke.
        return new JsonObject(Files.readString(DOCS.resolve("grafana/cti-queues.json"), StandardCharsets.UTF_8));
    }

    private static List<JsonObject> panels(JsonObject d) {
        List<JsonObject> out = new ArrayList<>();
        d.getJsonArray("panels").forEach(p -> out.add((JsonObject) p));
        return out;
    }

    private static List<String> expressions(JsonObject d) {
        List<String> out = new ArrayList<>();
        for (JsonObject p : panels(d)) {
            JsonArray targets = p.getJsonArray("targets", new JsonArray());
            targets.forEach(t -> out.add(((JsonObject) t).getString("expr")));
        }
        return out;
    }

    @Test
    void isAWellFormedDashboardWithPanelsThatDoNotOverlap() throws Exception {
        JsonObject d = dashboard();
        assertThat(d.getString("uid")).isEqualTo("cti-queues");
        assertThat(d.getString("title")).isNotBlank();
        List<JsonObject> panels = panels(d);
        assertThat(panels).hasSizeGreaterThan(10);
        Set<Integer> ids = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        for (JsonObject p : panels) {
            assertThat(ids.add(p.getInteger("id"))).as("unique id of " + p.getString("title")).isTrue();
            JsonObject g = p.getJsonObject("gridPos");
            int[] box = {g.getInteger("x"), g.getInteger("y"), g.getInteger("w"), g.getInteger("h")};
            assertThat(box[0] + box[2]).as("width of " + p.getString("title")).isLessThanOrEqualTo(24);
            for (int[] other : boxes) {
                boolean overlap = box[0] < other[0] + other[2] && other[0] < box[0] + box[2]
                        && box[1] < other[1] + other[3] && other[1] < box[1] + box[3];
                assertThat(overlap).as(p.getString("title") + " overlaps another panel").isFalse();
            }
            boxes.add(box);
            if (!"row".equals(p.getString("type"))) {
                assertThat(p.getJsonArray("targets")).as("queries of " + p.getString("title")).isNotEmpty();
            }
        }
    }

    @Test
    void queriesOnlyMetersThatMetricsMdDocuments() throws Exception {
        String metricsMd = Files.readString(DOCS.resolve("METRICS.md"), StandardCharsets.UTF_8);
        Set<String> used = new TreeSet<>();
        for (String expr : expressions(dashboard())) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                used.add(m.group());
            }
        }
        // The dashboard covers what the brief asks: service level, waiting, traffic, histograms, agents, occupancy.
        assertThat(used).contains("cti_queue_service_level_ratio", "cti_queue_service_level_target_ratio",
                "cti_queue_calls_waiting", "cti_queue_oldest_wait_seconds", "cti_queue_calls_offered_total",
                "cti_queue_calls_answered_total", "cti_queue_calls_abandoned_total",
                "cti_queue_wait_time_seconds_bucket", "cti_queue_handle_time_seconds_bucket", "cti_agents",
                "cti_agent_occupancy_ratio");
        for (String name : used) {
            String family = name.replaceFirst("_(bucket|sum|count)$", "");
            assertThat(metricsMd).as(name + " is documented in docs/METRICS.md").contains("`" + family + "`");
        }
    }

    @Test
    void everyQueryIsValidPromql() throws Exception {
        Path promtool = PeerTool.require("promtool", "prometheus");
        // Grafana's variables replaced by what they stand for, each query as a recording rule promtool parses.
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int i = 0;
        for (String expr : expressions(dashboard())) {
            String promql = expr.replace("$__rate_interval", "5m").replace("$queue", ".*");
            rules.append("      - record: dashboard:query").append(i++).append('\n')
                    .append("        expr: '").append(promql.replace("'", "''")).append("'\n");
        }
        Path file = tmp.resolve("dashboard-rules.yml");
        Files.writeString(file, rules);
        Process check = new ProcessBuilder(promtool.toString(), "check", "rules", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(out).isZero();
        assertThat(out).contains("SUCCESS: " + i + " rules found");
    }
}
