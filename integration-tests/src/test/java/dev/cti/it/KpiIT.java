package dev.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.cti.it.stack.Caller;
import dev.cti.it.stack.Seat;
import dev.cti.it.stack.Stack;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real calls through the gateway move the KPIs exactly as docs/METRICS.md says (service queue: threshold
 * 20 s, short abandon 5 s, short abandons excluded, abandons in the denominator): one answered within the
 * threshold, one short abandon, one long abandon. Counts and ratios are exact; durations are only bounded,
 * since they are real time here (KpiScenarioTest checks them to the millisecond with a hand clock).
 */
class KpiIT {
    private static final Duration T = Duration.ofSeconds(15);
    @TempDir
    Path dir;
    private Stack stack;

    @AfterEach
    void stop() throws Exception {
        if (stack != null) stack.close();
    }

    @Test
    void answeredShortAndLongAbandonsMoveEveryQueueKpi() throws Exception {
        stack = Stack.start(dir, Map.of());
        Seat agent = stack.seat("1001", 880, 1000);
        assertThat(agent.run("ready").getString("state")).isEqualTo("READY");

        // 1. answered after about a second of ringing: within the 20 s threshold, one ring
        Caller answered = stack.caller("13800000001", 440);
        answered.dial("4008001000");
        agent.events().await("answered", T);
        agent.events().awaitState("ON_CALL", T);
        Thread.sleep(1500); // talk
        answered.hangup();
        agent.events().awaitState("WRAP_UP", T);
        agent.run("not-ready break");
        agent.run("wrapup resolved");
        agent.events().awaitState("NOT_READY", T);

        // 2. a short abandon (about 1.5 s, under the 5 s short-abandon limit); nobody is ready
        Caller shortAbandon = stack.caller("13800000002", 440);
        shortAbandon.dial("4008001000");
        shortAbandon.events().await("answered", T); // the gateway answers at once and plays the queue
        Thread.sleep(1500);
        shortAbandon.hangup();

        // 3. a long abandon (about 6.5 s): over the short limit, within the 20 s threshold
        Caller longAbandon = stack.caller("13800000003", 440);
        longAbandon.dial("4008001000");
        longAbandon.events().await("answered", T);
        Thread.sleep(6500);
        longAbandon.hangup();

        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + stack.server().httpPort();
        String token = login(http, base);
        JsonObject today = await().atMost(T).until(() -> service(http, base, token).getJsonObject("today"),
                t -> t != null && t.getInteger("abandoned") == 2 && t.getValue("averageHandleSeconds") != null);
        assertThat(today.getInteger("offered")).isEqualTo(3);
        assertThat(today.getInteger("answered")).isEqualTo(1);
        // ours: 1 within threshold / (1 answered + 1 long abandon; the short one is excluded)
        assertThat(today.getDouble("serviceLevel")).isCloseTo(0.5, within(1e-9));
        // Asterisk Perf: 1/1; Perf2: (1 + 2 abandoned within 20 s) / 3; Connect: (1 + 2) / 3 offered
        assertThat(today.getDouble("serviceLevelAsteriskPerf")).isCloseTo(1.0, within(1e-9));
        assertThat(today.getDouble("serviceLevelAsteriskPerf2")).isCloseTo(1.0, within(1e-9));
        assertThat(today.getDouble("serviceLevelConnect")).isCloseTo(1.0, within(1e-9));
        assertThat(today.getDouble("answerRate")).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(today.getDouble("abandonRate")).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(today.getDouble("averageRings")).isCloseTo(1.0, within(1e-9)); // ~1 s of a 5 s cadence
        // queue time: (≈1 + ≈1.5 + ≈6.5) / 3, bounded for a loaded machine
        assertThat(today.getDouble("averageQueueSeconds")).isBetween(2.0, 8.0);
        assertThat(today.getDouble("averageHandleSeconds")).isBetween(1.0, 60.0);

        String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("cti_queue_calls_offered_total{queue=\"service\"} 3.0")
                .contains("cti_queue_calls_answered_within_threshold_total{queue=\"service\"} 1.0")
                .contains("cti_queue_calls_abandoned_total{kind=\"short\",queue=\"service\"} 1.0")
                .contains("cti_queue_calls_abandoned_total{kind=\"long\",queue=\"service\"} 1.0")
                .contains("cti_queue_service_level_ratio{queue=\"service\"} 0.5");
    }

    private static String login(HttpClient http, String base) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"supervisor\",\"password\":\"demo-supervisor\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return new JsonObject(r.body()).getString("token");
    }

    private static JsonObject service(HttpClient http, String base, String token) throws Exception {
        JsonObject body = new JsonObject(http.send(HttpRequest.newBuilder(URI.create(base + "/api/queues"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
        return body.getJsonArray("queues").getJsonObject(0);
    }
}
