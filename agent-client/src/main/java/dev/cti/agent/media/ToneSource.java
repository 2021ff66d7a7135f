package dev.cti.agent.media;

/** A continuous sine tone ({@code --audio-in tone:HZ}): a machine-checkable voice for tests and load. */
public final class ToneSource implements AudioSource {
    private final double step;
    private final double amplitude;
    private double phase;

    public ToneSource(double hz, double amplitude) {
        if (hz <= 0 || hz >= AudioFormat8k.RATE / 2.0) {
            throw new IllegalArgumentException("tone frequency must be between 0 and 4000 Hz, got " + hz);
        }
        this.step = 2 * Math.PI * hz / AudioFormat8k.RATE;
        this.amplitude = amplitude;
    }

    public ToneSource(double hz) {
        this(hz, 8000);
    }

    @Override
    public void read(short[] frame) {
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (short) Math.round(amplitude * Math.sin(phase));
            phase += step;
            if (phase > 2 * Math.PI) phase -= 2 * Math.PI;
        }
    }
}
