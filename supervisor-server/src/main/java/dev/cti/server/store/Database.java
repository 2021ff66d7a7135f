package dev.cti.server.store;

import dev.cti.config.StorageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
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

    /** Applies the migrations; returns how many ran. */
    int migrate() {
        Flyway flyway = Flyway.configure()
                .dataSource(url, user.orElse(null), password.orElse(null))
                .locations("classpath:db/migration")
                .load();
        return flyway.migrate().migrationsExecuted;
    }

    Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url, user.orElse(null), password.orElse(null));
        c.setAutoCommit(false);
        return c;
    }

    /** The URL without credentials or options, for logs. */
    public String describe() {
        int semi = url.indexOf(';');
        String base = semi < 0 ? url : url.substring(0, semi);
        int q = base.indexOf('?');
        return q < 0 ? base : base.substring(0, q);
    }
}
