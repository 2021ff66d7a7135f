package dev.cti.server.store;

import dev.cti.config.StorageConfig;
import dev.cti.server.testing.PostgresCluster;
import dev.cti.server.testing.PostgresExtension;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;

/** The QA records on a real, throwaway PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class PostgresQaStoreTest extends QaStoreContractTest {
    private final PostgresCluster cluster;

    PostgresQaStoreTest(PostgresCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    StorageConfig storage() throws Exception {
        return new StorageConfig("target/pg-test-data", Optional.of(cluster.createDatabase()), Optional.of(PostgresCluster.USER),
                Optional.empty());
    }
}
