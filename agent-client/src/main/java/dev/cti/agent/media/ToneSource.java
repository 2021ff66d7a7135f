package dev.cti.agent.media;

import dev.cti.protocol.audio.ToneGenerator;

/** A continuous sine tone ({@code --audio-in tone:HZ}): a machine-checkable voice for tests and load. */
public final class ToneSource implements AudioSource {
    private final ToneGenerator tone;

    public ToneSource(double hz, double amplitude) {
        if (hz <= 0 || hz >= AudioFormat8k.RATE / 2.0) {
            throw new IllegalArgumentException("tone frequency must be between 0 and 4000 Hz, got " + hz);
        }
        this.tone = new ToneGenerator(AudioFormat8k.RATE, amplitude, hz);
    }

    public ToneSource(double hz) {
        this(hz, 8000);
    }

    @Override
    public void read(short[] frame) {
        tone.fill(frame);
    }
}
