package dev.cti.it.stack;

import dev.cti.gateway.media.audio.Goertzel;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Signal checks on what a party heard: tones by Goertzel, music by level. 8 kHz samples. */
public final class Audio {
    public static final int SAMPLES_PER_SECOND = 8000;

    private Audio() {}

    /** Share of the block's energy at {@code hz}: near 1 for that pure tone, near 0 for anything else or silence. */
    public static double share(short[] samples, double hz) {
        return Goertzel.relativePower(samples, hz);
    }

    public static double rms(short[] samples) {
        double sum = 0;
        for (short s : samples) {
            sum += (double) s * s;
        }
        return samples.length == 0 ? 0 : Math.sqrt(sum / samples.length);
    }

    /**
     * What a party hears over the next {@code seconds}, starting {@code settleMillis} from now (so a change of
     * source, e.g. music starting on hold, has reached its ears): waits for the recording to grow and returns it.
     */
    public static short[] next(Callable<Integer> recorded, SegmentReader reader, long settleMillis, double seconds)
            throws Exception {
        int from = recorded.call() + (int) (settleMillis * SAMPLES_PER_SECOND / 1000);
        int to = from + (int) (seconds * SAMPLES_PER_SECOND);
        Events.awaitTrue("recording reaches " + to + " samples", Duration.ofSeconds((long) seconds + settleMillis / 1000 + 10),
                () -> recorded.call() >= to);
        return reader.read(from, to);
    }

    /** Reads a span of a recording. */
    @FunctionalInterface
    public interface SegmentReader {
        short[] read(int from, int to) throws Exception;
    }

    public static short[] next(Seat seat, long settleMillis, double seconds) throws Exception {
        return next(seat::recorded, seat::heard, settleMillis, seconds);
    }

    public static short[] next(Caller caller, long settleMillis, double seconds) throws Exception {
        return next(caller::recorded, caller::heard, settleMillis, seconds);
    }
}
