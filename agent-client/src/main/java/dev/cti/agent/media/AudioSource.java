package dev.cti.agent.media;

/**
 * Where the agent's outgoing voice comes from: a tone, a WAV file, the microphone. Called every 20 ms from the
 * media sender thread; must not block for long.
 */
public interface AudioSource extends AutoCloseable {
    /** Fills one frame of {@link AudioFormat8k#FRAME_SAMPLES} samples. */
    void read(short[] frame);

    @Override
    default void close() {}

    /** Digital silence (an agent with no input configured). */
    static AudioSource silence() {
        return frame -> java.util.Arrays.fill(frame, (short) 0);
    }
}
