package dev.cti.protocol.audio;

/**
 * The Goertzel algorithm: the energy of one frequency in a block of samples.
 *
 * <p>Exists because audio correctness is tested by signal, not by counting packets: each party plays
 * a distinct tone and tests ask "does B hear 880 Hz and not 440 Hz?". Used by the gateway, the agent
 * client's tests and the integration tests.
 */
public final class Goertzel {

    private Goertzel() {}

    /** |X(f)|² of {@code length} samples from {@code offset}, at {@code frequency} Hz. */
    public static double power(short[] samples, int offset, int length, double frequency, int sampleRate) {
        double coeff = 2 * Math.cos(2 * Math.PI * frequency / sampleRate);
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < length; i++) {
            double s0 = samples[offset + i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coeff * s1 * s2;
    }

    /**
     * The share of the block's energy that lies at {@code frequency}: about 1.0 for a pure tone at
     * that frequency spanning the block, near 0 for a tone elsewhere, 0 for silence.
     */
    public static double relativePower(short[] samples, int offset, int length, double frequency, int sampleRate) {
        double energy = 0;
        for (int i = 0; i < length; i++) {
            double s = samples[offset + i];
            energy += s * s;
        }
        if (energy == 0) {
            return 0;
        }
        return power(samples, offset, length, frequency, sampleRate) / (length * energy / 2);
    }

    /**
     * The power of {@code frequency} in {@code length} 8 kHz samples from {@code offset} relative to a full-scale
     * block: |X(f)|² / (32768² · length²), about (A / 32768)² / 4 for a tone of amplitude A. An absolute level (the
     * agent client's tests wait for "the tone is there at all" with it), where {@link #relativePower} is a share.
     */
    public static double fullScalePower(short[] samples, int offset, int length, double frequency) {
        double fullScale = 32768.0 * length;
        return power(samples, offset, length, frequency, G711.SAMPLE_RATE) / (fullScale * fullScale);
    }

    /** {@link #fullScalePower(short[], int, int, double)} over the whole array. */
    public static double fullScalePower(short[] samples, double frequency) {
        return fullScalePower(samples, 0, samples.length, frequency);
    }

    /** {@link #relativePower(short[], int, int, double, int)} over the whole array at 8 kHz. */
    public static double relativePower(short[] samples, double frequency) {
        return relativePower(samples, 0, samples.length, frequency, G711.SAMPLE_RATE);
    }
}
