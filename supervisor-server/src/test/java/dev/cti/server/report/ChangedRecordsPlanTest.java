package dev.cti.server.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.CtiConfig;
import dev.cti.server.store.Store;
import dev.cti.server.testing.TestConfigs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report job asks every {@code reports.refreshSeconds} which records changed since its last run
 * ({@link ChangedRecords}); on a year of records a query that reads a whole table costs the job a scan of every call,
 * wrap-up or transfer ever stored at each run (V13 added the missing indexes on the time columns). Each query's H2
 * plan is read here: the table filtered by time goes through an index, and no table is read whole.
 */
class ChangedRecordsPlanTest {
    private static final Pattern SCAN = Pattern.compile("PUBLIC\\.(\\w+)\\.tableScan", Pattern.CASE_INSENSITIVE);

    @TempDir
    Path dir;

    @Test
    void every_changed_records_query_reads_through_an_index() throws Exception {
        Vertx vertx = Vertx.vertx();
        CtiConfig config = TestConfigs.sample(dir.resolve("data").toString());
        Store store = Store.open(config.storage(), vertx, new SimpleMeterRegistry(), Clock.systemUTC());
        try (Connection c = DriverManager.getConnection(store.database().url(),
                store.database().user().orElse("sa"), store.database().password().orElse(""))) {
            assertThat(ChangedRecords.sinceQueries()).hasSizeGreaterThan(10);
            for (String sql : ChangedRecords.sinceQueries()) {
                String plan = plan(c, sql);
                Matcher scan = SCAN.matcher(plan);
                assertThat(scan.find()).as("%s%nreads %s whole:%n%s", sql, scan.find(0) ? scan.group(1) : "", plan)
                        .isFalse();
            }
            // the three time columns V13 indexed are the ones these queries filter by
            assertThat(plan(c, "SELECT MIN(v.entered_at) FROM wrap_ups w JOIN queue_visits v ON v.call_id = w.call_id"
                    + " WHERE w.at >= ?")).containsIgnoringCase("WRAP_UPS_AT");
            assertThat(plan(c, "SELECT call_id FROM call_transfers WHERE at >= ?"))
                    .containsIgnoringCase("CALL_TRANSFERS_AT");
            assertThat(plan(c, "SELECT MIN(started_at) FROM calls WHERE direction = 'OUTBOUND' AND ended_at >= ?"))
                    .containsIgnoringCase("CALLS_ENDED_AT");
        } finally {
            store.close();
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static String plan(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                ps.setTimestamp(i, Timestamp.from(Instant.parse("2026-07-01T00:00:00Z")));
            }
            StringBuilder out = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.append(rs.getString(1)).append('\n');
                }
            }
            return out.toString();
        }
    }
}
