package dev.cti.it.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The KPIs after one answered call (within the 20 s threshold, about one ring), one short abandon (under
 * 5 s) and one long abandon (over 5 s, within 20 s) on the shipped service queue, checked against the hand
 * computation of docs/METRICS.md on {@code /api/queues} and {@code /metrics}. Shared by the tests that place
 * those calls with different callers.
 */
public final class ThreeCallDay {
    private ThreeCallDay() {}

    public static void assertKpis(Stack stack, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + stack.server().httpPort();
        String token = login(http, base);
        JsonObject today = await().atMost(timeout).until(() -> service(http, base, token).getJsonObject("today"),
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
