package dev.cti.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.meters.CatalogueCheck;
import dev.cti.server.ServerMain;
import dev.cti.server.testing.TestConfigs;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's meter catalogue ({@link ServerMeters}) is the whole truth: a started server holds no meter of its own
 * it does not describe (the JVM's and the process's are Micrometer's binders'), docs/METRICS.md ("The server's
 * meters") names every entry, and names nothing that is not one.
 */
class ServerMeterCatalogueTest {
    private static final Path METRICS_MD = Path.of(System.getProperty("cti.repo.root", "..")).resolve("docs")
            .resolve("METRICS.md");

    @TempDir
    Path dir;

    @Test
    void everyMeterOfAStartedServerIsCataloguedAndDocumented() throws Exception {
        String doc = CatalogueCheck.section(Files.readString(METRICS_MD, StandardCharsets.UTF_8),
                "### The server's meters");
        ServerMain.Running server = ServerMain.start(TestConfigs.sample(dir.resolve("data").toString()),
                Clock.systemUTC()).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        try {
            // a request refused for its token: a meter registered at its first use
            HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/api/agents")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            PrometheusMeterRegistry registry = server.meters();
            assertThat(registry.getMeters()).hasSizeGreaterThan(50);
            assertThat(CatalogueCheck.uncatalogued(registry, ServerMeters.values(),
                    name -> name.startsWith("jvm.") || name.startsWith("process.") || name.startsWith("system.")))
                    .isEmpty();

            NamingConvention convention = registry.config().namingConvention();
            assertThat(CatalogueCheck.undocumented(ServerMeters.values(), convention, doc)).isEmpty();
            assertThat(CatalogueCheck.notInCatalogue(doc, ServerMeters.values(), convention)).isEmpty();
            assertThat(registry.scrape()).contains("# HELP cti_queue_oldest_wait_seconds "
                    + ServerMeters.QUEUE_OLDEST_WAIT.getDescription());
        } finally {
            server.close();
        }
    }
}
