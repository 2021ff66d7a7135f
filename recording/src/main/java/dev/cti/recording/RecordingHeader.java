package dev.cti.recording;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The plaintext header of a {@code .ctirec} file (big-endian):
 *
 * <pre>
 *  offset size  field
 *   0      8    magic "CTIREC" 0x1A 0x0A
 *   8      2    format version (1)
 *  10      2    header length H, these bytes included
 *  12      4    sample rate (8000)
 *  16      1    channels (2: customer, agent side)
 *  17      1    bits per sample (16, signed little-endian PCM, interleaved)
 *  18      4    plaintext bytes of a full chunk (32000 = 1 s)
 *  22      8    start time, epoch milliseconds
 *  30      8    nonce prefix (random per file)
 *  38      1+n  recording id (length, then ASCII)
 *  39+n    1+m  key id (length, then ASCII)
 * </pre>
 *
 * Chunk {@code i} follows at {@code H + i * (chunkBytes + 16)}. Every chunk's AES-GCM additional data starts with
 * the SHA-256 of these H bytes, so a changed header fails every chunk.
 */
public record RecordingHeader(int version, String recordingId, String keyId, byte[] noncePrefix, int sampleRate,
                              int channels, int bitsPerSample, int chunkBytes, long startedAtMillis) {
    static final byte[] MAGIC = {'C', 'T', 'I', 'R', 'E', 'C', 0x1A, 0x0A};
    public static final int VERSION = 1;
    public static final int SAMPLE_RATE = 8000;
    public static final int CHANNELS = 2;
    public static final int BITS_PER_SAMPLE = 16;
    /** Bytes of one stereo 16-bit sample frame. */
    public static final int FRAME_BYTES = CHANNELS * BITS_PER_SAMPLE / 8;
    /** One second of audio per chunk. */
    public static final int CHUNK_BYTES = SAMPLE_RATE * FRAME_BYTES;
    /** The AES-GCM tag after every chunk's ciphertext. */
    public static final int TAG_BYTES = 16;
    private static final int FIXED = 38;

    public RecordingHeader {
        Objects.requireNonNull(recordingId, "recordingId");
        Objects.requireNonNull(keyId, "keyId");
        noncePrefix = noncePrefix.clone();
        if (noncePrefix.length != 8) {
            throw new IllegalArgumentException("nonce prefix must be 8 bytes");
        }
        if (!RecordingKey.ID.matcher(recordingId).matches()) {
            throw new IllegalArgumentException("recording id must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (!RecordingKey.ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("key id must be 1-64 letters, digits, '.', '_' or '-'");
        }
    }

    /** A version-1 header for 8 kHz stereo 16-bit audio in 1 s chunks. */
    public static RecordingHeader v1(String recordingId, String keyId, byte[] noncePrefix, long startedAtMillis) {
        return new RecordingHeader(VERSION, recordingId, keyId, noncePrefix, SAMPLE_RATE, CHANNELS, BITS_PER_SAMPLE,
                CHUNK_BYTES, startedAtMillis);
    }

    @Override
    public byte[] noncePrefix() {
        return noncePrefix.clone();
    }

    /** Bytes of the encoded header (where chunk 0 starts). */
    public int length() {
        return FIXED + 2 + recordingId.length() + keyId.length();
    }

    /** Bytes of one full chunk slot on disk: ciphertext plus tag. */
    public int slotBytes() {
        return chunkBytes + TAG_BYTES;
    }

    /** File offset of chunk {@code index}. */
    public long chunkOffset(long index) {
        return length() + index * slotBytes();
    }

    public int frameBytes() {
        return channels * bitsPerSample / 8;
    }

    /** Milliseconds of audio in {@code pcmBytes} bytes of PCM. */
    public long millis(long pcmBytes) {
        return pcmBytes / frameBytes() * 1000 / sampleRate;
    }

    public byte[] encode() {
        byte[] rid = recordingId.getBytes(StandardCharsets.US_ASCII);
        byte[] kid = keyId.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(length());
        b.put(MAGIC).putShort((short) version).putShort((short) length()).putInt(sampleRate)
                .put((byte) channels).put((byte) bitsPerSample).putInt(chunkBytes).putLong(startedAtMillis)
                .put(noncePrefix).put((byte) rid.length).put(rid).put((byte) kid.length).put(kid);
        return b.array();
    }

    /** SHA-256 of {@link #encode()}: the start of every chunk's additional authenticated data. */
    public byte[] digest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(encode());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Reads a header from the first bytes of a file.
     *
     * @param start    the file's first bytes (at least the whole header, or the whole file if shorter)
     * @param fileSize the file's size, for a clear message about a truncated file
     */
    public static RecordingHeader parse(ByteBuffer start, long fileSize) throws RecordingFormatException {
        ByteBuffer b = start.duplicate();
        if (b.remaining() < MAGIC.length) {
            throw new RecordingFormatException("not a .ctirec recording: " + fileSize + " bytes, too short");
        }
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new RecordingFormatException("not a .ctirec recording (bad magic)");
        }
        if (b.remaining() < FIXED - MAGIC.length + 2) {
            throw new RecordingFormatException("recording header truncated: the file has " + fileSize + " bytes");
        }
        int version = Short.toUnsignedInt(b.getShort());
        if (version != VERSION) {
            throw new RecordingFormatException("recording format version " + version + " is not supported (only "
                    + VERSION + ")");
        }
        int length = Short.toUnsignedInt(b.getShort());
        if (start.remaining() < length) {
            throw new RecordingFormatException("recording header truncated: " + length + " bytes declared, the file has "
                    + fileSize);
        }
        int rate = b.getInt();
        int channels = Byte.toUnsignedInt(b.get());
        int bits = Byte.toUnsignedInt(b.get());
        int chunk = b.getInt();
        long startedAt = b.getLong();
        byte[] nonce = new byte[8];
        b.get(nonce);
        if (rate != SAMPLE_RATE || channels != CHANNELS || bits != BITS_PER_SAMPLE) {
            throw new RecordingFormatException("recording is " + rate + " Hz, " + channels + " channels, " + bits
                    + " bits: only 8000 Hz stereo 16-bit is supported");
        }
        if (chunk <= 0 || chunk % (channels * bits / 8) != 0 || chunk > (1 << 24)) {
            throw new RecordingFormatException("recording header has an invalid chunk size " + chunk);
        }
        String rid = string(b, "recording id");
        String kid = string(b, "key id");
        RecordingHeader header;
        try {
            header = new RecordingHeader(version, rid, kid, nonce, rate, channels, bits, chunk, startedAt);
        } catch (IllegalArgumentException e) {
            throw new RecordingFormatException("recording header is damaged: " + e.getMessage());
        }
        if (header.length() != length) {
            throw new RecordingFormatException("recording header is damaged: length " + length + " declared, "
                    + header.length() + " read");
        }
        return header;
    }

    private static String string(ByteBuffer b, String what) throws RecordingFormatException {
        if (!b.hasRemaining()) {
            throw new RecordingFormatException("recording header is damaged: no " + what);
        }
        int n = Byte.toUnsignedInt(b.get());
        if (n == 0 || b.remaining() < n) {
            throw new RecordingFormatException("recording header is damaged: bad " + what + " length " + n);
        }
        byte[] s = new byte[n];
        b.get(s);
        return new String(s, StandardCharsets.US_ASCII);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordingHeader h && Arrays.equals(encode(), h.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "RecordingHeader[" + recordingId + ", key " + keyId + ", v" + version + ", " + sampleRate + " Hz, "
                + channels + " ch, start " + startedAtMillis + "]";
    }
}
