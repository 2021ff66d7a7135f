package dev.cti.server.report;

import dev.cti.config.ConfigException;
import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.server.store.Database;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * {@code bin/cti queue-log --from DAY --to DAY [--config DIR] [--out FILE]}: our records of those site-local days as
 * Asterisk's queue_log (docs/METRICS.md, "queue_log"), read straight from the database. The embedded H2 database is
 * held by a running server: then it says so and points at {@code GET /api/reports/queue_log}; PostgreSQL is read while
 * the server runs. Exit status 0, 2 on bad arguments, 1 when the database cannot be read.
 */
public final class QueueLogMain {
    private QueueLogMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path config = Path.of("conf");
        LocalDate from = null;
        LocalDate to = null;
        Path file = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--config" -> config = Path.of(need(value, "--config"));
                    case "--from" -> from = LocalDate.parse(need(value, "--from"));
                    case "--to" -> to = LocalDate.parse(need(value, "--to"));
                    case "--out" -> file = Path.of(need(value, "--out"));
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
                i++;
            }
            if (from == null) {
                throw new IllegalArgumentException("--from DAY is required (a date such as 2026-03-01)");
            }
            to = to == null ? from : to;
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("--to must not be before --from");
            }
        } catch (IllegalArgumentException | DateTimeException e) {
            err.println("queue-log: " + e.getMessage());
            err.println("usage: bin/cti queue-log --from DAY [--to DAY] [--config DIR] [--out FILE]");
            return 2;
        }
        CtiConfig cfg;
        try {
            cfg = ConfigLoader.load(config);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        Database db = Database.of(cfg.storage());
        ZoneId zone = ZoneId.of(cfg.site().timeZone());
        List<String> lines;
        try (Connection c = DriverManager.getConnection(db.url() + (db.embedded() ? ";IFEXISTS=TRUE" : ""),
                db.user().orElse(null), db.password().orElse(null))) {
            c.setReadOnly(true);
            lines = new QueueLogExport(cfg).lines(c, from.atStartOfDay(zone).toInstant(),
                    to.plusDays(1).atStartOfDay(zone).toInstant());
        } catch (SQLException e) {
            boolean locked = db.embedded() && String.valueOf(e.getMessage()).contains("locked");
            err.println("queue-log: cannot read " + db.describe() + " (" + e.getClass().getSimpleName() + ", SQL state "
                    + e.getSQLState() + ")" + (locked ? ": the running server holds the embedded database; ask it"
                    + " instead: curl -H \"Authorization: Bearer $T\" \"$S/api/reports/queue_log?from=" + from + "&to="
                    + to + "&format=text\" (admins)" : ""));
            return 1;
        }
        try (OutputStream o = file == null ? null : Files.newOutputStream(file)) {
            PrintStream target = o == null ? out : new PrintStream(o, false, StandardCharsets.UTF_8);
            lines.forEach(target::println);
            target.flush();
        } catch (IOException e) {
            err.println("queue-log: cannot write " + file + ": " + e.getMessage());
            return 1;
        }
        err.println("queue-log: " + lines.size() + " lines for " + from + " .. " + to + " (" + zone + ")");
        return 0;
    }

    private static String need(String value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return value;
    }
}
