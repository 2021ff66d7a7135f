package dev.cti.gateway.media.record;

import dev.cti.gateway.media.LegTap;
import dev.cti.gateway.media.MediaEngine;
import dev.cti.gateway.media.MediaLeg;
import dev.cti.link.message.RecordingFailure;
import dev.cti.link.message.RecordingSpan;
import dev.cti.protocol.audio.G711;
import dev.cti.recording.RecordingWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording of one call, tapped on the customer's leg ({@link MediaEngine#tap}): what the leg receives is the
 * left channel, what it sends the right. Because every audio the customer hears leaves through that one leg
 * (the agent by relay, a supervisor's barge or take-over mix, a transfer target, music and prompts), the recording
 * follows the call through transfers, take-over and monitoring without any bookkeeping per leg, and a whisper,
 * which the customer does not hear, is not in it.
 *
 * <p>Threads: packets arrive on the leg's event loop, where the {@link StereoAssembler} lives and copies their
 * G.711 codes as they are; the engine's tick there ({@link LegTap#tick}, one timer per loop for all its legs) hands
 * over chunks when no packet comes. Finished chunks ({@link CodeChunk}: one second of codes) go to a bounded serial
 * queue on {@code io} (never the event loop), where they are decoded and interleaved into 16-bit stereo PCM, then
 * encrypted and appended by the {@link RecordingWriter}, and the chunk goes back to the recording's pool. More than
 * {@code maxPendingChunks} waiting (the disk does not keep up) or a write error makes the recording FAILED: it
 * stops writing, the call goes on. Control ({@link #pause}, {@link #holdStarted}, {@link #stop}...) may come from
 * any thread: its time is taken on the caller's thread and applied on the loop, so the file and the spans agree.
 */
public final class CallRecording implements LegTap {
    private static final Logger LOG = LoggerFactory.getLogger(CallRecording.class);
    /**
     * Written chunks kept for reuse: the aligner takes one per second as it hands one over, and gets it back from
     * the writer within the hand-off's delay, so two cover a writer that is a second late.
     */
    private static final int SPARE_CHUNKS = 2;

    /** Told on the io thread about what the recording does, for metrics and the sidecar. */
    public interface Listener {
        /** {@code bytes} more were written to the file. */
        default void written(long bytes) {}

        /** Writing failed; the file keeps what was written. */
        default void failed(RecordingFailure failure, Exception cause) {}

        /** A pause or hold span opened or closed (ordered with the writes). */
        default void spansChanged(List<RecordingSpan> paused, List<RecordingSpan> holds, Long openPause,
                                  Long openHold) {}
    }

    /**
     * How a recording ended.
     *
     * @param failure null unless writing failed
     */
    public record Outcome(RecordingFailure failure, long durationMillis, long sizeBytes, String sha256,
                          List<RecordingSpan> pausedSpans, List<RecordingSpan> holdSpans, long droppedAhead,
                          long droppedLate) {}

    private final MediaEngine engine;
    private final MediaLeg leg;
    private final EventLoop loop;
    private final RecordingWriter writer;
    private final LongSupplier nanoTime;
    private final Listener listener;
    private final CodeChunk.Pool chunks;
    private final StereoAssembler assembler;
    private final BoundedSerialQueue io;
    private final CompletableFuture<Outcome> done = new CompletableFuture<>();
    private final Spans spans = new Spans();
    /**
     * Pause and resume, applied on the loop before the next packet or sweep: even if the loop is late to run the
     * hop, no packet is written (and no chunk handed over) as if the pause had not happened.
     */
    private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> control =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile boolean failed;
    private volatile boolean stopping;
    private RecordingFailure failure;

    private CallRecording(MediaEngine engine, MediaLeg leg, RecordingWriter writer, Executor io, int maxPendingChunks,
                          LongSupplier nanoTime, long startNanos, Listener listener) {
        this.engine = engine;
        this.leg = leg;
        this.loop = leg.eventLoop();
        this.writer = writer;
        this.nanoTime = nanoTime;
        this.listener = listener;
        this.chunks = new CodeChunk.Pool(SPARE_CHUNKS);
        this.assembler = new StereoAssembler(startNanos, chunks, this::onChunk);
        this.io = new BoundedSerialQueue(io, maxPendingChunks);
    }

    /**
     * Starts recording {@code customer}'s audio into {@code writer} (created, header written) from now.
     *
     * @param io               where encryption and file writes run (a worker pool, never an event loop)
     * @param maxPendingChunks seconds of audio that may wait for the disk before the recording fails
     */
    public static CallRecording start(MediaEngine engine, MediaLeg customer, RecordingWriter writer, Executor io,
                                      int maxPendingChunks, LongSupplier nanoTime, Listener listener) {
        return start(engine, customer, writer, io, maxPendingChunks, nanoTime, nanoTime.getAsLong(), listener);
    }

    /**
     * Starts recording {@code customer}'s audio into {@code writer} with the audio's time 0 at {@code startNanos}
     * (on {@code nanoTime}'s scale): the instant the header's start time was read, so that the file's offsets and
     * wall-clock times agree however long creating the file took (audio before the tap is silence).
     */
    public static CallRecording start(MediaEngine engine, MediaLeg customer, RecordingWriter writer, Executor io,
                                      int maxPendingChunks, LongSupplier nanoTime, long startNanos,
                                      Listener listener) {
        CallRecording r = new CallRecording(Objects.requireNonNull(engine), Objects.requireNonNull(customer),
                Objects.requireNonNull(writer), Objects.requireNonNull(io), maxPendingChunks, nanoTime, startNanos,
                listener);
        engine.tap(customer, r);
        return r;
    }

    public String recordingId() {
        return writer.header().recordingId();
    }

    // ---------------------------------------------------------------- the tap, on the leg's loop

    @Override
    public void received(G711 law, ByteBuf buf, int index, int length) {
        drainControl();
        if (!failed && !stopping) {
            assembler.write(StereoAssembler.CUSTOMER, law, buf, index, length, nanoTime.getAsLong());
        }
    }

    @Override
    public void sent(G711 law, ByteBuf buf, int index, int length) {
        drainControl();
        if (!failed && !stopping) {
            assembler.write(StereoAssembler.AGENT_SIDE, law, buf, index, length, nanoTime.getAsLong());
        }
    }

    /** The engine's tick: hands over every chunk the clock has settled, when no packet comes (silence, hold). */
    @Override
    public void tick() {
        drainControl();
        if (!failed && !stopping) {
            assembler.advance(nanoTime.getAsLong());
        }
    }

    /** On the loop: applies pending pauses and resumes, in order. */
    private void drainControl() {
        Runnable task;
        while ((task = control.poll()) != null) {
            task.run();
        }
    }

    private void control(Runnable task) {
        control.add(task);
        onLoop(this::drainControl);
    }

    private void onChunk(CodeChunk chunk) {
        if (failed) {
            return;
        }
        if (!io.offer(() -> writeChunk(chunk))) {
            fail(RecordingFailure.WRITER_OVERLOAD, null);
        }
    }

    // ---------------------------------------------------------------- on the io queue

    /** The chunk's audio as the file's PCM, decoded here (off the loop); the chunk goes back to the pool. */
    private byte[] pcm(CodeChunk chunk) {
        byte[] pcm = chunk.pcm();
        chunks.give(chunk);
        return pcm;
    }

    private void writeChunk(CodeChunk chunk) {
        if (failed) {
            chunks.give(chunk);
            return;
        }
        byte[] pcm = pcm(chunk);
        try {
            long before = writer.fileBytes();
            writer.writeChunk(pcm);
            listener.written(writer.fileBytes() - before);
        } catch (IOException | RuntimeException e) {
            fail(classify(e), e);
        }
    }

    static RecordingFailure classify(Exception e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("No space left") || m.contains("Disk quota") ? RecordingFailure.DISK_FULL
                : RecordingFailure.IO_ERROR;
    }

    private synchronized void fail(RecordingFailure why, Exception cause) {
        if (failed) {
            return;
        }
        failed = true;
        failure = why;
        LOG.warn("recording {} failed ({}); the call goes on without it: {}", recordingId(), why,
                cause == null ? "the disk did not keep up" : cause.toString());
        try {
            listener.failed(why, cause);
        } catch (RuntimeException e) {
            LOG.warn("recording listener failed", e);
        }
    }

    // ---------------------------------------------------------------- control, any thread

    /** Milliseconds of the recording at this moment. */
    public long offsetMillis() {
        return assembler.offsetMillis(nanoTime.getAsLong());
    }

    /** Silences both channels from now; returns the offset, or -1 if already paused or stopping. */
    public synchronized long pause() {
        if (spans.openPause != null || stopping) {
            return -1;
        }
        long nanos = nanoTime.getAsLong();
        long at = assembler.offsetMillis(nanos);
        spans.openPause = at;
        control(() -> assembler.pause(nanos));
        spansChanged();
        return at;
    }

    /** Records again from now; returns the offset, or -1 if not paused or stopping. */
    public synchronized long resume() {
        if (spans.openPause == null || stopping) {
            return -1;
        }
        long nanos = nanoTime.getAsLong();
        long at = assembler.offsetMillis(nanos);
        spans.paused.add(new RecordingSpan(spans.openPause, at));
        spans.openPause = null;
        control(() -> assembler.resume(nanos));
        spansChanged();
        return at;
    }

    public synchronized boolean paused() {
        return spans.openPause != null;
    }

    /** The call went on hold (the customer hears music): marks a hold span from now. Idempotent. */
    public synchronized void holdStarted() {
        if (spans.openHold == null && !stopping) {
            spans.openHold = offsetMillis();
            spansChanged();
        }
    }

    /** The hold ended. Idempotent. */
    public synchronized void holdEnded() {
        if (spans.openHold != null && !stopping) {
            spans.holds.add(new RecordingSpan(spans.openHold, Math.max(spans.openHold, offsetMillis())));
            spans.openHold = null;
            spansChanged();
        }
    }

    private void spansChanged() {
        List<RecordingSpan> paused = List.copyOf(spans.paused);
        List<RecordingSpan> holds = List.copyOf(spans.holds);
        Long openPause = spans.openPause;
        Long openHold = spans.openHold;
        io.force(() -> listener.spansChanged(paused, holds, openPause, openHold));
    }

    /**
     * Stops recording now: the tap is removed, the rest of the audio is written as the final chunk and the file
     * forced to disk (on the io queue). A pause or hold still open ends with the recording ({@link SpanList}).
     * Completes with the outcome; idempotent.
     */
    public CompletableFuture<Outcome> stop() {
        long nanos;
        synchronized (this) {
            if (stopping) {
                return done;
            }
            stopping = true;
            nanos = nanoTime.getAsLong();
        }
        engine.untap(leg, this);
        onLoop(() -> {
            drainControl();
            CodeChunk last = failed ? null : assembler.finish(nanos);
            io.force(() -> finish(last));
        });
        return done;
    }

    private void finish(CodeChunk last) {
        try {
            if (!failed && last != null) {
                byte[] pcm = pcm(last);
                long before = writer.fileBytes();
                writer.finish(pcm, pcm.length);
                listener.written(writer.fileBytes() - before);
            }
        } catch (IOException | RuntimeException e) {
            fail(classify(e), e);
        }
        try {
            writer.close(); // no-op after finish; keeps a failed file as it is
        } catch (IOException e) {
            LOG.debug("closing recording {}: {}", recordingId(), e.toString());
        }
        long end = writer.durationMillis();
        List<RecordingSpan> paused;
        List<RecordingSpan> holds;
        synchronized (this) {
            paused = SpanList.closedAt(spans.paused, spans.openPause, end);
            holds = SpanList.closedAt(spans.holds, spans.openHold, end);
        }
        done.complete(new Outcome(failed ? failure : null, writer.durationMillis(), writer.fileBytes(),
                writer.sha256Hex(), paused, holds, assembler.droppedAhead(), assembler.droppedLate()));
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            task.run(); // the engine is stopping: nothing races us on the loop any more
        }
    }

    public boolean failed() {
        return failed;
    }

    /**
     * Chunks handed over and not yet written (waiting for a writer thread or the disk); the recording fails as
     * WRITER_OVERLOAD when it would exceed {@code maxPendingChunks}. Any thread.
     */
    public int pendingChunks() {
        return io.waiting();
    }

    /** Spans so far; guarded by the recording's monitor. */
    private static final class Spans {
        final List<RecordingSpan> paused = new ArrayList<>();
        final List<RecordingSpan> holds = new ArrayList<>();
        Long openPause;
        Long openHold;
    }
}
