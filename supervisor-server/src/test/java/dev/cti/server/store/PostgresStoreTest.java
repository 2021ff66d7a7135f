package dev.cti.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.StorageConfig;
import dev.cti.server.testing.PostgresCluster;
import dev.cti.server.testing.PostgresExtension;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The storage contract on a real, throwaway PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class PostgresStoreTest extends StoreContractTest {
    private PostgresCluster cluster;
    private String url;

    PostgresStoreTest(PostgresCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    StorageConfig storage() throws Exception {
        url = cluster.createDatabase();
        return reopenStorage();
    }

    @Override
    StorageConfig reopenStorage() {
        return new StorageConfig("target/pg-test-data", Optional.of(url), Optional.of(PostgresCluster.USER), Optional.empty());
    }

    @Test
    void runs_on_postgresql() {
        assertThat(store.database().embedded()).isFalse();
        assertThat(store.database().describe()).startsWith("jdbc:postgresql://127.0.0.1:");
    }
}
