package dev.cti.server.store;

import dev.cti.config.StorageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Where the store's database is and how to reach it: the embedded H2 file database under
 * {@link StorageConfig#dataDir()} by default, PostgreSQL when {@link StorageConfig#postgresUrl()} is set.
 * Both get the same Flyway migrations from {@code classpath:db/migration}.
 *
 * <p>H2 runs with {@code WRITE_DELAY=0}: without it H2 commits to its file up to a second after the SQL
 * COMMIT, and a killed process would lose acknowledged records.
 */
public record Database(String url, Optional<String> user, Optional<String> password) {

    /** H2 options: PostgreSQL dialect, lower-case names like PostgreSQL, every commit written at once. */
    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";WRITE_DELAY=0";

    public static Database of(StorageConfig storage) {
        if (storage.postgresUrl().isPresent()) {
            return new Database(storage.postgresUrl().get(), storage.postgresUser(), storage.postgresPassword());
        }
        Path dir = Path.of(storage.dataDir()).toAbsolutePath().normalize();
        return new Database("jdbc:h2:file:" + dir.resolve("cti") + H2_OPTIONS, Optional.of("sa"), Optional.of(""));
    }

    public boolean embedded() {
        return url.startsWith("jdbc:h2:");
    }

    /** Creates the data directory of an embedded database; no-op for PostgreSQL. */
    void prepare(StorageConfig storage) throws java.io.IOException {
        if (embedded()) {
            Files.createDirectories(Path.of(storage.dataDir()));
        }
    }

    /**
     * The connection pool (HikariCP): {@code storage.poolSize} connections, auto-commit off, each checked
     * ({@code Connection.isValid}) before it is handed out after a pause, and replaced when its connection is found
     * broken (after a PostgreSQL restart); a borrow waits at most {@code storage.connectionTimeoutSeconds}. The pool
     * does not fail when the database is unreachable at the moment: the migrations that run first do.
     */
    HikariDataSource pool(StorageConfig storage, io.micrometer.core.instrument.MeterRegistry meters) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("cti-store");
        c.setJdbcUrl(url);
        user.ifPresent(c::setUsername);
        password.ifPresent(c::setPassword);
        c.setAutoCommit(false);
        c.setMaximumPoolSize(storage.poolSize());
        c.setMinimumIdle(1);
        long timeout = java.util.concurrent.TimeUnit.SECONDS.toMillis(storage.connectionTimeoutSeconds());
        c.setConnectionTimeout(timeout);
        c.setValidationTimeout(Math.max(250, Math.min(2000, timeout / 2)));
        c.setKeepaliveTime(java.util.concurrent.TimeUnit.SECONDS.toMillis(30));
        c.setInitializationFailTimeout(-1);
        if (!embedded()) {
            // a PostgreSQL that stops answering (not closing) must not hold the writer forever; reports are bounded
            // by the HTTP request timeout anyway
            c.addDataSourceProperty("socketTimeout", "300");
            c.addDataSourceProperty("tcpKeepAlive", "true");
            c.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, storage.connectionTimeoutSeconds())));
        }
        return new HikariDataSource(c);
    }

    /** Applies the migrations over {@code connections}; returns how many ran. */
    int migrate(DataSource connections) {
        Flyway flyway = Flyway.configure()
                .dataSource(connections)
                .locations("classpath:db/migration")
                .load();
        return flyway.migrate().migrationsExecuted;
    }

    /** The URL without credentials or options, for logs. */
    public String describe() {
        int semi = url.indexOf(';');
        String base = semi < 0 ? url : url.substring(0, semi);
        int q = base.indexOf('?');
        return q < 0 ? base : base.substring(0, q);
    }
}
