package dev.cti.gateway.media;

import dev.cti.gateway.media.audio.Prompt;
import dev.cti.gateway.media.rtp.RtpPacket;
import dev.cti.gateway.media.rtp.RtpStreamRewriter;
import dev.cti.protocol.audio.G711;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Plays prompts, then loops music, to one leg: one 20 ms packet (160 samples) per tick.
 *
 * <p>Pacing: a 20 ms {@code scheduleAtFixedRate} task on the leg's event loop (Netty computes each
 * deadline from the start, so delays do not accumulate) that also corrects drift itself: each tick
 * sends every frame due by the clock since the start ({@code elapsed / 20 ms + 1}), so a late tick is
 * caught up by the next (a jitter buffer absorbs a short burst better than a gap); after a stall of
 * more than {@value #MAX_CATCH_UP} frames (200 ms) the missed ones are skipped (the timestamp still
 * advances by them) rather than sent in a long burst. The clock starts when the first packet has been sent. Never blocks.
 */
final class PromptPlayer implements Playback, Runnable {

    static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    static final int MAX_CATCH_UP = 10;

    private final RtpLeg leg;
    private final List<Prompt> prompts;
    private final Prompt music;
    private final LongSupplier nanoTime;
    private final CompletableFuture<Void> promptsFinished = new CompletableFuture<>();
    private final short[] frame = new short[RtpStreamRewriter.SAMPLES_PER_FRAME];
    private final byte[] encoded = new byte[RtpStreamRewriter.SAMPLES_PER_FRAME];

    private ScheduledFuture<?> task;
    private long startNanos;
    private long framesSent;
    private int sequence;
    private long timestamp;
    private int promptIndex;
    private int position;
    private final PlaybackStateMachine machine = new PlaybackStateMachine();
    private volatile boolean playing = true; // mirrors machine.isPlaying() for other threads

    PromptPlayer(RtpLeg leg, List<Prompt> prompts, Prompt music, LongSupplier nanoTime) {
        this.leg = leg;
        this.prompts = List.copyOf(prompts);
        this.music = music != null && music.length() > 0 ? music : null;
        this.nanoTime = nanoTime;
    }

    /** Starts on the leg's event loop. */
    void start() {
        leg.eventLoop().execute(() -> {
            if (machine.fire(PlaybackStateMachine.Event.START).orElse(null) != PlaybackStateMachine.State.PLAYING_PROMPTS) {
                return; // stopped before it started
            }
            task = leg.eventLoop().scheduleAtFixedRate(this, 0, 20, TimeUnit.MILLISECONDS);
        });
    }

    @Override
    public void run() {
        if (!playing) {
            return;
        }
        long due = framesSent == 0 ? 1 : (nanoTime.getAsLong() - startNanos) / FRAME_NANOS + 1;
        if (due - framesSent > MAX_CATCH_UP) {
            long skipped = due - framesSent - 1;
            timestamp += skipped * RtpStreamRewriter.SAMPLES_PER_FRAME;
            framesSent += skipped;
        }
        while (framesSent < due) {
            if (!fillFrame()) {
                machine.fire(PlaybackStateMachine.Event.AUDIO_EXHAUSTED);
                finish();
                return;
            }
            G711 codec = leg.codec();
            codec.encode(frame, 0, frame.length, encoded, 0);
            RtpPacket packet = RtpPacket.create(leg.channel().alloc(), codec.payloadType(), framesSent == 0,
                    sequence, timestamp, 0, encoded, 0, encoded.length);
            sequence = (sequence + 1) & 0xFFFF;
            timestamp += RtpStreamRewriter.SAMPLES_PER_FRAME;
            framesSent++;
            leg.send(this, packet, false);
            if (framesSent == 1) {
                // the clock starts once the first packet has left: a first send in a cold JVM can
                // take hundreds of ms (class loading) and must not count as a stall
                startNanos = nanoTime.getAsLong();
                return;
            }
        }
    }

    /** Copies the next 160 samples into {@code frame}; false when there is nothing more to play. */
    private boolean fillFrame() {
        int filled = 0;
        while (filled < frame.length) {
            Prompt current;
            if (promptIndex < prompts.size()) {
                current = prompts.get(promptIndex);
            } else {
                if (machine.state() == PlaybackStateMachine.State.PLAYING_PROMPTS && music != null) {
                    machine.fire(PlaybackStateMachine.Event.PROMPTS_SENT);
                }
                promptsFinished.complete(null);
                if (music == null) {
                    break;
                }
                current = music;
            }
            int n = Math.min(frame.length - filled, current.length() - position);
            current.copy(position, frame, filled, n);
            filled += n;
            position += n;
            if (position >= current.length()) {
                position = 0;
                if (promptIndex < prompts.size()) {
                    promptIndex++;
                }
            }
        }
        if (filled == 0) {
            return false;
        }
        java.util.Arrays.fill(frame, filled, frame.length, (short) 0); // last partial frame: pad silence
        return true;
    }

    private void finish() {
        playing = false;
        if (task != null) {
            task.cancel(false);
        }
        promptsFinished.complete(null);
        leg.restoreOutputSource(this);
    }

    @Override
    public CompletableFuture<Void> promptsFinished() {
        return promptsFinished;
    }

    @Override
    public void stop() {
        if (leg.eventLoop().inEventLoop()) {
            boolean wasPlaying = machine.isPlaying();
            machine.fire(PlaybackStateMachine.Event.STOP);
            if (wasPlaying) {
                finish();
            } else if (playing) { // stopped before it started
                playing = false;
                promptsFinished.complete(null);
                leg.restoreOutputSource(this);
            }
        } else {
            leg.eventLoop().execute(this::stop);
        }
    }

    PlaybackStateMachine.State state() {
        return machine.state();
    }

    @Override
    public boolean isPlaying() {
        return playing;
    }
}
