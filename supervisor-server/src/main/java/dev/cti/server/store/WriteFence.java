package dev.cti.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Checked by the store's writer at the start of every write transaction, on its connection, before the writes
 * (storage.failover: {@code dev.cti.server.cluster.OwnerFence}). A check that throws {@link Fenced} fails the whole
 * batch at once: nothing is committed, nothing is retried.
 */
public interface WriteFence {
    void check(Connection c) throws SQLException;

    /** This process may no longer write: another node owns the call center. */
    final class Fenced extends SQLException {
        public Fenced(String message) {
            super(message);
        }
    }
}
