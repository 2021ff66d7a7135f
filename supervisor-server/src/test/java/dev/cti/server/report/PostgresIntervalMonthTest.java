package dev.cti.server.report;

import dev.cti.config.StorageConfig;
import dev.cti.server.testing.PostgresCluster;
import dev.cti.server.testing.PostgresExtension;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;

/** The generated month and the late record on a real, throwaway PostgreSQL: the interval SQL is portable. */
@ExtendWith(PostgresExtension.class)
class PostgresIntervalMonthTest extends IntervalMonthTest {
    private final PostgresCluster cluster;

    PostgresIntervalMonthTest(PostgresCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    StorageConfig storage() throws Exception {
        return new StorageConfig(dir.resolve("data").toString(), Optional.of(cluster.createDatabase()),
                Optional.of(PostgresCluster.USER), Optional.empty());
    }
}
