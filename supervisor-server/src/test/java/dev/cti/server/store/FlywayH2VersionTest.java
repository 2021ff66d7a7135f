package dev.cti.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.StorageConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H2 and Flyway versions fit together (docs/STORAGE.md, "Versions"): opening the embedded store logs no Flyway
 * warning, in particular not "Using H2 ... which is newer than the version Flyway has been verified with".
 */
class FlywayH2VersionTest {
    @TempDir
    Path dir;

    @Test
    void opening_the_embedded_store_draws_no_flyway_warning() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        AbstractAppender capture = new AbstractAppender("flyway-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                if (event.getLevel().isMoreSpecificThan(Level.WARN)) {
                    warnings.add(event.getMessage().getFormattedMessage());
                }
            }
        };
        capture.start();
        Logger flyway = (Logger) LogManager.getLogger("org.flywaydb");
        Level before = flyway.getLevel();
        Configurator.setLevel("org.flywaydb", Level.WARN);
        flyway.addAppender(capture);
        Vertx vertx = Vertx.vertx();
        try (Store store = Store.open(new StorageConfig(dir.resolve("data").toString(), Optional.empty(),
                Optional.empty(), Optional.empty()), vertx, new SimpleMeterRegistry(), Clock.systemUTC())) {
            assertThat(store.database().embedded()).isTrue();
        } finally {
            flyway.removeAppender(capture);
            Configurator.setLevel("org.flywaydb", before);
            StoreContractTest.await(vertx.close());
        }
        assertThat(warnings).as("Flyway's warnings while migrating H2 %s", org.h2.engine.Constants.VERSION).isEmpty();
    }
}
