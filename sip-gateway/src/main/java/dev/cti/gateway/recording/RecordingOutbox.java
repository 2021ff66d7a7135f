package dev.cti.gateway.recording;

import dev.cti.link.message.LinkEvent;
import dev.cti.link.message.RecordingStopped;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable outbox of finished recordings' metadata towards the server (docs/CTI-LINK.md, "Recordings: the
 * outbox"): a finished recording's {@link RecordingStopped} is written into its sidecar, its marker moved to
 * {@code .state/outbox}, and the event sent; it is sent again after every (re)connection of the link until the
 * server's {@code AcknowledgeRecordings} names it, which marks the sidecar indexed and removes the marker. Kept in
 * memory (in order) and on disk (markers and sidecars), so a restart reloads what is still pending.
 *
 * <p>Threads: {@link #publish} runs on a recording's writer thread, {@link #acknowledge} on the store thread, the
 * rest on whatever thread calls; the map is guarded by itself.
 */
final class RecordingOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingOutbox.class);

    private final RecordingStore store;
    private final RecordingMetrics metrics;
    private final Consumer<LinkEvent> events;
    private final Map<String, RecordingStopped> pending = new LinkedHashMap<>(); // guarded by itself

    RecordingOutbox(RecordingStore store, RecordingMetrics metrics, Consumer<LinkEvent> events) {
        this.store = store;
        this.metrics = metrics;
        this.events = events;
    }

    /** Writes the finished sidecar, moves the marker to the outbox, counts and sends the metadata. */
    void publish(RecordingStopped metadata) {
        String id = metadata.recordingId();
        try {
            store.writeSidecar(id, Sidecar.finished(metadata, false));
            store.finished(id);
        } catch (IOException e) {
            // the active marker stays: the next start repairs the recording and reports it again
            LOG.warn("recording {}: final sidecar not written ({}); it will be recovered at the next start", id,
                    e.toString());
        }
        synchronized (pending) {
            pending.put(id, metadata);
        }
        metrics.finished(metadata.status());
        events.accept(metadata);
    }

    /** At start: the finished recordings not yet acknowledged, from the outbox markers and their sidecars. */
    void load() throws IOException {
        int loaded = 0;
        for (String id : store.outboxIds()) {
            try {
                JsonObject sidecar = store.readSidecar(id);
                if (Sidecar.isFinished(sidecar) && !sidecar.getBoolean(Sidecar.INDEXED, false)) {
                    synchronized (pending) {
                        pending.put(id, Sidecar.metadata(sidecar, id));
                    }
                    loaded++;
                } else {
                    store.indexed(id); // acknowledged before a crash, or deleted
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("outbox entry {} unreadable: {}", id, e.toString());
            }
        }
        if (loaded > 0) {
            LOG.info("{} finished recordings wait to be indexed by the server", loaded);
        }
    }

    /** Every recording not yet acknowledged, oldest first, sent again as of {@code now}. No I/O. */
    void resend(long now) {
        List<RecordingStopped> all;
        synchronized (pending) {
            all = new ArrayList<>(pending.values());
        }
        for (RecordingStopped r : all) {
            events.accept(r.resentAt(now));
        }
        if (!all.isEmpty()) {
            LOG.info("CTI link up: {} recordings sent again for indexing", all.size());
        }
    }

    /** AcknowledgeRecordings: marks them indexed (sidecar) and drops them, on {@code storeThread}. */
    void acknowledge(List<String> ids, Executor storeThread) {
        storeThread.execute(() -> {
            for (String id : ids) {
                RecordingStopped metadata;
                synchronized (pending) {
                    metadata = pending.get(id);
                }
                if (metadata == null || !RecordingStore.validId(id)) {
                    continue; // a repeated ack, or not ours
                }
                try {
                    store.writeSidecar(id, Sidecar.finished(metadata, true));
                    store.indexed(id);
                    synchronized (pending) {
                        pending.remove(id);
                    }
                } catch (IOException e) {
                    LOG.warn("recording {}: acknowledgement not stored ({}); it will be sent again", id,
                            e.toString());
                }
            }
        });
    }

    /** A recording deleted on the server's command: nothing more to send for it. */
    void forget(String id) {
        synchronized (pending) {
            pending.remove(id);
        }
    }

    long size() {
        synchronized (pending) {
            return pending.size();
        }
    }

    List<String> ids() {
        synchronized (pending) {
            return List.copyOf(pending.keySet());
        }
    }
}
