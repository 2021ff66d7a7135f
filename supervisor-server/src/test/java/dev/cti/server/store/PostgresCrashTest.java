package dev.cti.server.store;

import dev.cti.config.StorageConfig;
import dev.cti.server.testing.PostgresCluster;
import dev.cti.server.testing.PostgresExtension;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link StoreCrashTest} with the writer on PostgreSQL: the killed process is the server, not the database. */
@ExtendWith(PostgresExtension.class)
class PostgresCrashTest {
    @Test
    void acknowledged_records_survive_kill_minus_nine_on_postgresql(PostgresCluster cluster) throws Exception {
        String url = cluster.createDatabase();
        Set<String>[] acked = StoreCrashTest.runAndKill(List.of("pg", url, PostgresCluster.USER));
        StoreCrashTest.verify(new StorageConfig("target/pg-test-data", Optional.of(url), Optional.of(PostgresCluster.USER),
                Optional.empty()), acked);
    }
}
