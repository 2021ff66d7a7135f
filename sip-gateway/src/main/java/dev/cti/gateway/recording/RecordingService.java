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
import dev.cti.link.message.RecordingSkipReason;
import dev.cti.link.message.RecordingStopped;
import dev.cti.link.message.RecordingsDeleted;
import dev.cti.recording.KeyFile;
import dev.cti.recording.RecordingKeys;
import dev.cti.recording.RecordingWriter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * starting each call's {@link CallRecording} with its file, sidecar and markers ({@link ActiveRecording} drives it
 * to its end), the durable outbox of final metadata towards the server ({@link RecordingOutbox}), crash recovery at
 * start ({@link CrashRecovery}), the disk floor ({@link DiskGuard}) and deletion on the server's command. One per
 * gateway.
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
    private final RecordingOutbox outbox;
    private final CrashRecovery recovery;
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
        this.outbox = new RecordingOutbox(store, metrics, events);
        this.recovery = new CrashRecovery(store, outbox, clock);
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
        recovery.recover(keys, active::containsKey);
        outbox.load();
    }

    /** For the {@code recording_outbox_pending} gauge. */
    private long outboxSize() {
        return outbox.size();
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
     *
     * <p>The audio's time 0 is read once, before the file is created: the header's start time (epoch ms),
     * {@link ActiveRecording#startedAt()} (which {@code RecordingStarted.at} carries) and the aligner's origin on the
     * media clock are the same instant, so offsets in the file line up with the wall-clock times of call events
     * however long the file took to create.
     */
    public ActiveRecording begin(String callId, MediaLeg customer) throws IOException {
        long startNanos = nanoTime.getAsLong();
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
        ActiveRecording recording = new ActiveRecording(id, callId, file, startedAt, key.id(), store, metrics, outbox,
                clock, () -> active.remove(id));
        CallRecording media = CallRecording.start(this.media, customer, writer, handOff.on(customer.eventLoop()),
                MAX_PENDING_CHUNKS, nanoTime, startNanos, recording.listener());
        recording.attach(media);
        active.put(id, recording);
        LOG.info("call {}: recording {} started", callId, id);
        return recording;
    }

    // ---------------------------------------------------------------- the link

    /**
     * After every (re)connection of the link: the disk status and every recording not yet acknowledged. Called on
     * the link's context: no I/O here, the outbox is in memory.
     */
    public void linkConnected() {
        long now = clock.millis();
        events.accept(diskStatus(now));
        outbox.resend(now);
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
        outbox.acknowledge(ids, storeThread);
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
                        outbox.forget(id);
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
        return outbox.ids();
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
