package dev.cti.gateway.recording;

import dev.cti.gateway.media.record.CallRecording;
import dev.cti.link.message.RecordingFailure;
import dev.cti.link.message.RecordingSpan;
import dev.cti.link.message.RecordingStatus;
import dev.cti.link.message.RecordingStopped;
import dev.cti.recording.RecordingHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's recording as the B2BUA drives it ({@link RecordingService#begin}): pause, resume, hold marks, and the
 * end, which finishes the file, writes the final sidecar and hands the metadata to the {@link RecordingOutbox}. Its
 * sidecar follows every pause and hold change, so a crash keeps them. Methods are callable from any thread.
 */
public final class ActiveRecording {
    private static final Logger LOG = LoggerFactory.getLogger(ActiveRecording.class);

    private final String id;
    private final String callId;
    private final String file;
    private final long startedAt;
    private final String keyId;
    private final RecordingStore store;
    private final RecordingMetrics metrics;
    private final RecordingOutbox outbox;
    private final Clock clock;
    private final Runnable ended;
    private final CompletableFuture<RecordingStopped> finished = new CompletableFuture<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private CallRecording media;

    /**
     * @param startedAt the audio's time 0 (epoch ms), as in the file's header
     * @param ended     run once the recording is finished (its metadata is in the outbox)
     */
    ActiveRecording(String id, String callId, String file, long startedAt, String keyId, RecordingStore store,
                    RecordingMetrics metrics, RecordingOutbox outbox, Clock clock, Runnable ended) {
        this.id = id;
        this.callId = callId;
        this.file = file;
        this.startedAt = startedAt;
        this.keyId = keyId;
        this.store = store;
        this.metrics = metrics;
        this.outbox = outbox;
        this.clock = clock;
        this.ended = ended;
    }

    void attach(CallRecording m) {
        this.media = m;
    }

    public String id() {
        return id;
    }

    /** The file relative to the recording directory. */
    public String file() {
        return file;
    }

    /** The audio's time 0, epoch ms: the start time in the file's header, and {@code RecordingStarted.at}. */
    public long startedAt() {
        return startedAt;
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
     * The call ended: the rest is written, the sidecar finished, the outbox entry made and {@link RecordingStopped}
     * sent. Completes with that metadata; idempotent.
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
                ended.run();
            }
        });
        return finished;
    }

    private RecordingStopped failedWithoutOutcome(Throwable error) {
        LOG.warn("recording {} could not be finished: {}", id, error.toString());
        return finish(new CallRecording.Outcome(RecordingFailure.IO_ERROR, 0, sizeOf(), "", List.of(), List.of(), 0,
                0));
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
        outbox.publish(metadata);
        LOG.info("call {}: recording {} {}: {} ms, {} bytes", callId, id, status, o.durationMillis(), o.sizeBytes());
        return metadata;
    }

    /** What the media side tells: bytes written and failures for the metrics, span changes for the sidecar. */
    CallRecording.Listener listener() {
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
