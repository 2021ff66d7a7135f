package dev.cti.gateway.media.record;

import dev.cti.protocol.audio.G711;
import dev.cti.protocol.audio.Goertzel;
import dev.cti.recording.KeyLookup;
import dev.cti.recording.RecordingReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A decrypted recording as two channels of samples, and the tone checks the recording tests make on them (shared
 * by the media and the gateway tests).
 */
public record RecordingAudio(short[] customer, short[] agentSide, long durationMillis, boolean complete) {

    /** Decrypts the whole file with {@code keys}. */
    public static RecordingAudio read(Path file, KeyLookup keys) throws IOException {
        try (RecordingReader r = RecordingReader.open(file, keys)) {
            byte[] pcm = new byte[(int) r.pcmBytes()];
            r.readPcm(0, pcm, 0, pcm.length);
            int frames = pcm.length / 4;
            short[] left = new short[frames];
            short[] right = new short[frames];
            for (int f = 0; f < frames; f++) {
                left[f] = (short) ((pcm[4 * f] & 0xFF) | (pcm[4 * f + 1] << 8));
                right[f] = (short) ((pcm[4 * f + 2] & 0xFF) | (pcm[4 * f + 3] << 8));
            }
            return new RecordingAudio(left, right, r.durationMillis(), r.complete());
        }
    }

    /** Samples of {@code channel} in [fromMillis, toMillis) of the recording. */
    public static short[] window(short[] channel, long fromMillis, long toMillis) {
        int from = (int) Math.min(channel.length, fromMillis * 8);
        int to = (int) Math.min(channel.length, toMillis * 8);
        short[] out = new short[Math.max(0, to - from)];
        System.arraycopy(channel, from, out, 0, out.length);
        return out;
    }

    /**
     * Mean share of the energy at {@code hz} over 100 ms blocks (a phase jump where a frame was dropped costs one
     * block, not the whole window); silent blocks count as 0.
     */
    public static double share(short[] samples, double hz) {
        double sum = 0;
        int blocks = 0;
        for (int i = 0; i + 800 <= samples.length; i += 800) {
            sum += Goertzel.relativePower(samples, i, 800, hz, G711.SAMPLE_RATE);
            blocks++;
        }
        return blocks == 0 ? 0 : sum / blocks;
    }

    public static double rms(short[] samples) {
        double sum = 0;
        for (short v : samples) {
            sum += (double) v * v;
        }
        return samples.length == 0 ? 0 : Math.sqrt(sum / samples.length);
    }

    /** For failure messages: the shares of the given tones and the level, per 100 ms. */
    public static String profile(short[] s, double... tones) {
        StringBuilder b = new StringBuilder(String.format("rms %.0f;", rms(s)));
        for (int i = 0; i + 800 <= s.length; i += 800) {
            b.append(" [");
            for (double t : tones) {
                b.append(String.format("%.0f:%.2f ", t, Goertzel.relativePower(s, i, 800, t, G711.SAMPLE_RATE)));
            }
            b.append(String.format("rms %.0f]", rms(java.util.Arrays.copyOfRange(s, i, i + 800))));
        }
        return b.toString();
    }
}
