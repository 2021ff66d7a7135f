package dev.cti.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .ctirec container: round trip, random access, the WAV view, and every kind of damage it must detect. */
class RecordingFileTest {
    private static final int CHUNK = RecordingHeader.CHUNK_BYTES;
    private static final long T0 = 1_767_000_000_000L;

    @TempDir
    Path dir;
    private final SecureRandom random = new SecureRandom();
    private final RecordingKey key = key("k1", 1);

    static RecordingKey key(String id, int seed) {
        byte[] raw = new byte[32];
        new Random(seed).nextBytes(raw);
        return RecordingKey.of(id, raw);
    }

    /** Deterministic PCM whose every byte depends on its position, so any misplaced byte shows. */
    static byte[] pcm(int bytes) {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            b[i] = (byte) (i * 31 + (i >>> 8) * 7 + (i >>> 16));
        }
        return b;
    }

    private Path write(String name, byte[] audio, boolean finish) throws IOException {
        Path file = dir.resolve(name);
        RecordingWriter w = RecordingWriter.create(file, "rec-" + name.replace('.', '-'), T0, key, random);
        int full = audio.length / CHUNK;
        for (int i = 0; i < full; i++) {
            w.writeChunk(Arrays.copyOfRange(audio, i * CHUNK, (i + 1) * CHUNK));
        }
        if (finish) {
            w.finish(Arrays.copyOfRange(audio, full * CHUNK, audio.length), audio.length - full * CHUNK);
            assertThat(w.sha256Hex()).isEqualTo(RecordingReader.sha256Hex(file));
            assertThat(w.fileBytes()).isEqualTo(Files.size(file));
        } else {
            w.close();
        }
        return file;
    }

    private KeyRing ring(RecordingKey... keys) {
        return new KeyRing(List.of(keys), "test keys");
    }

    @Test
    void roundTripWithAShortFinalChunk() throws IOException {
        byte[] audio = pcm(3 * CHUNK + 4 * 1234);
        Path file = write("a.ctirec", audio, true);
        try (RecordingReader r = RecordingReader.open(file, ring(key))) {
            assertThat(r.complete()).isTrue();
            assertThat(r.chunkCount()).isEqualTo(4);
            assertThat(r.tornBytes()).isZero();
            assertThat(r.pcmBytes()).isEqualTo(audio.length);
            assertThat(r.durationMillis()).isEqualTo(3000 + 1234 * 1000 / 8000);
            assertThat(r.header().recordingId()).isEqualTo("rec-a-ctirec");
            assertThat(r.header().keyId()).isEqualTo("k1");
            assertThat(r.header().startedAtMillis()).isEqualTo(T0);
            byte[] back = new byte[audio.length];
            assertThat(r.readPcm(0, back, 0, back.length)).isEqualTo(audio.length);
            assertThat(back).isEqualTo(audio);
            assertThat(r.verify()).isEqualTo(4);
        }
    }

    @Test
    void aWholeNumberOfSecondsEndsWithAnEmptyFinalChunk() throws IOException {
        byte[] audio = pcm(2 * CHUNK);
        Path file = write("b.ctirec", audio, true);
        try (RecordingReader r = RecordingReader.open(file, ring(key))) {
            assertThat(r.complete()).isTrue();
            assertThat(r.pcmBytes()).isEqualTo(audio.length);
            assertThat(r.chunkCount()).isEqualTo(3);
        }
        Path empty = write("empty.ctirec", new byte[0], true);
        try (RecordingReader r = RecordingReader.open(empty, ring(key))) {
            assertThat(r.complete()).isTrue();
            assertThat(r.pcmBytes()).isZero();
            assertThat(r.readWav(0, 100)).hasSize(44);
        }
    }

    @Test
    void randomAccessAcrossChunkBoundaries() throws IOException {
        byte[] audio = pcm(3 * CHUNK + 400);
        Path file = write("c.ctirec", audio, true);
        try (RecordingReader r = RecordingReader.open(file, ring(key))) {
            for (long[] range : new long[][] {{CHUNK - 10, 20}, {0, 1}, {2 * CHUNK - 1, CHUNK + 2}, {3 * CHUNK, 400},
                    {3 * CHUNK + 390, 100}, {CHUNK * 3L + 400, 10}, {5, 3 * CHUNK}}) {
                byte[] got = new byte[(int) range[1]];
                int n = r.readPcm(range[0], got, 0, got.length);
                int expected = (int) Math.max(0, Math.min(range[1], audio.length - range[0]));
                assertThat(n).as("bytes from %d", range[0]).isEqualTo(expected);
                assertThat(Arrays.copyOf(got, n))
                        .isEqualTo(Arrays.copyOfRange(audio, (int) range[0], (int) range[0] + n));
            }
            // the WAV view: header then the same bytes, shifted by 44
            byte[] wav = r.readWav(40, 10);
            assertThat(Arrays.copyOfRange(wav, 4, 10)).isEqualTo(Arrays.copyOfRange(audio, 0, 6));
            assertThat(r.readWav(44 + CHUNK - 3, 6)).isEqualTo(Arrays.copyOfRange(audio, CHUNK - 3, CHUNK + 3));
            assertThat(r.readWav(r.wavSize() - 2, 10)).hasSize(2);
            assertThat(r.readWav(r.wavSize(), 10)).isEmpty();
        }
    }

    @Test
    void wavHeaderIsStandardEightKilohertzStereoSixteenBit() throws IOException {
        byte[] audio = pcm(CHUNK + 800);
        Path file = write("d.ctirec", audio, true);
        try (RecordingReader r = RecordingReader.open(file, ring(key))) {
            assertThat(r.wavSize()).isEqualTo(44 + audio.length);
            ByteBuffer h = ByteBuffer.wrap(r.readWav(0, 44)).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(ascii(h, 0)).isEqualTo("RIFF");
            assertThat(h.getInt(4)).isEqualTo(36 + audio.length);
            assertThat(ascii(h, 8)).isEqualTo("WAVE");
            assertThat(ascii(h, 12)).isEqualTo("fmt ");
            assertThat(h.getInt(16)).isEqualTo(16);
            assertThat(h.getShort(20)).as("PCM").isEqualTo((short) 1);
            assertThat(h.getShort(22)).as("channels").isEqualTo((short) 2);
            assertThat(h.getInt(24)).as("sample rate").isEqualTo(8000);
            assertThat(h.getInt(28)).as("byte rate").isEqualTo(32000);
            assertThat(h.getShort(32)).as("block align").isEqualTo((short) 4);
            assertThat(h.getShort(34)).as("bits").isEqualTo((short) 16);
            assertThat(ascii(h, 36)).isEqualTo("data");
            assertThat(h.getInt(40)).isEqualTo(audio.length);
        }
    }

    private static String ascii(ByteBuffer b, int at) {
        byte[] s = new byte[4];
        b.get(at, s);
        return new String(s, java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void theFileHasNoPlaintextAudioAndNoRiffHeader() throws IOException {
        byte[] audio = pcm(2 * CHUNK + 100);
        Path file = write("e.ctirec", audio, true);
        byte[] raw = Files.readAllBytes(file);
        assertThat(new String(raw, 0, 6, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("CTIREC");
        assertThat(indexOf(raw, "RIFF".getBytes())).isEqualTo(-1);
        // no 16-byte run of the plaintext appears anywhere in the file
        for (int at = 0; at + 16 <= audio.length; at += 4000) {
            assertThat(indexOf(raw, Arrays.copyOfRange(audio, at, at + 16))).as("plaintext at %d", at).isEqualTo(-1);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void aWrongKeyIsAClearError() throws IOException {
        Path file = write("f.ctirec", pcm(2 * CHUNK + 40), true);
        RecordingKey impostor = key("k1", 99);
        assertThatThrownBy(() -> RecordingReader.open(file, ring(impostor)))
                .isInstanceOf(ChunkAuthenticationException.class)
                .hasMessage("chunk 0 failed authentication: wrong key or corrupted file");
        assertThatThrownBy(() -> RecordingReader.open(file, ring(key("k2", 1))))
                .isInstanceOf(UnknownKeyException.class)
                .hasMessage("key id 'k1' is not in test keys");
    }

    @Test
    void aFileThatIsNoRecordingIsSaidSo() throws IOException {
        Path wav = dir.resolve("x.wav");
        Files.write(wav, RecordingReader.wavHeader(100));
        assertThatThrownBy(() -> RecordingReader.open(wav, ring(key)))
                .isInstanceOf(RecordingFormatException.class).hasMessage("not a .ctirec recording (bad magic)");
        Path tiny = dir.resolve("tiny");
        Files.write(tiny, new byte[3]);
        assertThatThrownBy(() -> RecordingReader.open(tiny, ring(key)))
                .isInstanceOf(RecordingFormatException.class).hasMessageContaining("too short");
        Path cut = dir.resolve("cut.ctirec");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(write("g.ctirec", pcm(100), true)), 20));
        assertThatThrownBy(() -> RecordingReader.open(cut, ring(key)))
                .isInstanceOf(RecordingFormatException.class).hasMessageContaining("header truncated");
    }

    @Test
    void oneFlippedByteInAChunkIsDetected() throws IOException {
        Path file = write("h.ctirec", pcm(3 * CHUNK + 40), true);
        RecordingHeader h = header(file);
        flip(file, h.chunkOffset(1) + 777);
        try (RecordingReader r = RecordingReader.open(file, ring(key))) {
            byte[] buf = new byte[10];
            assertThat(r.readPcm(0, buf, 0, 10)).isEqualTo(10); // chunk 0 is fine
            assertThatThrownBy(() -> r.readPcm(CHUNK + 5, buf, 0, 10))
                    .isInstanceOf(ChunkAuthenticationException.class)
                    .hasMessage("chunk 1 failed authentication: wrong key or corrupted file");
            assertThatThrownBy(r::verify).isInstanceOf(ChunkAuthenticationException.class);
        }
        // a short final chunk that does not verify cannot be told from a torn write: it no longer counts, and the
        // file reads as not complete (the index, which says COMPLETE with the file's SHA-256, shows the damage)
        Path other = write("h2.ctirec", pcm(CHUNK + 40), true);
        flip(other, Files.size(other) - 1);
        try (RecordingReader r = RecordingReader.open(other, ring(key))) {
            assertThat(r.complete()).isFalse();
            assertThat(r.chunkCount()).isEqualTo(1);
        }
        // a full-size final chunk that does not verify is an error at open
        Path full = write("h3.ctirec", pcm(3 * CHUNK), false);
        flip(full, Files.size(full) - 5);
        assertThatThrownBy(() -> RecordingReader.open(full, ring(key)))
                .isInstanceOf(ChunkAuthenticationException.class).hasMessageStartingWith("chunk 2 failed");
    }

    @Test
    void oneFlippedByteInTheHeaderIsDetected() throws IOException {
        Path file = write("i.ctirec", pcm(2 * CHUNK + 40), true);
        flip(file, 25); // inside the start time: still a well-formed header, but not the one the chunks were sealed with
        assertThatThrownBy(() -> RecordingReader.open(file, ring(key)))
                .isInstanceOf(ChunkAuthenticationException.class)
                .hasMessageStartingWith("chunk 0 failed authentication");
    }

    @Test
    void swappedChunksAreDetected() throws IOException {
        Path file = write("j.ctirec", pcm(3 * CHUNK + 40), true);
        RecordingHeader h = header(file);
        byte[] raw = Files.readAllBytes(file);
        int slot = h.slotBytes();
        int a = (int) h.chunkOffset(1);
        int b = (int) h.chunkOffset(2);
        byte[] one = Arrays.copyOfRange(raw, a, a + slot);
        System.arraycopy(raw, b, raw, a, slot);
        System.arraycopy(one, 0, raw, b, slot);
        Files.write(file, raw);
        try (RecordingReader r = RecordingReader.open(file, ring(key))) {
            assertThatThrownBy(r::verify).isInstanceOf(ChunkAuthenticationException.class)
                    .hasMessageStartingWith("chunk 1 failed");
        }
        // a chunk from another file (same key, same position) fails too: the header digest differs
        Path x = write("x.ctirec", pcm(3 * CHUNK + 40), true);
        Path y = write("y.ctirec", pcm(3 * CHUNK + 40), true);
        byte[] rx = Files.readAllBytes(x);
        byte[] ry = Files.readAllBytes(y);
        RecordingHeader hx = header(x);
        RecordingHeader hy = header(y);
        System.arraycopy(rx, (int) hx.chunkOffset(1), ry, (int) hy.chunkOffset(1), slot);
        Files.write(y, ry);
        try (RecordingReader r = RecordingReader.open(y, ring(key))) {
            assertThatThrownBy(r::verify).isInstanceOf(ChunkAuthenticationException.class)
                    .hasMessageStartingWith("chunk 1 failed");
        }
    }

    @Test
    void aTornTailIsRepairedAndPlaysUpToTheLastWholeChunk() throws IOException {
        byte[] audio = pcm(3 * CHUNK);
        Path file = write("k.ctirec", audio, false); // no final chunk: the process died
        long whole = Files.size(file);
        // half a chunk more, as a write cut short by kill -9
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(whole);
            f.write(new byte[CHUNK / 2 + 3]);
        }
        try (RecordingReader r = RecordingReader.open(file, ring(key))) {
            assertThat(r.complete()).isFalse();
            assertThat(r.chunkCount()).isEqualTo(3);
            assertThat(r.tornBytes()).isEqualTo(CHUNK / 2 + 3);
            assertThat(r.pcmBytes()).isEqualTo(audio.length);
        }
        RecordingReader.RepairResult repaired = RecordingReader.repair(file, ring(key));
        assertThat(repaired.truncatedBytes()).isEqualTo(CHUNK / 2 + 3);
        assertThat(repaired.chunks()).isEqualTo(3);
        assertThat(repaired.durationMillis()).isEqualTo(3000);
        assertThat(repaired.complete()).isFalse();
        assertThat(repaired.fileBytes()).isEqualTo(whole).isEqualTo(Files.size(file));
        assertThat(repaired.sha256()).isEqualTo(RecordingReader.sha256Hex(file));
        try (RecordingReader r = RecordingReader.open(file, ring(key))) {
            assertThat(r.tornBytes()).isZero();
            byte[] back = new byte[audio.length];
            r.readPcm(0, back, 0, back.length);
            assertThat(back).isEqualTo(audio);
        }
        // a finished recording is left alone by repair
        Path done = write("l.ctirec", pcm(CHUNK + 8), true);
        long size = Files.size(done);
        RecordingReader.RepairResult same = RecordingReader.repair(done, ring(key));
        assertThat(same.complete()).isTrue();
        assertThat(same.truncatedBytes()).isZero();
        assertThat(Files.size(done)).isEqualTo(size);
    }

    @Test
    void cuttingOffTheFinalChunkShowsAsIncomplete() throws IOException {
        Path file = write("m.ctirec", pcm(2 * CHUNK + 400), true);
        RecordingHeader h = header(file);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(h.chunkOffset(2));
        }
        try (RecordingReader r = RecordingReader.open(file, ring(key))) {
            assertThat(r.complete()).as("no silent truncation: the final flag is gone").isFalse();
            assertThat(r.chunkCount()).isEqualTo(2);
        }
    }

    @Test
    void keyRotationKeepsOldFilesReadable() throws IOException {
        Path keys = dir.resolve("keys");
        assertThat(KeyFile.generateIfMissing(keys)).isTrue();
        RecordingKeys live = RecordingKeys.open(keys);
        RecordingKeys writerSide = RecordingKeys.open(keys);
        RecordingKey first = live.current();
        assertThat(writerSide.currentFresh()).isEqualTo(first);
        Path old = dir.resolve("old.ctirec");
        RecordingWriter w = RecordingWriter.create(old, "old", T0, first, random);
        w.finish(pcm(400), 400);

        RecordingKey second = KeyFile.appendNewKey(keys, "k-rotated");
        RecordingKeys reopened = RecordingKeys.open(keys);
        assertThat(reopened.current().id()).isEqualTo("k-rotated");
        Path fresh = dir.resolve("new.ctirec");
        w = RecordingWriter.create(fresh, "new", T0, reopened.current(), random);
        w.finish(pcm(400), 400);
        assertThat(header(fresh).keyId()).isEqualTo("k-rotated");
        assertThat(header(old).keyId()).isEqualTo(first.id());
        // a writer asking for the current key before each recording sees the rotation without a restart
        assertThat(writerSide.currentFresh().id()).isEqualTo("k-rotated");
        // the first reader knew only the first key: it reloads the file when it meets the new id
        for (Path f : List.of(old, fresh)) {
            try (RecordingReader r = RecordingReader.open(f, live)) {
                byte[] back = new byte[400];
                r.readPcm(0, back, 0, 400);
                assertThat(back).isEqualTo(pcm(400));
            }
        }
        assertThat(live.current()).isEqualTo(second);
    }

    static RecordingHeader header(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);
        return RecordingHeader.parse(ByteBuffer.wrap(raw), raw.length);
    }

    static void flip(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
    }
}
