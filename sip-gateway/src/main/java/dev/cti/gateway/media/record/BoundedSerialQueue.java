package dev.cti.gateway.media.record;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in order, on a shared executor, with a bound on the tasks waiting: {@link #offer}
 * refuses beyond it (a recording whose disk does not keep up fails instead of growing without limit). Control
 * tasks ({@link #force}: the final chunk, span updates) are never refused.
 */
final class BoundedSerialQueue {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedSerialQueue.class);

    private final Executor executor;
    private final int bound;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    BoundedSerialQueue(Executor executor, int bound) {
        this.executor = executor;
        this.bound = bound;
    }

    /** Queues {@code task} unless {@code bound} tasks wait already. */
    synchronized boolean offer(Runnable task) {
        if (tasks.size() >= bound) {
            return false;
        }
        enqueue(task);
        return true;
    }

    /** Queues {@code task} whatever waits. */
    synchronized void force(Runnable task) {
        enqueue(task);
    }

    synchronized int waiting() {
        return tasks.size();
    }

    private void enqueue(Runnable task) {
        tasks.add(task);
        if (!running) {
            running = true;
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                running = false;
                tasks.clear();
                LOG.warn("recording writer is shut down: task dropped");
            }
        }
    }

    private void drain() {
        while (true) {
            Runnable task;
            synchronized (this) {
                task = tasks.poll();
                if (task == null) {
                    running = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("recording task failed", e);
            }
        }
    }
}
