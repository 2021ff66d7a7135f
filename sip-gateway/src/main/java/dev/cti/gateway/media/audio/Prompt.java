package dev.cti.gateway.media.audio;

import dev.cti.protocol.audio.G711;
import dev.cti.protocol.audio.WavReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A piece of audio the gateway can play to a leg: 8 kHz 16-bit samples held in memory.
 *
 * <p>Exists so prompt files are read and checked once, at start-up, off the event loops, and the
 * paced player only copies samples. The array is shared, never modified.
 */
public final class Prompt {

    private final String name;
    private final short[] samples;

    public Prompt(String name, short[] samples) {
        this.name = Objects.requireNonNull(name, "name");
        this.samples = samples.clone();
    }

    /** Reads a WAV file (blocking: not on an event loop). */
    public static Prompt load(Path wav) throws IOException {
        return new Prompt(wav.getFileName().toString(), WavReader.read(wav));
    }

    public String name() {
        return name;
    }

    public int length() {
        return samples.length;
    }

    /** Sample {@code i}. */
    public short sample(int i) {
        return samples[i];
    }

    /** Copies {@code length} samples from {@code from} into {@code out[outOffset]}. */
    public void copy(int from, short[] out, int outOffset, int length) {
        System.arraycopy(samples, from, out, outOffset, length);
    }

    /** A copy of all samples. */
    public short[] samples() {
        return samples.clone();
    }

    public long durationMillis() {
        return samples.length * 1000L / G711.SAMPLE_RATE;
    }

    @Override
    public String toString() {
        return "Prompt[" + name + ", " + durationMillis() + " ms]";
    }
}
