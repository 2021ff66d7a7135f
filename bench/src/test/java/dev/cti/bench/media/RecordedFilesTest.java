package dev.cti.bench.media;

import dev.cti.recording.KeyFile;
import dev.cti.recording.RecordingHeader;
import dev.cti.recording.RecordingKeys;
import dev.cti.recording.RecordingReader;
import dev.cti.recording.RecordingWriter;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** T3's file check: a whole file passes with its figures; a damaged or mis-described one fails the benchmark. */
class RecordedFilesTest {

    @TempDir
    Path dir;

    /** A finished recording of {@code seconds} whole seconds plus half a second, audio on both channels. */
    private String record(String id, int seconds) throws Exception {
        Path keys = dir.resolve("keys.txt");
        KeyFile.generateIfMissing(keys);
        Path file = dir.resolve(id + ".ctirec");
        byte[] pcm = new byte[RecordingHeader.CHUNK_BYTES];
        for (int i = 0; i < pcm.length; i += 4) {
            pcm[i] = 1;       // left: sample 1
            pcm[i + 3] = -1;  // right: sample -256
        }
        try (RecordingWriter w = RecordingWriter.create(file, id, 0, RecordingKeys.open(keys).current(), new SecureRandom())) {
            for (int s = 0; s < seconds; s++) {
                w.writeChunk(pcm);
            }
            w.finish(pcm, pcm.length / 2);
            return "rec " + id + " " + file + " COMPLETE - " + w.durationMillis() + " " + w.fileBytes() + " "
                    + w.sha256Hex() + " " + (w.durationMillis() - 50) + " " + (w.durationMillis() + 50);
        }
    }

    private static final String STOPPED = "stopped n=1 droppedAhead=3 droppedLate=0 events=1";

    @Test
    void aWholeFilePassesWithItsFigures() throws Exception {
        String line = record("a", 2);
        JsonObject r = RecordedFiles.check(List.of(line, STOPPED), dir.resolve("keys.txt"), 2.4);
        assertThat(r.getInteger("files")).isEqualTo(1);
        assertThat(r.getInteger("complete")).isEqualTo(1);
        assertThat(r.getInteger("broken")).isZero();
        assertThat(r.getInteger("shortAudio")).isZero();
        assertThat(r.getLong("durationMsMin")).isEqualTo(2500);
        assertThat(r.getJsonArray("audioSecondsMin").getDouble(0)).isEqualTo(2.5);
        assertThat(r.getJsonArray("audioSecondsMin").getDouble(1)).isEqualTo(2.5);
        assertThat(r.getLong("droppedAhead")).isEqualTo(3);
    }

    @Test
    void lessAudioThanThePhonesSentIsCountedAsShort() throws Exception {
        JsonObject r = RecordedFiles.check(List.of(record("a", 2), STOPPED), dir.resolve("keys.txt"), 10);
        assertThat(r.getInteger("shortAudio")).isEqualTo(1);
    }

    @Test
    void aDamagedChunkFailsTheBenchmark() throws Exception {
        String line = record("a", 2);
        Path file = dir.resolve("a.ctirec");
        long chunk1 = Files.size(file) - (RecordingHeader.CHUNK_BYTES / 2 + 16) - 100;   // inside the second full chunk
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            c.read(b, chunk1);
            b.flip().put(0, (byte) (b.get(0) ^ 1));
            c.write(b, chunk1);
        }
        String[] f = line.split(" ");
        f[7] = RecordingReader.sha256Hex(file);   // as if the gateway had reported the damaged bytes
        assertThatThrownBy(() -> RecordedFiles.check(List.of(String.join(" ", f), STOPPED), dir.resolve("keys.txt"), 2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("1 of 1 recorded files are broken")
                .hasMessageContaining("authentication");
    }

    @Test
    void aFileOfTheWrongLengthFailsTheBenchmark() throws Exception {
        String[] f = record("a", 2).split(" ");
        f[8] = "4000";   // the recording ran 4-5 s, the file plays 2.5 s
        f[9] = "5000";
        assertThatThrownBy(() -> RecordedFiles.check(List.of(String.join(" ", f), STOPPED), dir.resolve("keys.txt"), 2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("plays 2500 ms, expected 4000-5000 ms");
    }

    @Test
    void aSizeOrHashOtherThanReportedFailsTheBenchmark() throws Exception {
        String[] f = record("a", 2).split(" ");
        f[7] = "0".repeat(64);
        assertThatThrownBy(() -> RecordedFiles.check(List.of(String.join(" ", f), STOPPED), dir.resolve("keys.txt"), 2))
                .hasMessageContaining("SHA-256 differs");
        f[6] = "12";
        assertThatThrownBy(() -> RecordedFiles.check(List.of(String.join(" ", f), STOPPED), dir.resolve("keys.txt"), 2))
                .hasMessageContaining("reported");
    }
}
