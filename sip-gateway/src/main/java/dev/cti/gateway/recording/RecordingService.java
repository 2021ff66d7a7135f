package dev.cti.gateway.recording;

import dev.cti.config.RecordingConfig;
import dev.cti.config.RecordingPolicy;
import dev.cti.gateway.media.MediaEngine;
import dev.cti.gateway.media.MediaLeg;
import dev.cti.gateway.media.record.CallRecording;
import dev.cti.gateway.media.record.ChunkHandOff;
import dev.cti.link.message.DiskState;
import dev.cti.link.message.LinkEvent;
import dev.cti.link.message.RecordingDiskStatus;
import dev.cti.link.message.RecordingFailure;
import dev.cti.link.message.RecordingSkipReason;
import dev.cti.link.message.RecordingSpan;
import dev.cti.link.message.RecordingStatus;
import dev.cti.link.message.RecordingStopped;
import dev.cti.link.message.RecordingsDeleted;
import dev.cti.recording.KeyFile;
import dev.cti.recording.RecordingHeader;
import dev.cti.recording.RecordingKeys;
import dev.cti.recording.RecordingReader;
import dev.cti.recording.RecordingWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's recordings (issue 12; docs/MEDIA.md "Recording"): which calls to record (policy, disk floor),
 * starting each call's {@link CallRecording} with its file, sidecar and markers, finishing it, the durable outbox of
 * final metadata towards the server ({@link RecordingStopped} until {@code AcknowledgeRecordings}), crash recovery at
 * start, and deletion on the server's command. One per gateway.
 *
 * <p>Threads: chunk writes run on a small pool of writer threads (each recording's writes in order), store work
 * (acknowledge, delete) on one store thread; nothing here runs on an event loop. {@link #begin} creates a file and
 * is called on a call's executor (a worker).
 */
public final class RecordingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingService.class);
    /** Seconds of audio that may wait for the disk before a recording fails as WRITER_OVERLOAD. */
    static final int MAX_PENDING_CHUNKS = 8;
    /** How long an event loop collects chunks before waking a writer thread for all of them. */
    static final long HAND_OFF_MILLIS = 100;

    private final RecordingConfig config;
    private final MediaEngine media;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Consumer<LinkEvent> events;
    private final RandomGenerator random;
    private final SecureRandom secure = new SecureRandom();
    private final RecordingStore store;
    private final DiskGuard disk;
    private final RecordingMetrics metrics;
    private final Map<String, ActiveRecording> active = new ConcurrentHashMap<>();
    private final Map<String, RecordingStopped> outbox = new LinkedHashMap<>(); // guarded by itself
    private final ExecutorService writers;
    private final ChunkHandOff handOff;
    private final ExecutorService storeThread;
    private final Path keyFile;
    private RecordingKeys keys;

    /**
     * @param directory where recordings are written ({@code CtiConfig.recordingDirectory()})
     * @param keyFile   the key file ({@code CtiConfig.recordingKeyFile()})
     */
    public RecordingService(RecordingConfig config, Path directory, Path keyFile, MediaEngine media,
                            MeterRegistry registry, Clock clock,
                            LongSupplier nanoTime, Consumer<LinkEvent> events, RandomGenerator random) {
        this.config = config;
        this.media = media;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.events = events;
        this.random = random;
        this.keyFile = keyFile;
        this.store = new RecordingStore(directory);
        this.disk = new DiskGuard(store.root(), config.minFreeBytes(), this::diskChanged);
        this.metrics = new RecordingMetrics(registry, active::size, disk::freeBytes, config.minFreeBytes(),
                this::outboxSize);
        AtomicInteger n = new AtomicInteger();
        this.writers = Executors.newFixedThreadPool(2, r -> daemon(r, "rec-writer-" + n.incrementAndGet()));
        this.handOff = new ChunkHandOff(writers, HAND_OFF_MILLIS);
        this.storeThread = Executors.newSingleThreadExecutor(r -> daemon(r, "rec-store"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * At the gateway's start, before calls and the link: creates the directory, the key file if missing (with a
     * loud warning to back it up), reads the keys, checks the disk, repairs the recordings a crash left unfinished
     * and loads the outbox.
     */
    public void start(ScheduledExecutorService timers) throws IOException {
        store.init();
        if (KeyFile.generateIfMissing(keyFile)) {
            LOG.warn("""

                    ************************************************************************************
                    A NEW RECORDING KEY FILE WAS GENERATED: {}
                    Every call recording is encrypted with the keys in this file. BACK IT UP NOW, and keep
                    the copy apart from the recordings: without it no recording can ever be played.
                    ************************************************************************************""",
                    keyFile.toAbsolutePath());
        }
        keys = RecordingKeys.open(keyFile);
        LOG.info("recordings in {} with key {} (from {}), floor {} MB", store.root().toAbsolutePath(),
                keys.current().id(), keyFile, config.minFreeMegabytes());
        disk.start(timers);
        recover();
    }

    // ---------------------------------------------------------------- deciding and starting

    /** Whether a call under {@code policy} is recorded now; the reason it is not otherwise. */
    public Optional<RecordingSkipReason> skipReason(RecordingPolicy policy) {
        if (policy.percent() == 0) {
            return Optional.of(RecordingSkipReason.POLICY_NONE);
        }
        if (!policy.draw(random)) {
            return Optional.of(RecordingSkipReason.NOT_SAMPLED);
        }
        if (disk.belowFloor()) {
            return Optional.of(RecordingSkipReason.DISK_FLOOR);
        }
        return Optional.empty();
    }

    /** Counts a call that is not recorded. */
    public void skipped(RecordingSkipReason reason) {
        metrics.skipped(reason);
    }

    /**
     * Starts recording {@code callId} on its customer leg: creates the file (header), its sidecar and active marker,
     * then taps the leg. Blocking file creation: call on a worker (the call's executor).
     */
    public ActiveRecording begin(String callId, MediaLeg customer) throws IOException {
        long startedAt = clock.millis();
        String id = RecordingStore.newId(clock.instant(), secure);
        String file = RecordingStore.relativeFile(id);
        store.beginRecording(id);
        var key = keys.currentFresh(); // a rotation (a line appended to the key file) applies to the next call
        RecordingWriter writer;
        try {
            writer = RecordingWriter.create(store.file(id), id, startedAt, key, secure);
            metrics.written(writer.fileBytes()); // the header
            store.writeSidecar(id, Sidecar.recording(id, callId, file, startedAt, key.id(), List.of(), List.of(), null,
                    null));
        } catch (IOException e) {
            store.delete(id);
            throw e;
        }
        ActiveRecording recording = new ActiveRecording(id, callId, file, startedAt, key.id());
        CallRecording media = CallRecording.start(this.media, customer, writer, handOff.on(customer.eventLoop()),
                MAX_PENDING_CHUNKS, nanoTime,
                recording.listener());
        recording.attach(media);
        active.put(id, recording);
        LOG.info("call {}: recording {} started", callId, id);
        return recording;
    }

    /** One call's recording, as the B2BUA drives it. Methods are callable from any thread. */
    public final class ActiveRecording {
        private final String id;
        private final String callId;
        private final String file;
        private final long startedAt;
        private final String keyId;
        private CallRecording media;
        private final CompletableFuture<RecordingStopped> finished = new CompletableFuture<>();
        private final java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();

        private ActiveRecording(String id, String callId, String file, long startedAt, String keyId) {
            this.id = id;
            this.callId = callId;
            this.file = file;
            this.startedAt = startedAt;
            this.keyId = keyId;
        }

        private void attach(CallRecording m) {
            this.media = m;
        }

        public String id() {
            return id;
        }

        /** The file relative to the recording directory. */
        public String file() {
            return file;
        }

        /** Offset of the pause (ms), or -1 if already paused. */
        public long pause() {
            return media.pause();
        }

        /** Offset of the resume (ms), or -1 if not paused. */
        public long resume() {
            return media.resume();
        }

        public boolean paused() {
            return media.paused();
        }

        public void holdStarted() {
            media.holdStarted();
        }

        /** Seconds of audio (chunks) waiting for the disk: see {@link CallRecording#pendingChunks()}. */
        public int pendingChunks() {
            return media.pendingChunks();
        }

        public void holdEnded() {
            media.holdEnded();
        }

        /**
         * The call ended: the rest is written, the sidecar finished, the outbox entry made and
         * {@link RecordingStopped} sent. Completes with that metadata; idempotent.
         */
        public CompletableFuture<RecordingStopped> stop() {
            if (!stopping.compareAndSet(false, true)) {
                return finished;
            }
            media.stop().whenComplete((outcome, error) -> {
                try {
                    RecordingStopped done = error != null ? failedWithoutOutcome(error) : finish(outcome);
                    finished.complete(done);
                } catch (RuntimeException e) {
                    finished.completeExceptionally(e);
                } finally {
                    active.remove(id);
                }
            });
            return finished;
        }

        private RecordingStopped failedWithoutOutcome(Throwable error) {
            LOG.warn("recording {} could not be finished: {}", id, error.toString());
            return finish(new CallRecording.Outcome(RecordingFailure.IO_ERROR, 0, sizeOf(), "", List.of(), List.of(),
                    0, 0));
        }

        private long sizeOf() {
            try {
                return Files.size(store.file(id));
            } catch (IOException e) {
                return 0;
            }
        }

        /** On the recording's writer thread. */
        private RecordingStopped finish(CallRecording.Outcome o) {
            RecordingStatus status = o.failure() == null ? RecordingStatus.COMPLETE : RecordingStatus.FAILED;
            RecordingStopped metadata = new RecordingStopped(id, callId, file, status, o.failure(), startedAt,
                    o.durationMillis(), o.sizeBytes(), o.sha256(), keyId, RecordingHeader.SAMPLE_RATE,
                    RecordingHeader.CHANNELS, o.pausedSpans(), o.holdSpans(), clock.millis());
            metrics.dropped(o.droppedAhead(), o.droppedLate());
            publish(metadata);
            LOG.info("call {}: recording {} {}: {} ms, {} bytes", callId, id, status, o.durationMillis(),
                    o.sizeBytes());
            return metadata;
        }

        private CallRecording.Listener listener() {
            return new CallRecording.Listener() {
                @Override
                public void written(long bytes) {
                    metrics.written(bytes);
                }

                @Override
                public void failed(RecordingFailure failure, Exception cause) {
                    metrics.failed(failure);
                }

                @Override
                public void spansChanged(List<RecordingSpan> paused, List<RecordingSpan> holds, Long openPause,
                                         Long openHold) {
                    try {
                        store.writeSidecar(id, Sidecar.recording(id, callId, file, startedAt, keyId, paused, holds,
                                openPause, openHold));
                    } catch (IOException e) {
                        LOG.warn("recording {}: sidecar not updated: {}", id, e.toString());
                    }
                }
            };
        }
    }

    /** Writes the finished sidecar, moves the marker to the outbox, counts and sends the metadata. */
    private void publish(RecordingStopped metadata) {
        String id = metadata.recordingId();
        try {
            store.writeSidecar(id, Sidecar.finished(metadata, false));
            store.finished(id);
        } catch (IOException e) {
            // the active marker stays: the next start repairs the recording and reports it again
            LOG.warn("recording {}: final sidecar not written ({}); it will be recovered at the next start", id,
                    e.toString());
        }
        synchronized (outbox) {
            outbox.put(id, metadata);
        }
        metrics.finished(metadata.status());
        events.accept(metadata);
    }

    // ---------------------------------------------------------------- crash recovery

    /** Repairs every recording a crash left active and loads the outbox from the markers. */
    private void recover() throws IOException {
        for (String id : store.activeIds()) {
            if (active.containsKey(id)) {
                continue;
            }
            try {
                recoverOne(id);
            } catch (IOException | RuntimeException e) {
                LOG.error("recording {} could not be recovered: {}", id, e.toString());
            }
        }
        int loaded = 0;
        for (String id : store.outboxIds()) {
            try {
                JsonObject sidecar = store.readSidecar(id);
                if (Sidecar.isFinished(sidecar) && !sidecar.getBoolean(Sidecar.INDEXED, false)) {
                    synchronized (outbox) {
                        outbox.put(id, Sidecar.metadata(sidecar, id));
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

    private void recoverOne(String id) throws IOException {
        JsonObject sidecar = store.readSidecar(id);
        if (Sidecar.isFinished(sidecar)) {
            store.finished(id); // finished, then crashed before the marker moved
            return;
        }
        Path file = store.file(id);
        String callId = sidecar == null ? "unknown" : sidecar.getString("callId", "unknown");
        long startedAt = sidecar == null ? 0 : sidecar.getLong("startedAt", 0L);
        String keyId = sidecar == null ? "unknown" : sidecar.getString("keyId", "unknown");
        RecordingStopped metadata;
        try {
            RecordingReader.RepairResult r = RecordingReader.repair(file, keys);
            List<List<RecordingSpan>> spans = sidecar == null ? List.of(List.of(), List.of())
                    : Sidecar.spansClosedAt(sidecar, r.durationMillis());
            metadata = new RecordingStopped(id, callId, RecordingStore.relativeFile(id), RecordingStatus.PARTIAL, null,
                    r.header().startedAtMillis(), r.durationMillis(), r.fileBytes(), r.sha256(), r.header().keyId(),
                    RecordingHeader.SAMPLE_RATE, RecordingHeader.CHANNELS, spans.get(0), spans.get(1), clock.millis());
            LOG.warn("recording {} of call {} was left unfinished by a crash: repaired, {} ms playable{}", id, callId,
                    r.durationMillis(), r.truncatedBytes() > 0 ? " (" + r.truncatedBytes() + " torn bytes cut)" : "");
        } catch (IOException e) {
            long size = Files.exists(file) ? Files.size(file) : 0;
            String sha = Files.exists(file) ? RecordingReader.sha256Hex(file) : "";
            metadata = new RecordingStopped(id, callId, RecordingStore.relativeFile(id), RecordingStatus.FAILED,
                    RecordingFailure.CORRUPT, startedAt, 0, size, sha, keyId, RecordingHeader.SAMPLE_RATE,
                    RecordingHeader.CHANNELS, List.of(), List.of(), clock.millis());
            LOG.error("recording {} of call {} left by a crash cannot be read: {}", id, callId, e.getMessage());
        }
        publish(metadata);
    }

    // ---------------------------------------------------------------- the link

    /**
     * After every (re)connection of the link: the disk status and every recording not yet acknowledged. Called on
     * the link's context: no I/O here, the outbox is in memory.
     */
    public void linkConnected() {
        long now = clock.millis();
        events.accept(diskStatus(now));
        List<RecordingStopped> pending;
        synchronized (outbox) {
            pending = new ArrayList<>(outbox.values());
        }
        for (RecordingStopped r : pending) {
            events.accept(r.resentAt(now));
        }
        if (!pending.isEmpty()) {
            LOG.info("CTI link up: {} recordings sent again for indexing", pending.size());
        }
    }

    private RecordingDiskStatus diskStatus(long now) {
        return new RecordingDiskStatus(disk.belowFloor() ? DiskState.BELOW_FLOOR : DiskState.OK, disk.freeBytes(),
                disk.floorBytes(), now);
    }

    private void diskChanged(boolean below, long free) {
        events.accept(new RecordingDiskStatus(below ? DiskState.BELOW_FLOOR : DiskState.OK, free, disk.floorBytes(),
                clock.millis()));
    }

    /** AcknowledgeRecordings: marks them indexed (sidecar) and drops them from the outbox, on the store thread. */
    public void acknowledge(List<String> ids) {
        storeThread.execute(() -> {
            for (String id : ids) {
                RecordingStopped metadata;
                synchronized (outbox) {
                    metadata = outbox.get(id);
                }
                if (metadata == null || !RecordingStore.validId(id)) {
                    continue; // a repeated ack, or not ours
                }
                try {
                    store.writeSidecar(id, Sidecar.finished(metadata, true));
                    store.indexed(id);
                    synchronized (outbox) {
                        outbox.remove(id);
                    }
                } catch (IOException e) {
                    LOG.warn("recording {}: acknowledgement not stored ({}); it will be sent again", id, e.toString());
                }
            }
        });
    }

    /** DeleteRecordings: deletes file and sidecar of each, answers RecordingsDeleted. On the store thread. */
    public void delete(String requestId, List<String> ids) {
        storeThread.execute(() -> {
            List<String> deleted = new ArrayList<>();
            List<String> notFound = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (String id : ids) {
                if (!RecordingStore.validId(id)) {
                    notFound.add(id);
                } else if (active.containsKey(id)) {
                    failed.add(id);
                } else {
                    try {
                        (store.delete(id) ? deleted : notFound).add(id);
                        synchronized (outbox) {
                            outbox.remove(id);
                        }
                    } catch (IOException e) {
                        LOG.warn("recording {} not deleted: {}", id, e.toString());
                        failed.add(id);
                    }
                }
            }
            LOG.info("deletion {}: {} deleted, {} not found, {} failed", requestId, deleted.size(), notFound.size(),
                    failed.size());
            events.accept(new RecordingsDeleted(requestId, deleted, notFound, failed, clock.millis()));
        });
    }

    // ---------------------------------------------------------------- state

    private long outboxSize() {
        synchronized (outbox) {
            return outbox.size();
        }
    }

    /** Recordings in progress. */
    public int activeCount() {
        return active.size();
    }

    /**
     * How far the writer threads are behind, now: chunks (seconds of audio) waiting over all recordings in progress,
     * and the most any one of them has waiting (it fails as WRITER_OVERLOAD beyond {@value #MAX_PENDING_CHUNKS}).
     */
    public WriterBacklog writerBacklog() {
        int total = 0;
        int max = 0;
        for (ActiveRecording r : active.values()) {
            int n = r.pendingChunks();
            total += n;
            max = Math.max(max, n);
        }
        return new WriterBacklog(total, max);
    }

    /** See {@link #writerBacklog()}. */
    public record WriterBacklog(int chunks, int maxPerRecording) {}

    /** Ids waiting for the server's acknowledgement. */
    public List<String> pendingIds() {
        synchronized (outbox) {
            return List.copyOf(outbox.keySet());
        }
    }

    public Path directory() {
        return store.root();
    }

    public Path keyFile() {
        return keys.file();
    }

    /** The absolute file of a recording id. */
    public Path fileOf(String id) {
        return store.file(id);
    }

    public RecordingMetrics metrics() {
        return metrics;
    }

    /** Re-reads the free space now (tests; normally every few seconds). */
    public void checkDisk() {
        disk.check(false);
    }

    /**
     * Stops: waits up to {@code waitMillis} for the recordings still finishing (the B2BUA has ended the calls),
     * then stops the threads.
     */
    public void close(long waitMillis) {
        disk.stop();
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (!active.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        storeThread.shutdown();
        writers.shutdown();
        try {
            writers.awaitTermination(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L), TimeUnit.MILLISECONDS);
            storeThread.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(3000);
    }
}
