package dev.cti.bench.media;

import dev.cti.config.RecordingConfig;
import dev.cti.config.RecordingPolicy;
import dev.cti.gateway.media.MediaEngine;
import dev.cti.gateway.media.MediaLeg;
import dev.cti.gateway.recording.ActiveRecording;
import dev.cti.gateway.recording.RecordingService;
import dev.cti.link.message.RecordingStopped;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.cti.recording.RecordingHeader;
import dev.cti.recording.RecordingKey;
import dev.cti.recording.RecordingKeys;
import dev.cti.recording.RecordingWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The recording half of {@link MediaSutMain} (T3): the gateway's real {@link RecordingService} (tap, aligner, the
 * two writer threads, AES-256-GCM, files, sidecars and markers, disk guard, meters) on a directory of the bench's
 * work tree, so on the same disk as everything else, with a key file generated there. Every call's first leg (the
 * "customer") is recorded from its set-up until {@link #stopAll}. A sampler reads the writer backlog every
 * {@value #SAMPLE_MILLIS} ms (its largest value since the last {@link #stats} is reported).
 *
 * <p><b>Warm writer path.</b> Before it says ready, the SUT writes {@code warmUpChunks} one-second chunks through
 * {@link RecordingWriter} (AES-GCM, SHA-256, one write each) to a scratch file that it then deletes. The JDK's
 * AES-GCM and SHA-256 run as plain Java until C2 compiles their callers with the CPU's AES/CLMUL/SHA instructions,
 * which takes some thousands of chunks; a gateway recording 300 calls writes 300 chunks a second, so a fresh SUT
 * would spend the first half-minute of a step (warm-up and measuring window) several times slower than a gateway
 * that has been up for minutes. Measured here: about 300-400 µs per chunk over the first 3,000, 50-70 µs after.
 */
final class SutRecorder implements AutoCloseable {

    static final long SAMPLE_MILLIS = 500;
    /** Slack on the expected length: the aligner may end a file up to its jitter window after the stop. */
    static final long LENGTH_SLACK_MILLIS = 80 + 2;

    private record Entry(ActiveRecording recording, long beginFrom, long beginTo) {}

    private final RecordingService service;
    private final MeterRegistry registry;
    private final Path directory;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sut-recorder-timer");
        t.setDaemon(true);
        return t;
    });
    private final List<Entry> entries = new ArrayList<>();
    private final AtomicInteger backlogMax = new AtomicInteger();
    private final AtomicInteger backlogTotalMax = new AtomicInteger();
    private final AtomicLong events = new AtomicLong();

    SutRecorder(Path workDir, MediaEngine engine, MeterRegistry registry, int warmUpChunks) throws IOException {
        this.registry = registry;
        this.directory = recordings(workDir);
        service = new RecordingService(RecordingConfig.DEFAULTS, directory, keyFile(workDir), engine, registry, Clock.systemUTC(),
                System::nanoTime, e -> events.incrementAndGet(), new SecureRandom());
        service.start(timers);
        long t0 = System.nanoTime();
        warmWriterPath(workDir, warmUpChunks);
        System.err.printf("writer path warmed: %d chunks in %.1f s%n", warmUpChunks, (System.nanoTime() - t0) / 1e9);
        timers.scheduleAtFixedRate(this::sample, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Writes {@code chunks} chunks to scratch files (1,000 a file, as recordings are many files), then deletes them. */
    private static void warmWriterPath(Path workDir, int chunks) throws IOException {
        Path scratch = workDir.resolve("warm-up.ctirec");
        byte[] pcm = new byte[RecordingHeader.CHUNK_BYTES];
        SecureRandom random = new SecureRandom();
        random.nextBytes(pcm);
        RecordingKey key = RecordingKeys.open(keyFile(workDir)).current();
        for (int done = 0; done < chunks; done += 1000) {
            try (RecordingWriter w = RecordingWriter.create(scratch, "warm-up", 0, key, random)) {
                for (int i = done; i < Math.min(chunks, done + 1000); i++) {
                    w.writeChunk(pcm);
                }
            } finally {
                Files.deleteIfExists(scratch);
            }
        }
    }

    /** Where a SUT started with {@code --record dir} writes its recordings. */
    static Path recordings(Path dir) {
        return dir.resolve("recordings").toAbsolutePath();
    }

    /** Its key file (generated at its start). */
    static Path keyFile(Path dir) {
        return dir.resolve("recording-keys.txt").toAbsolutePath();
    }

    /** Starts recording call {@code index} on {@code customer}, as the B2BUA does when a call connects. */
    void record(int index, MediaLeg customer) throws IOException {
        var skip = service.skipReason(RecordingPolicy.ALL);
        if (skip.isPresent()) {
            throw new IllegalStateException("the gateway would not record this call: " + skip.get()
                    + " (free disk under recording.minFreeMegabytes?)");
        }
        long from = System.nanoTime();
        ActiveRecording r = service.begin("bench-call-" + index, customer);
        entries.add(new Entry(r, from, System.nanoTime()));
    }

    private void sample() {
        RecordingService.WriterBacklog b = service.writerBacklog();
        backlogMax.accumulateAndGet(b.maxPerRecording(), Math::max);
        backlogTotalMax.accumulateAndGet(b.chunks(), Math::max);
    }

    /** Figures so far; the backlog maxima are since the previous call. */
    String stats() {
        RecordingService.WriterBacklog now = service.writerBacklog();
        return "recBytes=" + count("recording.bytes.written") + " recActive=" + service.activeCount()
                + " recFailures=" + count("recording.failures")
                + " recBacklogMax=" + Math.max(now.maxPerRecording(), backlogMax.getAndSet(0))
                + " recBacklogTotalMax=" + Math.max(now.chunks(), backlogTotalMax.getAndSet(0));
    }

    /**
     * Stops every recording (as the calls' ends would) and waits for them to be finished on disk. One line per
     * recording: {@code rec ID FILE STATUS FAILURE|- DURATION_MS SIZE SHA256 MIN_MS MAX_MS} (the length the file
     * must have, from the times of its start and stop), then {@code stopped n=N droppedAhead=N droppedLate=N}.
     */
    List<String> stopAll() throws Exception {
        List<CompletableFuture<RecordingStopped>> stops = new ArrayList<>();
        long[][] times = new long[entries.size()][];
        for (int i = 0; i < entries.size(); i++) {
            long from = System.nanoTime();
            stops.add(entries.get(i).recording().stop());
            times[i] = new long[] {from, System.nanoTime()};
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < stops.size(); i++) {
            RecordingStopped s = stops.get(i).get(120, TimeUnit.SECONDS);
            Entry e = entries.get(i);
            long min = (times[i][0] - e.beginTo()) / 1_000_000 - 1;
            long max = (times[i][1] - e.beginFrom()) / 1_000_000 + 1 + LENGTH_SLACK_MILLIS;
            out.add("rec " + s.recordingId() + " " + directory.resolve(s.file()) + " " + s.status() + " "
                    + (s.failure() == null ? "-" : s.failure()) + " " + s.durationMillis() + " " + s.sizeBytes() + " "
                    + s.sha256() + " " + min + " " + max);
        }
        entries.clear();
        out.add("stopped n=" + stops.size() + " droppedAhead=" + count("recording.packets.dropped", "ahead")
                + " droppedLate=" + count("recording.packets.dropped", "late") + " events=" + events.get());
        return out;
    }

    private long count(String name) {
        return (long) registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private long count(String name, String reason) {
        return (long) registry.find(name).tag("reason", reason).counters().stream().mapToDouble(Counter::count).sum();
    }

    @Override
    public void close() {
        service.close();
        timers.shutdownNow();
    }
}
