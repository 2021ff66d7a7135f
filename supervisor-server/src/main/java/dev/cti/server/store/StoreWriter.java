package dev.cti.server.store;

import dev.cti.server.metrics.ServerMeters;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's one writer: a thread ({@code cti-store-writer}) that takes writes from a bounded queue and commits
 * them in batches, one transaction per batch (group commit). Every write's future completes only after the COMMIT
 * of its batch, so "durable before acknowledged" holds as with one transaction per write, for a fraction of the
 * commits (each a disk flush on PostgreSQL and H2).
 *
 * <ul>
 *   <li><b>Order.</b> Writes run in the order they were submitted; a batch is the writes waiting when the previous
 *       one finished, at most {@code maxBatch}.</li>
 *   <li><b>Bound.</b> A write submitted while {@code capacity} writes wait is refused at once with a
 *       {@link StoreBusyException}: memory does not grow while the database is slow or away.</li>
 *   <li><b>A refused write.</b> When one write of a batch fails (a constraint, a bug), the batch is rolled back and
 *       its writes are run again one transaction each: only the faulty one fails.</li>
 *   <li><b>The database away.</b> A lost connection, a pool timeout or a PostgreSQL shutting down rolls the batch
 *       back and tries it again with a fresh connection from the pool, backing off from 50 ms to 1 s, for up to
 *       {@code retryFor}; then the batch fails with a transient {@link StoreException}. A COMMIT that loses its
 *       connection is in doubt (the database may have it): it is reported as failed, not retried, and counted.</li>
 * </ul>
 *
 * <p>{@link #afterQueuedWrites} lets a read wait until the writes submitted before it are done, so a caller that
 * writes and then reads sees its write even when it did not wait for it (as with the earlier single connection).
 */
final class StoreWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    private static final long BACKOFF_MIN_MS = 50;
    private static final long BACKOFF_MAX_MS = 1000;

    private static final class Task<T> {
        final String kind;
        final Store.Work<T> work;
        final Promise<T> promise;
        final Context context;
        final long seq;
        T result;

        Task(String kind, Store.Work<T> work, Promise<T> promise, Context context, long seq) {
            this.kind = kind;
            this.work = work;
            this.promise = promise;
            this.context = context;
            this.seq = seq;
        }

        T run(Connection c) throws SQLException, IOException {
            result = work.run(c);
            return result;
        }
    }

    /** How one attempt at a batch went. */
    private enum Outcome { COMMITTED, WRITE_FAILED, DATABASE_AWAY, IN_DOUBT, FENCED }

    private record Attempt(Outcome outcome, Exception error) {}

    private record Waiter(long mark, Runnable action) {}

    private final DataSource connections;
    private final MeterRegistry meters;
    private final int capacity;
    private final int maxBatch;
    private final long retryNanos;
    private final ArrayBlockingQueue<Task<?>> queue;
    private final Object submitLock = new Object();
    private final List<Waiter> waiters = new ArrayList<>();
    private final Thread thread;
    private final DistributionSummary batchSizes;
    private final AtomicInteger databaseUp = new AtomicInteger(1);
    private long submitted;
    private volatile long processed;
    private volatile boolean closing;
    private volatile WriteFence fence;

    StoreWriter(DataSource connections, MeterRegistry meters, int capacity, int maxBatch, Duration retryFor) {
        this.connections = connections;
        this.meters = meters;
        this.capacity = capacity;
        this.maxBatch = maxBatch;
        this.retryNanos = retryFor.toNanos();
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSizes = ServerMeters.STORE_BATCH_WRITES.summary().register(meters);
        ServerMeters.STORE_WRITE_QUEUE_DEPTH.gauge(queue, ArrayBlockingQueue::size).register(meters);
        ServerMeters.STORE_WRITE_QUEUE_CAPACITY.gauge(() -> capacity).register(meters);
        ServerMeters.STORE_DATABASE_UP.gauge(databaseUp, AtomicInteger::get).register(meters);
        this.thread = new Thread(this::loop, "cti-store-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** From now on every transaction first passes {@code f} (storage.failover); set before the first write. */
    void fence(WriteFence f) {
        this.fence = f;
    }

    /** Queues {@code work}; its future completes on the caller's context after its batch is committed. */
    <T> Future<T> submit(String kind, Store.Work<T> work) {
        Promise<T> promise = Promise.promise();
        Context context = Vertx.currentContext();
        synchronized (submitLock) {
            if (closing) {
                return Future.failedFuture(new StoreException(kind + " refused: the store is closing", null));
            }
            if (!queue.offer(new Task<>(kind, work, promise, context, submitted + 1))) {
                ServerMeters.STORE_BUSY.counter(meters, kind).increment();
                return Future.failedFuture(new StoreBusyException(kind, capacity));
            }
            submitted++;
        }
        return promise.future();
    }

    /** Runs {@code action} (on this thread or the writer's) once every write submitted so far is done. */
    void afterQueuedWrites(Runnable action) {
        long mark;
        synchronized (submitLock) {
            mark = submitted;
        }
        synchronized (waiters) {
            if (processed < mark) {
                waiters.add(new Waiter(mark, action));
                return;
            }
        }
        action.run();
    }

    int capacity() {
        return capacity;
    }

    private void loop() {
        List<Task<?>> batch = new ArrayList<>(maxBatch);
        while (true) {
            Task<?> first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                if (closing && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            batch.clear();
            batch.add(first);
            queue.drainTo(batch, maxBatch - 1);
            try {
                execute(batch);
            } catch (RuntimeException | Error e) {
                // never lose the writer thread: fail what is left of the batch and go on
                LOG.error("store writer: unexpected {}", e.toString(), e);
                batch.forEach(t -> fail(t, new StoreException(t.kind + " failed: " + e.getClass().getSimpleName(), e)));
            }
            processed = batch.get(batch.size() - 1).seq;
            releaseWaiters();
        }
    }

    private void releaseWaiters() {
        List<Runnable> ready = new ArrayList<>();
        synchronized (waiters) {
            waiters.removeIf(w -> {
                if (w.mark() <= processed) {
                    ready.add(w.action());
                    return true;
                }
                return false;
            });
        }
        ready.forEach(Runnable::run);
    }

    private void execute(List<Task<?>> batch) {
        long deadline = System.nanoTime() + retryNanos;
        long backoff = BACKOFF_MIN_MS;
        while (true) {
            Attempt a = attempt(batch);
            switch (a.outcome()) {
                case COMMITTED -> {
                    databaseUp.set(1);
                    ServerMeters.STORE_COMMITS.counter(meters).increment();
                    batchSizes.record(batch.size());
                    for (Task<?> t : batch) {
                        ServerMeters.STORE_WRITES.counter(meters, t.kind).increment();
                        succeed(t);
                    }
                    return;
                }
                case WRITE_FAILED -> {
                    databaseUp.set(1);
                    if (batch.size() == 1) {
                        fail(batch.get(0), a.error(), false);
                    } else {
                        // one of them is faulty: each on its own, so only that one fails
                        for (Task<?> t : new ArrayList<>(batch)) {
                            execute(List.of(t));
                        }
                    }
                    return;
                }
                case FENCED -> {
                    LOG.error("store: {} write(s) refused: {}", batch.size(), a.error().getMessage());
                    batch.forEach(t -> fail(t, a.error(), false));
                    return;
                }
                case IN_DOUBT -> {
                    databaseUp.set(0);
                    ServerMeters.STORE_COMMITS_IN_DOUBT.counter(meters).increment();
                    LOG.error("store: the COMMIT of {} write(s) lost its connection ({}): reported as failed, the "
                            + "database may hold them", batch.size(), describe(a.error()));
                    batch.forEach(t -> fail(t, a.error(), true));
                    return;
                }
                case DATABASE_AWAY -> {
                    if (databaseUp.getAndSet(0) == 1) {
                        LOG.warn("store: the database is away ({}); retrying for up to {} s", describe(a.error()),
                                TimeUnit.NANOSECONDS.toSeconds(retryNanos));
                    }
                    if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff) > deadline) {
                        batch.forEach(t -> fail(t, a.error(), true));
                        return;
                    }
                    ServerMeters.STORE_RETRIES.counter(meters).increment();
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        batch.forEach(t -> fail(t, a.error(), true));
                        return;
                    }
                    backoff = Math.min(BACKOFF_MAX_MS, backoff * 2);
                }
                default -> throw new AssertionError(a.outcome());
            }
        }
    }

    private Attempt attempt(List<Task<?>> batch) {
        Connection c;
        try {
            c = connections.getConnection();
        } catch (SQLException e) {
            return new Attempt(Outcome.DATABASE_AWAY, e);
        }
        try {
            if (c.getAutoCommit()) {
                c.setAutoCommit(false);
            }
            WriteFence f = fence;
            if (f != null) {
                try {
                    f.check(c);
                } catch (WriteFence.Fenced e) {
                    rollbackQuietly(c);
                    return new Attempt(Outcome.FENCED, e);
                }
            }
            for (Task<?> t : batch) {
                try {
                    t.run(c);
                } catch (SQLException | IOException | RuntimeException e) {
                    rollbackQuietly(c);
                    return new Attempt(databaseAway(e) ? Outcome.DATABASE_AWAY : Outcome.WRITE_FAILED, e);
                }
            }
            try {
                c.commit();
            } catch (SQLException e) {
                rollbackQuietly(c);
                return new Attempt(databaseAway(e) ? Outcome.IN_DOUBT : Outcome.WRITE_FAILED, e);
            }
            return new Attempt(Outcome.COMMITTED, null);
        } catch (SQLException e) {
            rollbackQuietly(c);
            return new Attempt(databaseAway(e) ? Outcome.DATABASE_AWAY : Outcome.WRITE_FAILED, e);
        } finally {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("store: closing a connection: {}", e.toString());
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("store: rollback failed: {}", e.toString());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void succeed(Task<T> t) {
        T result = t.result;
        if (t.context != null) {
            t.context.runOnContext(v -> t.promise.complete(result));
        } else {
            t.promise.complete(result);
        }
    }

    private void fail(Task<?> t, Exception e, boolean away) {
        ServerMeters.STORE_WRITE_FAILURES.counter(meters, t.kind).increment();
        // Only the class and SQL state: driver messages can quote row values (phone numbers).
        LOG.error("store: {} failed: {}", t.kind, describe(e));
        fail(t, new StoreException(t.kind + " failed: " + describe(e) + (away ? " (database unreachable)" : ""),
                e instanceof SQLException ? null : e, away));
    }

    private static void fail(Task<?> t, Throwable error) {
        if (t.context != null) {
            t.context.runOnContext(v -> t.promise.tryFail(error));
        } else {
            t.promise.tryFail(error);
        }
    }

    /** The exception class and SQL state, never the driver's message. */
    static String describe(Throwable e) {
        return e == null ? "-" : e.getClass().getSimpleName() + " (SQL state "
                + (e instanceof SQLException se ? se.getSQLState() : "-") + ")";
    }

    /**
     * Whether {@code e} says the database could not be reached, rather than refusing the statement: SQL state class
     * 08 (connection exception), PostgreSQL's 57P01..57P03 (shutting down, cannot connect now), H2's broken or closed
     * connection, and the JDBC transient / recoverable connection exceptions (HikariCP's pool timeout is one).
     */
    static boolean databaseAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof java.sql.SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException se && se.getSQLState() != null) {
                String s = se.getSQLState();
                if (s.startsWith("08") || s.equals("57P01") || s.equals("57P02") || s.equals("57P03")
                        || s.equals("90067") || s.equals("90098") || s.equals("90121")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Stops taking writes, commits what is queued (up to {@code timeout}), and stops the thread. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    void close(Duration timeout) {
        synchronized (submitLock) {
            closing = true;
        }
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("store: {} write(s) still queued at close", queue.size());
            thread.interrupt();
        }
    }
}
