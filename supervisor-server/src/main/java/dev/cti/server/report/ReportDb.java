package dev.cti.server.report;

import dev.cti.server.store.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reports' own two connections to the store's database, each owned by a worker thread of its own, so neither the
 * interval job nor a long report query (a year of rows) ever waits behind, or delays, the live writes on the store's
 * writer ({@code cti-store-writer}) or takes a connection of its pool: {@code cti-report-job} runs the interval job
 * (it alone writes the interval tables), {@code cti-report-read} the report, history, audit and queue_log queries.
 * Never an event loop. A connection that failed is closed and opened again on the next use. docs/STORAGE.md,
 * "Threads, connections and group commit".
 */
public final class ReportDb implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReportDb.class);

    /** Work on one connection; committed after it returns, rolled back if it throws. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Database database;
    private final Lane job;
    private final Lane read;

    public ReportDb(Vertx vertx, Database database) {
        this.database = database;
        this.job = new Lane(vertx.createSharedWorkerExecutor("cti-report-job", 1));
        this.read = new Lane(vertx.createSharedWorkerExecutor("cti-report-read", 1));
    }

    /** Runs on the interval job's thread and connection. */
    public <T> Future<T> onJob(Work<T> work) {
        return job.run(work);
    }

    /** Runs a report query on the reports' read thread and connection. */
    public <T> Future<T> onRead(Work<T> work) {
        return read.run(work);
    }

    @Override
    public void close() {
        job.close();
        read.close();
    }

    /** One worker thread and the connection it owns. */
    private final class Lane {
        private final WorkerExecutor worker;
        private Connection connection;

        Lane(WorkerExecutor worker) {
            this.worker = worker;
        }

        <T> Future<T> run(Work<T> work) {
            return worker.executeBlocking(() -> {
                Connection c = connection();
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    drop(c);
                    // only the class and SQL state: driver messages may quote row values (numbers)
                    throw new IllegalStateException("report query failed: " + e.getClass().getSimpleName()
                            + " (SQL state " + (e instanceof SQLException se ? se.getSQLState() : "-") + ")");
                }
            }, true);
        }

        private Connection connection() throws SQLException {
            if (connection == null) {
                connection = DriverManager.getConnection(database.url(), database.user().orElse(null),
                        database.password().orElse(null));
                connection.setAutoCommit(false);
            }
            return connection;
        }

        private void drop(Connection c) {
            try {
                c.rollback();
                c.close();
            } catch (SQLException e) {
                LOG.debug("report connection close: {}", e.toString());
            }
            connection = null;
        }

        void close() {
            try {
                worker.executeBlocking(() -> {
                    if (connection != null) {
                        connection.close();
                    }
                    return null;
                }, true).toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("report connection close failed: {}", e.toString());
            } finally {
                worker.close();
            }
        }
    }
}
