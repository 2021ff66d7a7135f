package dev.cti.server.store;

import dev.cti.config.StorageConfig;
import dev.cti.server.testing.PostgresCluster;
import dev.cti.server.testing.PostgresExtension;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;

/** The recording index on a real, throwaway PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class PostgresRecordingStoreTest extends RecordingStoreContractTest {
    private final PostgresCluster cluster;

    PostgresRecordingStoreTest(PostgresCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    StorageConfig storage() throws Exception {
        return new StorageConfig("unused", Optional.of(cluster.createDatabase()), Optional.of(PostgresCluster.USER),
                Optional.empty());
    }
}
