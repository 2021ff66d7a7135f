package dev.cti.server.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The store's meters (docs/METRICS.md, "Storage"), beside the two older ones in {@code ServerMeters}
 * ({@code cti_store_writes_total}, {@code cti_store_write_failures_total}). Base units, no per-call labels.
 */
public enum StoreMeters {
    COMMITS("cti.store.commits", "Transactions the store's writer committed: one per batch of writes (group commit)"),
    BATCH_WRITES("cti.store.batch.writes", "Writes per committed batch"),
    QUEUE_DEPTH("cti.store.write.queue.depth", "Writes waiting in the store's bounded queue (gauge)"),
    QUEUE_CAPACITY("cti.store.write.queue.capacity", "The write queue's bound, storage.writeQueueCapacity (gauge)"),
    BUSY("cti.store.busy", "Writes refused at once because the write queue was full (HTTP 503 store_busy), by kind"),
    RETRIES("cti.store.retries", "Batches tried again because the database was away (connection lost, pool timeout)"),
    DATABASE_UP("cti.store.database.up",
            "1 when the store's last attempt reached the database, 0 while it is retrying or gave up (gauge)"),
    IN_DOUBT("cti.store.commits.in.doubt",
            "Batches whose COMMIT lost its connection: maybe stored, reported as failed"),
    WRITES_LOST("cti.store.writes.lost",
            "Records nobody waits on (CDR steps, holds, transfers...) that could not be stored after the retries, "
                    + "by kind: each one also raises the wallboard's store alert and an ERROR log line");

    private final String name;
    private final String help;

    StoreMeters(String name, String help) {
        this.name = name;
        this.help = help;
    }

    public String meterName() {
        return name;
    }

    public String help() {
        return help;
    }

    public Counter counter(MeterRegistry registry, String... tags) {
        return Counter.builder(name).description(help).tags(tags).register(registry);
    }
}
