package dev.cti.server.cluster;

import dev.cti.config.StorageConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which server node owns the call center (storage.failover, docs/CLUSTER.md): a PostgreSQL session-level advisory
 * lock held on a database connection of its own, outside the store's pool.
 *
 * <p>PostgreSQL ends the session, and with it the lock, as soon as the owner's process dies (its socket is closed
 * by the kernel), so a standby takes over within {@code checkMillis}. A paused owner keeps its session and with it
 * the lock: no second owner while the first one may still act. An owner whose session ends while it runs (PostgreSQL
 * restarted, the network to it cut) learns it at its next check and must stop ({@link #watch}); until then the
 * epoch fence in the store's writer refuses its commits once another node has taken over ({@link OwnerFence}).
 *
 * <p>Blocking (JDBC): runs on the caller's thread ({@link #acquire}) and on its own watcher thread, never on an event
 * loop.
 */
public final class OwnerLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerLock.class);
    /** The advisory lock's key: "CTIOWNER" in ASCII. */
    static final long KEY = 0x4354494F574E4552L;

    private final String url;
    private final Properties credentials;
    private final String nodeId;
    private final Duration check;
    private final AtomicBoolean lost = new AtomicBoolean();
    private volatile Connection session;
    private volatile boolean closed;
    private volatile long epoch = -1;
    private Thread watcher;

    public OwnerLock(StorageConfig storage) {
        this.url = storage.postgresUrl().orElseThrow(() -> new IllegalArgumentException(
                "failover needs storage.postgresUrl"));
        this.credentials = new Properties();
        storage.postgresUser().ifPresent(u -> credentials.setProperty("user", u));
        storage.postgresPassword().ifPresent(p -> credentials.setProperty("password", p));
        credentials.setProperty("connectTimeout", Integer.toString(Math.max(1, storage.connectionTimeoutSeconds())));
        credentials.setProperty("tcpKeepAlive", "true");
        credentials.setProperty("ApplicationName", "cti-owner-lock " + storage.failover().nodeId());
        this.nodeId = storage.failover().nodeId();
        this.check = Duration.ofMillis(storage.failover().checkMillis());
    }

    /** This node's id (storage.failover.nodeId). */
    public String nodeId() {
        return nodeId;
    }

    /**
     * Waits until this node holds the lock, trying every {@code checkMillis} (a database that is away is tried again
     * the same way). Blocking.
     *
     * @param cancelled asked before every try: true stops waiting
     * @return true when the lock is held, false when cancelled or closed
     */
    public boolean acquire(BooleanSupplier cancelled) throws InterruptedException {
        boolean saidStandby = false;
        while (!closed && !cancelled.getAsBoolean()) {
            try {
                Connection c = session;
                if (c == null || c.isClosed()) {
                    c = DriverManager.getConnection(url, credentials);
                    c.setAutoCommit(true);
                    session = c;
                }
                try (Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT pg_try_advisory_lock(" + KEY + ")")) {
                    if (r.next() && r.getBoolean(1)) {
                        LOG.info("failover: node {} holds the owner lock", nodeId);
                        return true;
                    }
                }
                if (!saidStandby) {
                    LOG.info("failover: node {} is standing by: another node owns the call center", nodeId);
                    saidStandby = true;
                }
            } catch (SQLException e) {
                LOG.warn("failover: node {} cannot reach PostgreSQL for the owner lock ({}); trying again", nodeId,
                        e.getMessage());
                closeSession();
            }
            Thread.sleep(check.toMillis());
        }
        return false;
    }

    /**
     * Takes the next epoch for this node (after the migrations ran): bumps {@code cluster_owner.epoch}, which waits
     * for a former owner's transactions still running and makes its later ones fail the fence.
     */
    public long takeEpoch() throws SQLException {
        Connection c = session;
        if (c == null) {
            throw new IllegalStateException("the owner lock is not held");
        }
        try (PreparedStatement u = c.prepareStatement(
                "UPDATE cluster_owner SET epoch = epoch + 1, node_id = ?, since = CURRENT_TIMESTAMP WHERE id = 1");
             Statement s = c.createStatement()) {
            u.setString(1, nodeId);
            if (u.executeUpdate() != 1) {
                throw new SQLException("cluster_owner has no row 1: is the V17 migration applied?");
            }
            try (ResultSet r = s.executeQuery("SELECT epoch FROM cluster_owner WHERE id = 1")) {
                r.next();
                epoch = r.getLong(1);
            }
        }
        LOG.info("failover: node {} owns the call center, epoch {}", nodeId, epoch);
        return epoch;
    }

    /** The epoch this node took ({@link #takeEpoch}), or -1. */
    public long epoch() {
        return epoch;
    }

    /**
     * Checks every {@code checkMillis}, on a thread of its own, that the lock's session is alive; the first time it is
     * not, {@code onLost} runs (once): the node must stop acting as the owner (production: the process halts).
     */
    public synchronized void watch(Runnable onLost) {
        if (watcher != null) {
            return;
        }
        watcher = new Thread(() -> {
            while (!closed) {
                try {
                    Thread.sleep(check.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
                if (!alive()) {
                    lost(onLost, "its PostgreSQL session ended");
                    return;
                }
            }
        }, "cti-owner-lock");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Runs {@code onLost} once, with the reason logged. */
    void lost(Runnable onLost, String why) {
        if (closed || !lost.compareAndSet(false, true)) {
            return;
        }
        LOG.error("failover: node {} lost the owner lock ({}): another node may own the call center now; this node "
                + "stops", nodeId, why);
        onLost.run();
    }

    /** True once the lock was found lost. */
    public boolean isLost() {
        return lost.get();
    }

    private boolean alive() {
        Connection c = session;
        if (c == null) {
            return false;
        }
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, check.toSeconds() * 2));
            try (ResultSet r = s.executeQuery("SELECT 1")) {
                return r.next();
            }
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Ends the lock's session without unlocking, as a killed process would (tests: PostgreSQL then frees the lock and
     * a standby takes over).
     */
    public void abortSession() {
        Connection c = session;
        if (c != null) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException e) {
                LOG.debug("failover: aborting the lock's session: {}", e.toString());
            }
        }
    }

    private void closeSession() {
        Connection c = session;
        session = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("failover: closing the lock's session: {}", e.toString());
            }
        }
    }

    /** Releases the lock (closing its session) and stops watching: a standby takes over. */
    @Override
    public void close() {
        closed = true;
        Thread w;
        synchronized (this) {
            w = watcher;
        }
        if (w != null) {
            w.interrupt();
        }
        closeSession();
    }
}
