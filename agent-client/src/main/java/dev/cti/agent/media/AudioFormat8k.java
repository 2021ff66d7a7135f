package dev.cti.agent.media;

/** The one audio format inside the client: 8 kHz, 16-bit signed, mono, 20 ms frames (G.711's native shape). */
public final class AudioFormat8k {
    public static final int RATE = 8000;
    public static final int FRAME_MS = 20;
    public static final int FRAME_SAMPLES = RATE * FRAME_MS / 1000;

    private AudioFormat8k() {}
}
