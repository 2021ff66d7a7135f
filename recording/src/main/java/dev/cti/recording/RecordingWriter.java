package dev.cti.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Writes one {@code .ctirec} file as the audio comes: the header at creation, then each full one-second chunk
 * encrypted and appended with ONE write call ({@link #writeChunk}), so a process killed at any moment leaves every
 * chunk written before it whole on disk, and at most a torn tail that {@link RecordingReader#repair} cuts off.
 * {@link #finish} writes the last (possibly short, possibly empty) chunk with the final flag and forces the file to
 * disk. A SHA-256 of every byte written is kept as it goes ({@link #sha256Hex()}).
 *
 * <p>Blocking file I/O: call it from a writer thread, never an event loop. Not thread-safe (one thread at a time).
 */
public final class RecordingWriter implements AutoCloseable {
    private final Path file;
    private final RecordingHeader header;
    private final FileChannel channel;
    private final ChunkCipher cipher;
    private final MessageDigest sha256;
    private long chunks;
    private long pcmBytes;
    private long fileBytes;
    private boolean finished;
    private boolean closed;
    private String digest;

    private RecordingWriter(Path file, RecordingHeader header, FileChannel channel, RecordingKey key) {
        this.file = file;
        this.header = header;
        this.channel = channel;
        this.cipher = new ChunkCipher(key, header);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Creates {@code file} (it must not exist) and writes its header: 8 kHz stereo 16-bit, 1 s chunks, a random
     * nonce prefix, encrypted with {@code key}.
     */
    public static RecordingWriter create(Path file, String recordingId, long startedAtMillis, RecordingKey key,
                                         SecureRandom random) throws IOException {
        byte[] prefix = new byte[8];
        random.nextBytes(prefix);
        RecordingHeader header = RecordingHeader.v1(recordingId, key.id(), prefix, startedAtMillis);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        RecordingWriter writer = new RecordingWriter(file, header, channel, key);
        try {
            writer.append(header.encode());
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
        return writer;
    }

    /** Appends one full chunk: exactly {@link RecordingHeader#CHUNK_BYTES} bytes of interleaved PCM. */
    public void writeChunk(byte[] pcm) throws IOException {
        if (pcm.length != header.chunkBytes()) {
            throw new IllegalArgumentException("a chunk is " + header.chunkBytes() + " bytes, got " + pcm.length);
        }
        writeSlot(pcm, pcm.length, false);
    }

    /**
     * Writes the last chunk ({@code length} bytes, 0 up to a full chunk, whole stereo frames) with the final flag,
     * forces the file to disk and closes it. After this {@link #sha256Hex()} is the file's hash.
     */
    public void finish(byte[] pcm, int length) throws IOException {
        if (length < 0 || length > header.chunkBytes() || length % header.frameBytes() != 0) {
            throw new IllegalArgumentException("the last chunk must be whole frames up to a chunk, got " + length);
        }
        writeSlot(pcm, length, true);
        finished = true;
        channel.force(true);
        close();
    }

    private void writeSlot(byte[] pcm, int length, boolean last) throws IOException {
        if (finished || closed) {
            throw new IllegalStateException("recording " + header.recordingId() + " is closed");
        }
        byte[] slot = cipher.encrypt(chunks, last, pcm, 0, length);
        append(slot);
        chunks++;
        pcmBytes += length;
    }

    private void append(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            channel.write(b);
        }
        sha256.update(bytes);
        fileBytes += bytes.length;
    }

    /**
     * Closes the file without a final chunk (an I/O error or a failure that ends the recording early): what was
     * written reads as a partial recording. Idempotent.
     */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            digest = HexFormat.of().formatHex(sha256.digest());
            channel.close();
        }
    }

    /** Lowercase hex SHA-256 of every byte written; available once closed or finished. */
    public String sha256Hex() {
        if (digest == null) {
            throw new IllegalStateException("the hash is known once the file is closed");
        }
        return digest;
    }

    public RecordingHeader header() {
        return header;
    }

    public Path file() {
        return file;
    }

    /** Chunks written, the final one included. */
    public long chunks() {
        return chunks;
    }

    /** Bytes of PCM written (before encryption). */
    public long pcmBytes() {
        return pcmBytes;
    }

    /** Bytes of the file so far. */
    public long fileBytes() {
        return fileBytes;
    }

    /** Milliseconds of audio written. */
    public long durationMillis() {
        return header.millis(pcmBytes);
    }

    public boolean finished() {
        return finished;
    }
}
