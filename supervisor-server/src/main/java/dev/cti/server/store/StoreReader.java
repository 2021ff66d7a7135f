package dev.cti.server.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The store's reads: a few threads ({@code cti-store-read-N}) with connections of their own from the pool, so a
 * long report does not hold up the writer, and reads run in parallel. A read starts only once the writes submitted
 * before it are done ({@link StoreWriter#afterQueuedWrites}): whoever wrote and then reads sees the write, waited
 * for or not. The result is delivered on the caller's Vert.x context.
 */
final class StoreReader implements AutoCloseable {
    private final DataSource connections;
    private final StoreWriter writer;
    private final ExecutorService threads;

    StoreReader(DataSource connections, StoreWriter writer, int threadCount) {
        this.connections = connections;
        this.writer = writer;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(threadCount, r -> {
            Thread t = new Thread(r, "cti-store-read-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    <T> Future<T> read(Store.Work<T> work) {
        Promise<T> promise = Promise.promise();
        Context context = Vertx.currentContext();
        writer.afterQueuedWrites(() -> {
            try {
                threads.execute(() -> run(work, promise, context));
            } catch (RejectedExecutionException e) {
                deliver(context, () -> promise.tryFail(new StoreException("read refused: the store is closed", null)));
            }
        });
        return promise.future();
    }

    private <T> void run(Store.Work<T> work, Promise<T> promise, Context context) {
        try (Connection c = connections.getConnection()) {
            if (c.getAutoCommit()) {
                c.setAutoCommit(false);
            }
            try {
                T result = work.run(c);
                c.commit();
                deliver(context, () -> promise.tryComplete(result));
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | IOException | RuntimeException e) {
            boolean away = StoreWriter.databaseAway(e);
            StoreException failure = new StoreException("read failed: " + StoreWriter.describe(e)
                    + (away ? " (database unreachable)" : ""), e instanceof SQLException ? null : e, away);
            deliver(context, () -> promise.tryFail(failure));
        }
    }

    private static void deliver(Context context, Runnable r) {
        if (context != null) {
            context.runOnContext(v -> r.run());
        } else {
            r.run();
        }
    }

    @Override
    public void close() {
        threads.shutdown();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
