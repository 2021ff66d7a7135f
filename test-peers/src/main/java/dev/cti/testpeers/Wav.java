package dev.cti.testpeers;

import dev.cti.protocol.audio.WavHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The WAV files the peers play and record: 8 kHz mono signed 16-bit little-endian PCM (what baresip's
 * {@code aufile} reads as a microphone and {@code sndfile} writes as a call dump).
 */
public final class Wav {
    public static final int SAMPLE_RATE = 8000;

    private Wav() {}

    /** Writes {@code seconds} of a sine at {@code hz} (amplitude 8000) to {@code file}; returns the file. */
    public static Path tone(Path file, double hz, int seconds) throws IOException {
        int n = SAMPLE_RATE * seconds;
        ByteBuffer b = ByteBuffer.allocate(WavHeader.BYTES + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put(WavHeader.pcm8k16(1, 2L * n));
        for (int i = 0; i < n; i++) {
            b.putShort((short) Math.round(8000 * Math.sin(2 * Math.PI * hz * i / SAMPLE_RATE)));
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, b.array());
        return file;
    }

    /**
     * Where the PCM starts: after the {@code data} chunk's header, found by walking the chunks (a recording's size
     * fields are stale while libsndfile is still writing it, so they are not trusted). The file's length when there
     * is no data chunk yet.
     */
    public static int dataOffset(byte[] wav) {
        for (int i = 12; i + 8 <= wav.length; ) {
            String id = new String(wav, i, 4, StandardCharsets.US_ASCII);
            if (id.equals("data")) {
                return i + 8;
            }
            int size = ByteBuffer.wrap(wav, i + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            i += 8 + size + (size & 1);
        }
        return wav.length;
    }

    /** Samples {@code from} to {@code to} of the PCM (fewer when the file is shorter). */
    public static short[] samples(byte[] wav, int from, int to) {
        int off = dataOffset(wav);
        int n = Math.max(0, Math.min(to, (wav.length - off) / 2) - from);
        short[] out = new short[n];
        ByteBuffer.wrap(wav, off + 2 * from, 2 * n).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
        return out;
    }

    /** How many samples the file holds (0 for an empty file). */
    public static int sampleCount(byte[] wav) {
        return wav.length == 0 ? 0 : (wav.length - dataOffset(wav)) / 2;
    }
}
