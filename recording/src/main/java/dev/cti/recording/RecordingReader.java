package dev.cti.recording;

import dev.cti.protocol.audio.WavHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads a {@code .ctirec} file: checks its header, finds its key, works out how many chunks are whole, and gives
 * random access to the decrypted PCM and to a virtual standard WAV file of it (a 44-byte RIFF/WAVE header for
 * 8 kHz stereo 16-bit followed by the PCM), decrypting only the chunks a read touches, so a server can answer an
 * HTTP Range request (206) at any offset.
 *
 * <p>Whole chunks: a slot shorter than a full chunk at the end of the file is either the final chunk (it verifies
 * with the final flag) or a torn write from a crash ({@link #tornBytes()}; ignored, {@link #repair} cuts it off). A
 * full-size slot that does not verify is never a crash: it gives {@link ChunkAuthenticationException}, at
 * {@link #open} for chunk 0 and the last chunk, else when read. A file whose last whole chunk is not final is a
 * crashed (partial) recording: {@link #complete()} is false and it plays up to that chunk.
 *
 * <p>Thread-safe: reads are positional and decryption is synchronized (one chunk is cached, so sequential range
 * reads decrypt each chunk once).
 */
public final class RecordingReader implements AutoCloseable {
    /** Bytes of the WAV header of {@link #readWav}. */
    public static final int WAV_HEADER_BYTES = WavHeader.BYTES;

    private final Path file;
    private final FileChannel channel;
    private final RecordingHeader header;
    private final ChunkCipher cipher;
    private final Layout layout;
    private long cachedIndex = -1;
    private byte[] cachedChunk;

    private RecordingReader(Path file, FileChannel channel, RecordingHeader header, ChunkCipher cipher, Layout layout) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        this.cipher = cipher;
        this.layout = layout;
    }

    /**
     * Opens a recording. Fails with {@link RecordingFormatException} for a file that is not one,
     * {@link UnknownKeyException} when {@code keys} has not its key id, {@link ChunkAuthenticationException} when
     * chunk 0 or the last whole chunk does not verify (wrong key, damaged file).
     */
    public static RecordingReader open(Path file, KeyLookup keys) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            RecordingHeader header = readHeader(channel);
            RecordingKey key = keys.find(header.keyId())
                    .orElseThrow(() -> new UnknownKeyException(header.keyId(), keys.describe()));
            ChunkCipher cipher = new ChunkCipher(key, header);
            Layout layout = Layout.of(channel, header, cipher);
            return new RecordingReader(file, channel, header, cipher, layout);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static RecordingHeader readHeader(FileChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer start = ByteBuffer.allocate((int) Math.min(size, 512));
        while (start.hasRemaining() && channel.read(start, start.position()) >= 0) {
            // positional reads until full
        }
        start.flip();
        return RecordingHeader.parse(start, size);
    }

    public Path file() {
        return file;
    }

    public RecordingHeader header() {
        return header;
    }

    /** Whole chunks that verify: what plays. */
    public long chunkCount() {
        return layout.chunks;
    }

    /** Whether the recording was finished (its last chunk carries the final flag); false after a crash. */
    public boolean complete() {
        return layout.complete;
    }

    /** Bytes at the end of the file that are no whole chunk (a write torn by a crash); 0 normally. */
    public long tornBytes() {
        return layout.torn;
    }

    /** Bytes of decrypted PCM (interleaved 16-bit little-endian, customer then agent side). */
    public long pcmBytes() {
        return layout.pcmBytes(header);
    }

    public long durationMillis() {
        return header.millis(pcmBytes());
    }

    /** The decrypted PCM of chunk {@code index} (a copy). */
    public byte[] chunk(long index) throws IOException {
        return decrypted(index).clone();
    }

    /**
     * Copies up to {@code length} bytes of PCM from {@code offset} into {@code dst}; returns how many (0 at or
     * past the end).
     */
    public int readPcm(long offset, byte[] dst, int dstOffset, int length) throws IOException {
        long total = pcmBytes();
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        int n = (int) Math.max(0, Math.min(length, total - offset));
        int done = 0;
        while (done < n) {
            long at = offset + done;
            long index = at / header.chunkBytes();
            int within = (int) (at % header.chunkBytes());
            byte[] chunk = decrypted(index);
            int take = Math.min(n - done, chunk.length - within);
            System.arraycopy(chunk, within, dst, dstOffset + done, take);
            done += take;
        }
        return n;
    }

    /** Size of the virtual WAV file: header plus PCM. */
    public long wavSize() {
        return WAV_HEADER_BYTES + pcmBytes();
    }

    /**
     * Bytes {@code [offset, offset + length)} of the virtual WAV file (fewer at its end, none past it): what an
     * HTTP server sends for {@code Range: bytes=offset-(offset+length-1)}. Decrypts only the chunks the range
     * touches.
     */
    public byte[] readWav(long offset, int length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("bad range " + offset + "+" + length);
        }
        int n = (int) Math.max(0, Math.min(length, wavSize() - offset));
        byte[] out = new byte[n];
        int done = 0;
        if (offset < WAV_HEADER_BYTES && n > 0) {
            byte[] h = wavHeader(pcmBytes());
            done = (int) Math.min(n, WAV_HEADER_BYTES - offset);
            System.arraycopy(h, (int) offset, out, 0, done);
        }
        if (done < n) {
            readPcm(offset + done - WAV_HEADER_BYTES, out, done, n - done);
        }
        return out;
    }

    /** The RIFF/WAVE header of {@code dataBytes} of 8 kHz stereo 16-bit PCM (little-endian fields). */
    public static byte[] wavHeader(long dataBytes) {
        return WavHeader.pcm8k16(RecordingHeader.CHANNELS, dataBytes); // 8 kHz 16-bit, as RecordingHeader fixes
    }

    /** Decrypts every whole chunk (a full integrity check); returns how many. */
    public long verify() throws IOException {
        for (long i = 0; i < layout.chunks; i++) {
            decrypted(i);
        }
        return layout.chunks;
    }

    private synchronized byte[] decrypted(long index) throws IOException {
        if (index < 0 || index >= layout.chunks) {
            throw new IllegalArgumentException("chunk " + index + " of " + layout.chunks);
        }
        if (index == cachedIndex) {
            return cachedChunk;
        }
        boolean last = layout.complete && index == layout.chunks - 1;
        int length = last ? layout.lastSlot : header.slotBytes();
        byte[] slot = readSlot(channel, header, index, length);
        byte[] pcm = cipher.decrypt(index, last, slot, 0, length);
        cachedIndex = index;
        cachedChunk = pcm;
        return pcm;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * After a crash: opens the recording read-write, cuts off a torn tail, checks every chunk and hashes the file.
     * The result is the recording's true length. A recording that was finished is left as it is.
     *
     * @throws ChunkAuthenticationException if a whole chunk does not verify (damage a crash cannot cause)
     */
    public static RepairResult repair(Path file, KeyLookup keys) throws IOException {
        long truncated;
        try (FileChannel rw = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            RecordingHeader header = readHeader(rw);
            RecordingKey key = keys.find(header.keyId())
                    .orElseThrow(() -> new UnknownKeyException(header.keyId(), keys.describe()));
            Layout layout = Layout.of(rw, header, new ChunkCipher(key, header));
            truncated = layout.torn;
            if (truncated > 0) {
                rw.truncate(rw.size() - truncated);
                rw.force(true);
            }
        }
        try (RecordingReader reader = open(file, keys)) {
            reader.verify();
            return new RepairResult(reader.header(), reader.chunkCount(), reader.pcmBytes(), reader.durationMillis(),
                    reader.complete(), truncated, sha256Hex(file), reader.channel.size());
        }
    }

    /**
     * What {@link #repair} found.
     *
     * @param chunks         whole chunks
     * @param pcmBytes       bytes of PCM they hold
     * @param durationMillis milliseconds of audio
     * @param complete       whether the last chunk is final (a finished recording)
     * @param truncatedBytes bytes of a torn tail that were cut off
     * @param sha256         lowercase hex SHA-256 of the (repaired) file
     * @param fileBytes      size of the (repaired) file
     */
    public record RepairResult(RecordingHeader header, long chunks, long pcmBytes, long durationMillis,
                               boolean complete, long truncatedBytes, String sha256, long fileBytes) {}

    /** Lowercase hex SHA-256 of a whole file. */
    public static String sha256Hex(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(64 * 1024);
            while (c.read(b) >= 0) {
                b.flip();
                sha.update(b);
                b.clear();
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static byte[] readSlot(FileChannel channel, RecordingHeader header, long index, int length)
            throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        long at = header.chunkOffset(index);
        while (b.hasRemaining()) {
            int n = channel.read(b, at + b.position());
            if (n < 0) {
                throw new RecordingFormatException("recording ends inside chunk " + index);
            }
        }
        return b.array();
    }

    /** Which chunks of a file are whole, whether the last is final, and what trails them. */
    private record Layout(long chunks, boolean complete, int lastSlot, long torn) {
        long pcmBytes(RecordingHeader h) {
            if (chunks == 0) {
                return 0;
            }
            return (chunks - 1) * h.chunkBytes() + (lastSlot - RecordingHeader.TAG_BYTES);
        }

        static Layout of(FileChannel channel, RecordingHeader h, ChunkCipher cipher) throws IOException {
            long body = channel.size() - h.length();
            int slot = h.slotBytes();
            long full = body / slot;
            int rest = (int) (body % slot);
            if (full > 0) {
                // chunk 0 first: a wrong key shows here, with the clearest message
                byte[] first = readSlot(channel, h, 0, slot);
                boolean onlyFull = full == 1;
                if (!cipher.verifies(0, false, first, slot) && !(onlyFull && cipher.verifies(0, true, first, slot))) {
                    cipher.decrypt(0, false, first, 0, slot); // throws with chunk 0 named
                }
            }
            if (rest > 0) {
                if (rest >= RecordingHeader.TAG_BYTES && (rest - RecordingHeader.TAG_BYTES) % h.frameBytes() == 0) {
                    byte[] last = readSlot(channel, h, full, rest);
                    if (cipher.verifies(full, true, last, rest)) {
                        return new Layout(full + 1, true, rest, 0);
                    }
                }
                // a torn write after the last whole chunk
                return full == 0 ? new Layout(0, false, 0, rest) : lastFull(channel, h, cipher, full, rest);
            }
            return full == 0 ? new Layout(0, false, 0, 0) : lastFull(channel, h, cipher, full, 0);
        }

        private static Layout lastFull(FileChannel channel, RecordingHeader h, ChunkCipher cipher, long full, long torn)
                throws IOException {
            int slot = h.slotBytes();
            long index = full - 1;
            byte[] last = readSlot(channel, h, index, slot);
            if (cipher.verifies(index, true, last, slot)) {
                return new Layout(full, true, slot, torn);
            }
            cipher.decrypt(index, false, last, 0, slot); // throws if it is not a whole chunk either
            return new Layout(full, false, slot, torn);
        }
    }
}
