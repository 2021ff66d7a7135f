package dev.cti.agent.media;

/**
 * Where the far end's voice goes: a WAV file, the speaker, nowhere. Called from the media thread once per played-out
 * 20 ms frame (silence is written for lost frames so a file keeps real time).
 */
public interface AudioSink extends AutoCloseable {
    void write(short[] frame);

    @Override
    default void close() {}

    /** Discards the audio (load agents). */
    static AudioSink discard() {
        return frame -> {};
    }
}
