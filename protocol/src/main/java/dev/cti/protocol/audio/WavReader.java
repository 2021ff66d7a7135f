package dev.cti.protocol.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the one WAV format the gateway plays: RIFF/WAVE, PCM, 8 kHz, mono, 16-bit little-endian.
 *
 * <p>Exists so prompts and music on hold are loaded once at start-up into memory and any other
 * format is refused with a message saying what the file is and what it should be (convert with
 * {@code sox in.wav -r 8000 -c 1 -b 16 out.wav}) instead of being played as noise. The agent client's
 * {@code --audio-in FILE.wav} reads with {@link #readFirstChannel}, which also takes a stereo file (its left
 * channel), as the softphone always did.
 */
public final class WavReader {

    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

    private WavReader() {}

    /** Reads {@code file}; blocking I/O, so call it off the event loops (at start-up). */
    public static short[] read(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** Parses WAV bytes; {@code source} names the input in error messages. */
    public static short[] parse(byte[] bytes, String source) throws WavFormatException {
        return parse(bytes, source, false);
    }

    /**
     * Reads {@code file} like {@link #read} but takes any number of channels and returns the first (the left of a
     * stereo file). Blocking I/O.
     */
    public static short[] readFirstChannel(Path file) throws IOException {
        return parseFirstChannel(Files.readAllBytes(file), file.toString());
    }

    /** Parses WAV bytes like {@link #parse}, keeping the first of any number of channels. */
    public static short[] parseFirstChannel(byte[] bytes, String source) throws WavFormatException {
        return parse(bytes, source, true);
    }

    private static short[] parse(byte[] bytes, String source, boolean anyChannels) throws WavFormatException {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !tag(in, 0).equals("RIFF") || !tag(in, 8).equals("WAVE")) {
            throw new WavFormatException(source + ": not a RIFF/WAVE file");
        }
        int pos = 12;
        int channels = 0;
        while (pos + 8 <= bytes.length) {
            String id = tag(in, pos);
            long size = Integer.toUnsignedLong(in.getInt(pos + 4));
            int body = pos + 8;
            if (id.equals("fmt ")) {
                channels = checkFormat(in, body, size, source, anyChannels);
            } else if (id.equals("data")) {
                if (channels == 0) {
                    throw new WavFormatException(source + ": data chunk at byte " + pos + " before the fmt chunk");
                }
                // sox writes 0xFFFFFFFF when it could not seek back: take what is there.
                int length = (int) Math.min(size, bytes.length - body) & ~1;
                short[] samples = new short[length / (2 * channels)];
                for (int i = 0; i < samples.length; i++) {
                    samples[i] = in.getShort(body + 2 * channels * i);
                }
                return samples;
            }
            pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        throw new WavFormatException(source + ": no " + (channels > 0 ? "data" : "fmt") + " chunk");
    }

    /** Checks the fmt chunk; returns its channel count (1, or 1 or more when {@code anyChannels}). */
    private static int checkFormat(ByteBuffer in, int body, long size, String source, boolean anyChannels)
            throws WavFormatException {
        if (size < 16 || body + 16 > in.limit()) {
            throw new WavFormatException(source + ": fmt chunk at byte " + (body - 8) + " too short (" + size + " bytes)");
        }
        int format = Short.toUnsignedInt(in.getShort(body));
        int channels = Short.toUnsignedInt(in.getShort(body + 2));
        int rate = in.getInt(body + 4);
        int bits = Short.toUnsignedInt(in.getShort(body + 14));
        if (format == FORMAT_EXTENSIBLE && size >= 26 && body + 26 <= in.limit()) {
            format = Short.toUnsignedInt(in.getShort(body + 24)); // first 2 bytes of the sub-format GUID
        }
        boolean channelsOk = anyChannels ? channels >= 1 : channels == 1;
        if (format != FORMAT_PCM || !channelsOk || rate != G711.SAMPLE_RATE || bits != 16) {
            throw new WavFormatException(String.format(
                    "%s: unsupported WAV format (format tag %d, %d channel(s), %d Hz, %d bits);"
                            + " need PCM (1), %s, 8000 Hz, 16 bits: sox in.wav -r 8000 -c 1 -b 16 out.wav",
                    source, format, channels, rate, bits, anyChannels ? "1 or more channels" : "1 channel"));
        }
        return channels;
    }

    private static String tag(ByteBuffer in, int at) {
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            b[i] = in.get(at + i);
        }
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
