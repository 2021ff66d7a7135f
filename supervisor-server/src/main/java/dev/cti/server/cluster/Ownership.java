package dev.cti.server.cluster;

import dev.cti.server.store.Store;
import java.sql.SQLException;

/**
 * A failover node's hold on the call center: the owner lock it acquired and what it does when it loses it.
 *
 * @param lock   held ({@link OwnerLock#acquire})
 * @param onLost runs once when the lock's session is found ended or a write is fenced (production: the process halts,
 *               so that a node that is no longer the owner does not go on acting as one)
 */
public record Ownership(OwnerLock lock, Runnable onLost) {

    /**
     * Takes the next epoch and fences {@code store}'s writes with it, then watches the lock. Blocking (JDBC); called
     * once the migrations have run and before anything is written.
     */
    public void fence(Store store) throws SQLException {
        long epoch = lock.takeEpoch();
        store.fence(new OwnerFence(epoch, () -> lock.lost(onLost, "a write found epoch " + epoch + " ended")));
        lock.watch(onLost);
    }
}
