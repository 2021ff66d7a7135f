package dev.cti.gateway.media.record;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the recordings' writes from the event loops to the writer threads in batches: what a loop hands over is
 * collected on the loop and passed to the writers in one task every {@code delayMillis}, instead of one task (and a
 * writer thread woken, a {@code futex} call and a context switch on the loop's core) per chunk, that is per
 * recorded call per second. Benchmark T3 found that with one hand-off per chunk the event loops of 300 recorded
 * calls were switched out about a thousand times a second and spent more CPU on it than on the tap itself.
 *
 * <p>Order is kept: a recording's tasks come from its {@link BoundedSerialQueue}, which hands over one drain at a
 * time. Tasks handed over from any other thread (control, a stop after the loop has ended) go to the writers at
 * once. One per recording service; {@link #on} gives the executor of one event loop.
 */
public final class ChunkHandOff {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkHandOff.class);

    private final Executor writers;
    private final long delayMillis;
    private final Map<EventLoop, Batch> batches = new ConcurrentHashMap<>();

    /**
     * @param writers     the writer threads (never an event loop)
     * @param delayMillis how long a loop collects before handing over; adds at most this to a chunk's way to the disk
     */
    public ChunkHandOff(Executor writers, long delayMillis) {
        this.writers = writers;
        this.delayMillis = delayMillis;
    }

    /** The executor for the recordings of {@code loop}. */
    public Executor on(EventLoop loop) {
        return batches.computeIfAbsent(loop, Batch::new);
    }

    /** One loop's tasks waiting to be handed over; {@link #pending} is touched on the loop only. */
    private final class Batch implements Executor {
        private final EventLoop loop;
        private List<Runnable> pending = new ArrayList<>();

        Batch(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public void execute(Runnable task) {
            if (!loop.inEventLoop()) {
                writers.execute(task);
                return;
            }
            pending.add(task);
            if (pending.size() == 1) {
                try {
                    loop.schedule(this::flush, delayMillis, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    flush(); // the loop is stopping: hand over now
                }
            }
        }

        private void flush() {
            List<Runnable> tasks = pending;
            pending = new ArrayList<>();
            if (tasks.isEmpty()) {
                return;
            }
            try {
                writers.execute(() -> {
                    for (Runnable t : tasks) {
                        try {
                            t.run();
                        } catch (RuntimeException e) {
                            LOG.warn("recording write task failed", e);
                        }
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.warn("recording writers are shut down: {} tasks dropped", tasks.size());
            }
        }
    }
}
