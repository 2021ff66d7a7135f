package dev.cti.server.cluster;

import dev.cti.server.store.WriteFence;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The fence of a failover owner (docs/CLUSTER.md): every write transaction of the store first reads
 * {@code cluster_owner.epoch} FOR SHARE. While it is this node's epoch the transaction goes on, and a new owner's
 * bump of the epoch waits for it; once another node has taken a newer epoch the transaction fails
 * ({@link WriteFence.Fenced}), nothing of it is committed, and {@code onFenced} runs.
 */
public final class OwnerFence implements WriteFence {
    private final long epoch;
    private final Runnable onFenced;

    public OwnerFence(long epoch, Runnable onFenced) {
        this.epoch = epoch;
        this.onFenced = onFenced;
    }

    @Override
    public void check(Connection c) throws SQLException {
        long current;
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT epoch FROM cluster_owner WHERE id = 1 FOR SHARE")) {
            current = r.next() ? r.getLong(1) : -1;
        }
        if (current != epoch) {
            onFenced.run();
            throw new WriteFence.Fenced("this node's owner epoch " + epoch + " has ended (the database says "
                    + current + "): another node owns the call center");
        }
    }
}
