package dev.cti.it.stack;

import dev.cti.protocol.audio.Goertzel;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Signal checks on what a party heard: tones by Goertzel, music by level. 8 kHz samples. */
public final class Audio {
    public static final int SAMPLES_PER_SECOND = 8000;
    /**
     * The {@link #share} above which a party hears a tone: a clean relay gives about 0.9; a lost packet on a loaded
     * machine is played as silence and lowers it, a wrong source (own tone, music, silence) gives near 0.
     */
    public static final double HEARS = 0.4;

    private Audio() {}

    /** 100 ms: 10 Hz bins, so the test tones (multiples of 10 Hz) fall on a bin, and long enough to hold many cycles. */
    private static final int BLOCK = SAMPLES_PER_SECOND / 10;

    /**
     * Share of the recording's energy at {@code hz}: near 1 for that pure tone, near 0 for anything else or silence.
     * Summed over 100 ms blocks rather than taken over the whole span, so that a tone whose phase jumps (the mixer
     * repeating or dropping a 20 ms frame when a packet is late) still counts as heard: one Goertzel over a whole
     * second adds the pieces coherently and a phase jump cancels part of them.
     */
    public static double share(short[] samples, double hz) {
        double tone = 0;
        double energy = 0;
        for (int from = 0; from + BLOCK <= samples.length; from += BLOCK) {
            tone += Goertzel.power(samples, from, BLOCK, hz, SAMPLES_PER_SECOND);
            double e = 0;
            for (int i = from; i < from + BLOCK; i++) {
                e += (double) samples[i] * samples[i];
            }
            energy += BLOCK * e / 2;
        }
        return energy == 0 ? 0 : tone / energy;
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
