package dev.cti.protocol.audio;

/**
 * Generates a sum of sine tones as 16-bit samples, phase-continuous across calls to {@link #next}.
 *
 * <p>Exists so tests and the headless agent client can send recognisable audio (440 Hz from one
 * party, 880 Hz from the other) and check with {@link Goertzel} who hears what.
 */
public final class ToneGenerator {

    private final double[] phaseStep;
    private final double[] phase;
    private final double amplitude;

    /**
     * @param sampleRate  samples per second
     * @param amplitude   peak of the summed signal, 0..32767
     * @param frequencies one or more tone frequencies in Hz, mixed at equal level
     */
    public ToneGenerator(int sampleRate, double amplitude, double... frequencies) {
        if (frequencies.length == 0) {
            throw new IllegalArgumentException("at least one frequency");
        }
        if (amplitude < 0 || amplitude > Short.MAX_VALUE) {
            throw new IllegalArgumentException("amplitude 0..32767: " + amplitude);
        }
        this.phaseStep = new double[frequencies.length];
        this.phase = new double[frequencies.length];
        for (int i = 0; i < frequencies.length; i++) {
            phaseStep[i] = 2 * Math.PI * frequencies[i] / sampleRate;
        }
        this.amplitude = amplitude / frequencies.length;
    }

    /** A G.711-rate (8 kHz) generator. */
    public static ToneGenerator at8kHz(double amplitude, double... frequencies) {
        return new ToneGenerator(G711.SAMPLE_RATE, amplitude, frequencies);
    }

    /** The next {@code count} samples. */
    public short[] next(int count) {
        short[] out = new short[count];
        fill(out);
        return out;
    }

    /** Fills {@code out} with the next samples (no allocation: the agent client's tone source, every 20 ms). */
    public void fill(short[] out) {
        for (int n = 0; n < out.length; n++) {
            double v = 0;
            for (int i = 0; i < phase.length; i++) {
                v += Math.sin(phase[i]);
                phase[i] += phaseStep[i];
                if (phase[i] > 2 * Math.PI) {
                    phase[i] -= 2 * Math.PI;
                }
            }
            out[n] = (short) Math.round(v * amplitude);
        }
    }
}
