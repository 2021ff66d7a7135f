package dev.cti.server.call;

import io.vertx.core.Future;
import java.time.Instant;

/**
 * Where the callbacks that keep their place (issue 17) are kept and dialled: the scheduled callbacks'
 * ({@link dev.cti.server.followup.Callbacks}), so that one piece of code stores them, dials them through
 * click-to-dial, retries them and decides their outcome. The queue keeps only their place.
 */
public interface CallbackQueue {
    /** A caller waiting in {@code queueId} since {@code arrivedAt} asked to be called back on {@code number}: stored. */
    Future<Long> requestedInQueue(String callId, String queueId, String number, Instant arrivedAt);

    /**
     * The callback reached the head of its queue with {@code agentId} free: dialled now through that agent (the
     * agent's phone rings first, the desktop shows the callback). False when it was not dialled.
     */
    Future<Boolean> offerQueued(long id, String agentId);
}
