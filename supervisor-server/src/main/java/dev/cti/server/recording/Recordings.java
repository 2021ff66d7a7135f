package dev.cti.server.recording;

import dev.cti.server.events.ServerEvents;
import dev.cti.config.CtiConfig;
import dev.cti.config.RecordingConfig;
import dev.cti.link.message.LinkEvent;
import dev.cti.server.call.CallCenter;
import dev.cti.server.store.CallTimelineStore;
import dev.cti.server.store.RecordingRetentionStore;
import dev.cti.server.store.RecordingSearch;
import dev.cti.server.store.RecordingStore;
import dev.cti.server.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Function;

/**
 * The server's side of call recording (issue 12), wired once by {@code ServerMain}: the index kept from the CTI link
 * ({@link RecordingIndex}), the disk alert, the retention job, pause / resume ({@link RecordingControl}), and what
 * playback needs: the searches, the files and their keys, playback tickets and a worker pool that decrypts (never on
 * an event loop).
 */
public final class Recordings {
    /** Threads that read and decrypt audio for playback. */
    static final int PLAYBACK_THREADS = 4;

    private final RecordingConfig config;
    private final RecordingStore store;
    private final RecordingSearch search;
    private final CallTimelineStore timelines;
    private final RecordingFiles files;
    private final PlaybackTickets tickets;
    private final DiskAlert disk;
    private final RetentionJob retention;
    private final RecordingIndex index;
    private final WorkerExecutor playbackWorkers;

    private Recordings(RecordingConfig config, RecordingStore store, RecordingSearch search,
                       CallTimelineStore timelines, RecordingFiles files, PlaybackTickets tickets, DiskAlert disk,
                       RetentionJob retention, RecordingIndex index, WorkerExecutor playbackWorkers) {
        this.config = config;
        this.store = store;
        this.search = search;
        this.timelines = timelines;
        this.files = files;
        this.tickets = tickets;
        this.disk = disk;
        this.retention = retention;
        this.index = index;
        this.playbackWorkers = playbackWorkers;
    }

    /**
     * @param context the call center's context: recording events are applied there, in order with the call events
     * @param agentOf the agent of a live call, asked on {@code context} ({@code CallCenter::agentOf})
     */
    public static Recordings create(Vertx vertx, Context context, CtiConfig config, Store store,
                                    CallCenter.CommandSink gateway, Function<String, Optional<String>> agentOf,
                                    ServerEvents events, MeterRegistry meters, Clock clock) {
        RecordingConfig rc = config.recording();
        RecordingStore rs = new RecordingStore(store, clock);
        DiskAlert disk = new DiskAlert(events, meters, clock);
        RetentionJob retention = new RetentionJob(vertx, context, rc.retentionDays(),
                ZoneId.of(config.site().timeZone()), new RecordingRetentionStore(store), gateway, meters, clock);
        RecordingIndex index = new RecordingIndex(vertx, context, rs, gateway, agentOf, disk, retention, events,
                meters, clock);
        return new Recordings(rc, rs, new RecordingSearch(store), new CallTimelineStore(store),
                new RecordingFiles(Path.of(config.recordingDirectory()), Path.of(config.recordingKeyFile())),
                new PlaybackTickets(clock, new SecureRandom()), disk, retention, index,
                vertx.createSharedWorkerExecutor("cti-playback", PLAYBACK_THREADS));
    }

    /** Starts the daily retention job. */
    public void start() {
        retention.start();
    }

    public void stop() {
        retention.stop();
        playbackWorkers.close();
    }

    /** Entry point for the CTI link (any thread): recording events, snapshots, call ends, refusals. */
    public void onEvent(long seq, LinkEvent event) {
        index.onEvent(seq, event);
    }

    public RecordingConfig config() {
        return config;
    }

    public RecordingStore store() {
        return store;
    }

    public RecordingSearch search() {
        return search;
    }

    public CallTimelineStore timelines() {
        return timelines;
    }

    public RecordingFiles files() {
        return files;
    }

    public PlaybackTickets tickets() {
        return tickets;
    }

    public DiskAlert disk() {
        return disk;
    }

    public RetentionJob retention() {
        return retention;
    }

    public RecordingIndex index() {
        return index;
    }

    public RecordingControl control() {
        return index.control();
    }

    /** The workers that read and decrypt audio (blocking file I/O and AES-GCM). */
    public WorkerExecutor playbackWorkers() {
        return playbackWorkers;
    }
}
