package dev.cti.it.stack;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A recording as the playback API returns it (docs/API.md, {@code GET /api/recordings/{id}/audio}): a standard WAV,
 * 8 kHz 16-bit stereo, the customer on the left channel and the agent side on the right. {@link #parse} checks the
 * header a player relies on and refuses anything else; {@link #raw} reads bytes that are not a WAV (the encrypted
 * file on disk) as if they were such PCM, to show that no tone can be found in them.
 */
public final class StereoWav {
    public static final int RATE = 8000;
    private final short[] left;
    private final short[] right;

    private StereoWav(short[] left, short[] right) {
        this.left = left;
        this.right = right;
    }

    /** A RIFF/WAVE file of PCM, 8000 Hz, 2 channels, 16 bits; an {@link AssertionError} saying what differs. */
    public static StereoWav parse(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        check(wav.length >= 44, "a WAV header of 44 bytes, got " + wav.length + " bytes");
        check(text(wav, 0, 4).equals("RIFF") && text(wav, 8, 4).equals("WAVE"), "RIFF/WAVE, got '"
                + text(wav, 0, 4) + "'/'" + text(wav, 8, 4) + "'");
        check(b.getInt(4) == wav.length - 8, "RIFF size " + b.getInt(4) + " for " + wav.length + " bytes");
        check(text(wav, 12, 4).equals("fmt ") && b.getInt(16) == 16, "a 16-byte fmt chunk");
        check(b.getShort(20) == 1, "PCM (format 1), got " + b.getShort(20));
        check(b.getShort(22) == 2, "2 channels, got " + b.getShort(22));
        check(b.getInt(24) == RATE, RATE + " Hz, got " + b.getInt(24));
        check(b.getInt(28) == RATE * 4 && b.getShort(32) == 4, "byte rate 32000 and block align 4");
        check(b.getShort(34) == 16, "16 bits, got " + b.getShort(34));
        check(text(wav, 36, 4).equals("data") && b.getInt(40) == wav.length - 44,
                "a data chunk of the rest of the file (" + (wav.length - 44) + " bytes), says " + b.getInt(40));
        return frames(wav, 44);
    }

    /** Any bytes read as 16-bit little-endian stereo frames from {@code offset}. */
    public static StereoWav raw(byte[] bytes, int offset) {
        return frames(bytes, offset);
    }

    private static StereoWav frames(byte[] bytes, int offset) {
        int n = (bytes.length - offset) / 4;
        short[] l = new short[n];
        short[] r = new short[n];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            l[i] = b.getShort(offset + 4 * i);
            r[i] = b.getShort(offset + 4 * i + 2);
        }
        return new StereoWav(l, r);
    }

    private static String text(byte[] b, int at, int n) {
        return new String(b, at, n, StandardCharsets.ISO_8859_1);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("not the WAV the API promises: expected " + what);
        }
    }

    public long durationMillis() {
        return left.length * 1000L / RATE;
    }

    /** The customer's channel over [from, to) ms. */
    public short[] customer(long fromMillis, long toMillis) {
        return window(left, fromMillis, toMillis);
    }

    /** The agent side's channel (what the customer heard) over [from, to) ms. */
    public short[] agentSide(long fromMillis, long toMillis) {
        return window(right, fromMillis, toMillis);
    }

    private static short[] window(short[] channel, long fromMillis, long toMillis) {
        int from = (int) Math.max(0, Math.min(channel.length, fromMillis * RATE / 1000));
        int to = (int) Math.max(from, Math.min(channel.length, toMillis * RATE / 1000));
        return Arrays.copyOfRange(channel, from, to);
    }
}
