package dev.cti.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** The catalogue renders to Prometheus names with base units, _total counters and bounded labels. */
class SipMetricsTest {

    @Test
    void prometheusNames() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SipMetrics metrics = new SipMetrics(registry);
        Object owner = new Object();
        metrics.bindGauge(dev.cti.gateway.GatewayMeters.SIP_REGISTRATIONS_ACTIVE, owner, () -> 3);
        metrics.requestReceived("REGISTER");
        metrics.requestReceived("!interesting-Method");
        metrics.responseSent(401);
        metrics.rejected(RejectReason.SCANNER, SipMetrics.Action.DROPPED);
        String text = registry.scrape();
        assertThat(text).contains("sip_requests_received_total{method=\"REGISTER\"} 1.0")
                .contains("sip_requests_received_total{method=\"other\"} 1.0")
                .contains("sip_responses_sent_total{class=\"4xx\"} 1.0")
                .contains("sip_messages_rejected_total{action=\"dropped\",reason=\"scanner\"} 1.0")
                .contains("sip_registrations_active 3.0")
                .doesNotContain("interesting");
    }
}
