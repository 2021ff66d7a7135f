package dev.cti.server.call;

import dev.cti.server.store.FollowUpStore;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where the callbacks that keep their place (issue 17) are kept and dialled: the scheduled callbacks'
 * ({@link dev.cti.server.followup.Callbacks}), so that one piece of code stores them, dials them through
 * click-to-dial, retries them and decides their outcome. The queue keeps only their place.
 */
public interface CallbackQueue {
    /** Told when a callback asked for in a queue is over: its queue, whether answered, the time to callback. */
    interface Finished {
        void finished(String queueId, boolean completed, Duration timeToCallback);
    }

    /**
     * A caller waiting in {@code queueId} since {@code arrivedAt} asked to be called back on {@code number}: stored,
     * with what the ACD knew of the caller ({@code place}).
     */
    Future<Long> requestedInQueue(String callId, String queueId, String number, Instant arrivedAt,
                                  FollowUpStore.Place place);

    /**
     * The callback reached the head of its queue with {@code agentId} free: dialled now through that agent (the
     * agent's phone rings first, the desktop shows the callback). False when it was not dialled.
     */
    Future<Boolean> offerQueued(long id, String agentId);

    /** The stored callbacks still QUEUED (read back at start): each waits to be put back at its place. */
    List<FollowUpStore.Callback> queuedNow();

    /** A QUEUED callback that has no place any more (its queue or its callback gone): offered like a due one. */
    Future<Void> unplaced(long id);

    /** Today's stored figures per queue (callbacks asked for or finished in [from, to)). */
    Future<Map<String, FollowUpStore.QueuedCounts>> queuedCounts(Instant from, Instant to);

    /** Tells {@code listener} of every callback asked for in a queue that is over. */
    void onFinished(Finished listener);
}
