package dev.cti.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.config.CtiConfig;
import dev.cti.link.message.CallState;
import dev.cti.link.message.MonitorEndReason;
import dev.cti.link.message.MonitorEnded;
import dev.cti.link.message.MonitorMode;
import dev.cti.link.message.MonitorModeChanged;
import dev.cti.link.message.SetMonitorMode;
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.StopMonitor;
import dev.cti.server.testing.ScriptedGatewayApiBase;
import dev.cti.server.testing.TestConfigs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server that did not start a monitor session (it restarted, or the session began while the link was down) learns
 * of it from the gateway's snapshot, on the real server with the gateway played by a scripted link peer: GET
 * /api/monitors lists it, its supervisor switches and stops it (SetMonitorMode and StopMonitor go to the gateway)
 * and its later Monitor* events are followed.
 */
class MonitorAdoptionApiTest extends ScriptedGatewayApiBase {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Override
    protected CtiConfig configure(CtiConfig shipped) {
        return TestConfigs.withMonitoringUsers(shipped);
    }

    @Test
    void aMonitorSessionInTheGatewaysSnapshotIsListedAndCanBeSwitchedAndStopped() throws Exception {
        String supervisor = login("supervisor", "demo-supervisor");
        Events events = events(supervisor);
        assertThat(live(supervisor)).isEmpty();

        // what the gateway answers a fresh server (on connect, or to RequestSnapshot): 1001's call, whispered to
        long now = System.currentTimeMillis();
        gateway.send(new Snapshot(List.of(new Snapshot.CallSnapshot("c1", CallState.CONNECTED, "service", "1001",
                        "1001", "13812345678", now - 60_000, now - 50_000, null,
                        new Snapshot.MonitorSnapshot("m-gw", "supervisor", "9001", MonitorMode.WHISPER,
                                Snapshot.MonitorSnapshotState.ACTIVE))),
                List.of(new Snapshot.Registration("1001", "sip:1001@127.0.0.1:5099", now + 3_600_000),
                        new Snapshot.Registration("9001", "sip:9001@127.0.0.1:5098", now + 3_600_000)),
                now));

        JsonObject adopted = events.next(e -> "monitor".equals(e.getString("type")), WAIT).getJsonObject("monitor");
        assertThat(adopted.getString("monitorId")).isEqualTo("m-gw");
        await().atMost(WAIT).until(() -> live(supervisor).size() == 1);
        JsonObject listed = live(supervisor).getJsonObject(0);
        assertThat(listed.getString("monitorId")).isEqualTo("m-gw");
        assertThat(listed.getString("callId")).isEqualTo("c1");
        assertThat(listed.getString("agentId")).isEqualTo("1001");
        assertThat(listed.getString("supervisor")).isEqualTo("supervisor");
        assertThat(listed.getString("mode")).isEqualTo("whisper");
        assertThat(listed.getString("state")).isEqualTo("active");
        assertThat(listed.getLong("startedAt")).isEqualTo(now);

        // the wallboard's buttons work on it
        HttpResponse<String> sw = send("/api/monitors/m-gw", supervisor, "PUT", "{\"mode\":\"barge\"}");
        assertThat(sw.statusCode()).as(sw.body()).isEqualTo(202);
        assertThat(gateway.await(SetMonitorMode.class)).isEqualTo(new SetMonitorMode("m-gw", "c1", MonitorMode.BARGE));
        gateway.send(new MonitorModeChanged("m-gw", "c1", MonitorMode.BARGE, now + 1_000));
        events.next(e -> "monitor".equals(e.getString("type"))
                && "barge".equals(e.getJsonObject("monitor").getString("mode")), WAIT);

        HttpResponse<String> stop = send("/api/monitors/m-gw", supervisor, "DELETE", null);
        assertThat(stop.statusCode()).as(stop.body()).isEqualTo(202);
        assertThat(gateway.await(StopMonitor.class)).isEqualTo(new StopMonitor("m-gw", "c1"));
        gateway.send(new MonitorEnded("m-gw", "c1", MonitorEndReason.STOPPED, now + 2_000));
        JsonObject ended = events.next(e -> "monitor".equals(e.getString("type"))
                && "ended".equals(e.getJsonObject("monitor").getString("state")), WAIT).getJsonObject("monitor");
        assertThat(ended.getString("endReason")).isEqualTo("stopped");
        await().atMost(WAIT).until(() -> live(supervisor).isEmpty());
        assertThat(metric("cti_monitor_events_unexpected_total")).as("the adopted session's events were expected")
                .isEqualTo(0.0);
    }

    private JsonArray live(String token) throws Exception {
        return new JsonObject(get("/api/monitors", token).body()).getJsonArray("monitors");
    }

    /** Sum of a counter's series on /metrics (0 when it has none yet). */
    private double metric(String name) throws Exception {
        double sum = 0;
        for (String line : get("/metrics", null).body().split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
