package dev.cti.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.StorageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on the embedded H2 file database (the default). */
class H2StoreTest extends StoreContractTest {
    @TempDir
    Path dir;

    @Override
    StorageConfig storage() {
        return reopenStorage();
    }

    @Override
    StorageConfig reopenStorage() {
        return new StorageConfig(dir.resolve("data").toString(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void the_database_file_lives_under_the_data_dir() {
        assertThat(store.database().embedded()).isTrue();
        assertThat(Files.exists(dir.resolve("data").resolve("cti.mv.db"))).isTrue();
    }
}
