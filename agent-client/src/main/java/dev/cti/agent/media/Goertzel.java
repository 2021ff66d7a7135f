package dev.cti.agent.media;

/**
 * Power of one frequency in a block of samples (Goertzel algorithm). Tests and the load harness use it to prove
 * which tone an agent hears: audio correctness is checked by signal, not by counting packets.
 */
public final class Goertzel {
    private Goertzel() {}

    /** Relative power of {@code hz} in {@code samples} (8 kHz), normalised by block length. */
    public static double power(short[] samples, int from, int length, double hz) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / AudioFormat8k.RATE);
        double s1 = 0, s2 = 0;
        for (int i = from; i < from + length; i++) {
            double s0 = samples[i] / 32768.0 + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / ((double) length * length);
    }

    /** Power of {@code hz} over the whole array. */
    public static double power(short[] samples, double hz) {
        return power(samples, 0, samples.length, hz);
    }
}
