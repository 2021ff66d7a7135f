package dev.cti.server.store;

import dev.cti.config.StorageConfig;
import dev.cti.server.testing.PostgresCluster;
import dev.cti.server.testing.PostgresExtension;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SurveyStoreContractTest} on a real, throwaway PostgreSQL: the surveys' SQL is portable. */
@ExtendWith(PostgresExtension.class)
class PostgresSurveyStoreTest extends SurveyStoreContractTest {
    private final PostgresCluster cluster;

    PostgresSurveyStoreTest(PostgresCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    StorageConfig storage() throws Exception {
        return new StorageConfig("target/pg-test-data", Optional.of(cluster.createDatabase()),
                Optional.of(PostgresCluster.USER), Optional.empty());
    }
}
