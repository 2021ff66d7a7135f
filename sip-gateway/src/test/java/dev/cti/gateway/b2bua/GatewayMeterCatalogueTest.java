package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cti.gateway.GatewayMeters;
import dev.cti.link.message.ClearCause;
import dev.cti.meters.CatalogueCheck;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The gateway's meter catalogue ({@link GatewayMeters}) is the whole truth: a started gateway holds no meter it does
 * not describe, docs/METRICS.md ("The gateway's meters") names every entry, and names nothing that is not one.
 */
class GatewayMeterCatalogueTest {
    private static final Path METRICS_MD = Path.of(System.getProperty("cti.repo.root", "..")).resolve("docs")
            .resolve("METRICS.md");

    @Test
    void everyMeterOfAStartedGatewayIsCataloguedAndDocumented() throws Exception {
        String doc = CatalogueCheck.section(Files.readString(METRICS_MD, StandardCharsets.UTF_8),
                "### The gateway's meters");
        try (GatewayHarness h = new GatewayHarness(60)) {
            PrometheusMeterRegistry registry = h.gateway.registry();
            // the meters registered at their first use too
            B2buaMetrics metrics = h.gateway.b2bua().metrics();
            metrics.callEnded(ClearCause.CALLER_HANGUP);
            metrics.callRefused("max_calls");
            metrics.callError();
            metrics.unexpected("call", ClearCause.FAILED, ClearCause.ABANDONED);
            metrics.dialRefused("originate", "bad_number");
            metrics.inDialogRefused("BYE", "wrong_tag");
            metrics.commandRejected("HangUp");
            metrics.monitorRequested("listen");
            metrics.monitorEnded("stopped");
            assertThat(registry.getMeters()).hasSizeGreaterThan(40);
            assertThat(CatalogueCheck.uncatalogued(registry, GatewayMeters.values(), name -> false)).isEmpty();

            NamingConvention convention = registry.config().namingConvention();
            assertThat(CatalogueCheck.undocumented(GatewayMeters.values(), convention, doc)).isEmpty();
            assertThat(CatalogueCheck.notInCatalogue(doc, GatewayMeters.values(), convention)).isEmpty();
            // what the scrape shows is what the catalogue says, description included
            assertThat(registry.scrape()).contains("# HELP rtp_legs_active " + GatewayMeters.RTP_LEGS_ACTIVE
                    .getDescription()).contains("# TYPE b2bua_calls_ended_total counter");
        }
    }

    @Test
    void theBuildersRefuseWhatTheCatalogueDoesNotSay() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(
                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        assertThatThrownBy(() -> GatewayMeters.B2BUA_CALLS_ENDED.counter(registry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[cause]");
        assertThatThrownBy(() -> GatewayMeters.B2BUA_CALLS_LIVE.counter(registry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GAUGE");
        assertThat(registry.getMeters()).isEmpty();
    }
}
