package dev.cti.config;

import java.util.Optional;

/**
 * Where records are kept, and how the server's store reaches them (docs/STORAGE.md).
 *
 * @param dataDir                   directory of the embedded database (created when missing); relative paths are
 *                                  resolved against the working directory
 * @param postgresUrl               JDBC URL of a PostgreSQL database; when present it is used instead of the
 *                                  embedded one, e.g. {@code jdbc:postgresql://127.0.0.1:5432/cti}
 * @param poolSize                  connections in the pool: one for the writer, the rest for reads
 * @param connectionTimeoutSeconds  how long a borrow from the pool (a new connection included) may take
 * @param writeQueueCapacity        writes that may wait for the writer; one more is refused (HTTP 503 store_busy)
 * @param maxWritesPerCommit        writes committed together in one transaction at most (group commit)
 * @param retrySeconds              how long a write is retried while the database is away before it fails
 * @param restoreGraceSeconds       after a start, how long to wait for the gateway's first snapshot before saying
 *                                  (log, metric) that crash leftovers cannot be settled yet
 * @param failover                  several server nodes on one PostgreSQL, one of them active (docs/CLUSTER.md)
 */
public record StorageConfig(String dataDir, Optional<String> postgresUrl, Optional<String> postgresUser,
                            Optional<String> postgresPassword, int poolSize, int connectionTimeoutSeconds,
                            int writeQueueCapacity, int maxWritesPerCommit, int retrySeconds,
                            int restoreGraceSeconds, Failover failover) {
    public static final int DEFAULT_POOL_SIZE = 4;

    /**
     * Active/standby server nodes on one PostgreSQL (docs/CLUSTER.md): the node that holds the database's owner lock
     * runs the call center; the others wait for it and take over when its database session ends.
     *
     * @param enabled    off by default: one node, no lock
     * @param nodeId     this node's name in logs and the {@code cluster_owner} row
     * @param checkMillis how often a standby tries the lock, and the owner checks that it still holds it
     */
    public record Failover(boolean enabled, String nodeId, int checkMillis) {
        public static final int DEFAULT_CHECK_MILLIS = 500;
        public static final Failover OFF = new Failover(false, "node-1", DEFAULT_CHECK_MILLIS);

        public Failover {
            java.util.Objects.requireNonNull(nodeId, "nodeId");
        }
    }

    public StorageConfig {
        java.util.Objects.requireNonNull(failover, "failover");
    }

    /** Without failover (one node). */
    public StorageConfig(String dataDir, Optional<String> postgresUrl, Optional<String> postgresUser,
                         Optional<String> postgresPassword, int poolSize, int connectionTimeoutSeconds,
                         int writeQueueCapacity, int maxWritesPerCommit, int retrySeconds, int restoreGraceSeconds) {
        this(dataDir, postgresUrl, postgresUser, postgresPassword, poolSize, connectionTimeoutSeconds,
                writeQueueCapacity, maxWritesPerCommit, retrySeconds, restoreGraceSeconds, Failover.OFF);
    }
    public static final int DEFAULT_CONNECTION_TIMEOUT_SECONDS = 5;
    public static final int DEFAULT_WRITE_QUEUE_CAPACITY = 10_000;
    public static final int DEFAULT_MAX_WRITES_PER_COMMIT = 256;
    public static final int DEFAULT_RETRY_SECONDS = 30;
    public static final int DEFAULT_RESTORE_GRACE_SECONDS = 60;

    /** With the default pool, queue, retry and restore settings. */
    public StorageConfig(String dataDir, Optional<String> postgresUrl, Optional<String> postgresUser,
                         Optional<String> postgresPassword) {
        this(dataDir, postgresUrl, postgresUser, postgresPassword, DEFAULT_POOL_SIZE,
                DEFAULT_CONNECTION_TIMEOUT_SECONDS, DEFAULT_WRITE_QUEUE_CAPACITY, DEFAULT_MAX_WRITES_PER_COMMIT,
                DEFAULT_RETRY_SECONDS, DEFAULT_RESTORE_GRACE_SECONDS);
    }

    /** A copy with another write queue and batch bound (tests). */
    public StorageConfig withWriteQueue(int capacity, int maxPerCommit) {
        return new StorageConfig(dataDir, postgresUrl, postgresUser, postgresPassword, poolSize,
                connectionTimeoutSeconds, capacity, maxPerCommit, retrySeconds, restoreGraceSeconds, failover);
    }

    /** A copy with another retry window and connection timeout (tests). */
    public StorageConfig withRetry(int retry, int connectionTimeout) {
        return new StorageConfig(dataDir, postgresUrl, postgresUser, postgresPassword, poolSize, connectionTimeout,
                writeQueueCapacity, maxWritesPerCommit, retry, restoreGraceSeconds, failover);
    }

    /** A copy with another restore grace (tests). */
    public StorageConfig withRestoreGrace(int seconds) {
        return new StorageConfig(dataDir, postgresUrl, postgresUser, postgresPassword, poolSize,
                connectionTimeoutSeconds, writeQueueCapacity, maxWritesPerCommit, retrySeconds, seconds, failover);
    }

    /** A copy with another failover setting (tests, several nodes). */
    public StorageConfig withFailover(Failover f) {
        return new StorageConfig(dataDir, postgresUrl, postgresUser, postgresPassword, poolSize,
                connectionTimeoutSeconds, writeQueueCapacity, maxWritesPerCommit, retrySeconds, restoreGraceSeconds, f);
    }
}
