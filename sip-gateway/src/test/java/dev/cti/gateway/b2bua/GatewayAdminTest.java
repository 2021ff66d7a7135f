package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway's admin HTTP: health with the link state, Prometheus metrics of SIP, media and B2BUA. */
class GatewayAdminTest {
    private GatewayHarness h;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        h = new GatewayHarness(60);
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void healthAndMetricsAnswer() throws Exception {
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"ctiLink\":true").contains("\"calls\":0");

        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body()).contains("b2bua_calls_live").contains("cti_link_connected 1.0")
                .contains("cti_link_refused_connections_total{reason=\"tls_handshake\"} 0.0");

        assertThat(get("/nope").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.gateway.adminPort() + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
