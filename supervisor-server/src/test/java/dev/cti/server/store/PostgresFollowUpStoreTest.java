package dev.cti.server.store;

import dev.cti.config.StorageConfig;
import dev.cti.server.testing.PostgresCluster;
import dev.cti.server.testing.PostgresExtension;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Callbacks and complaint follow-ups on a real, throwaway PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class PostgresFollowUpStoreTest extends FollowUpStoreContractTest {
    private final PostgresCluster cluster;
    /** The data directory still holds the number key: a temporary one, not ./unused in the module. */
    @TempDir
    Path dir;

    PostgresFollowUpStoreTest(PostgresCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    StorageConfig storage() throws Exception {
        return new StorageConfig(dir.resolve("data").toString(), Optional.of(cluster.createDatabase()), Optional.of(PostgresCluster.USER),
                Optional.empty());
    }
}
