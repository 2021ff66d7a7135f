package dev.cti.gateway.media.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.protocol.audio.ToneGenerator;
import dev.cti.recording.KeyRing;
import dev.cti.recording.RecordingHeader;
import dev.cti.recording.RecordingKey;
import dev.cti.recording.RecordingWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encryption at rest by signal: a 440 Hz tone written into a recording cannot be found by Goertzel in the file's
 * bytes (read as 16-bit PCM, the way a naive player would), and is there after decryption.
 */
class EncryptedAtRestSignalTest {
    @TempDir
    Path dir;

    @Test
    void aToneIsNotDetectableInTheFileButIsAfterDecryption() throws Exception {
        short[] tone = ToneGenerator.at8kHz(12_000, 440).next(8000 * 3 + 4000);
        byte[] pcm = new byte[tone.length * 4];
        for (int i = 0; i < tone.length; i++) {
            pcm[4 * i] = (byte) tone[i];
            pcm[4 * i + 1] = (byte) (tone[i] >> 8);
            pcm[4 * i + 2] = (byte) tone[i];
            pcm[4 * i + 3] = (byte) (tone[i] >> 8);
        }
        RecordingKey key = RecordingKey.of("k1", new SecureRandom().generateSeed(32));
        Path file = dir.resolve("tone.ctirec");
        RecordingWriter w = RecordingWriter.create(file, "tone", 0, key, new SecureRandom());
        int chunk = RecordingHeader.CHUNK_BYTES;
        int full = pcm.length / chunk;
        for (int i = 0; i < full; i++) {
            w.writeChunk(java.util.Arrays.copyOfRange(pcm, i * chunk, (i + 1) * chunk));
        }
        w.finish(java.util.Arrays.copyOfRange(pcm, full * chunk, pcm.length), pcm.length - full * chunk);

        byte[] raw = Files.readAllBytes(file);
        assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain("RIFF").doesNotContain("WAVE");
        short[] asPcm = new short[raw.length / 2];
        for (int i = 0; i < asPcm.length; i++) {
            asPcm[i] = (short) ((raw[2 * i] & 0xFF) | (raw[2 * i + 1] << 8));
        }
        // every other sample is one channel of the plaintext layout: try both phases and the mono view
        for (short[] view : List.of(asPcm, every(asPcm, 0), every(asPcm, 1))) {
            assertThat(RecordingAudio.share(view, 440)).as("440 Hz in the encrypted bytes").isLessThan(0.01);
        }
        RecordingAudio audio = RecordingAudio.read(file, new KeyRing(List.of(key), "test"));
        assertThat(RecordingAudio.share(audio.customer(), 440)).as("after decryption").isGreaterThan(0.9);
        assertThat(RecordingAudio.share(audio.agentSide(), 440)).isGreaterThan(0.9);
    }

    private static short[] every(short[] s, int phase) {
        short[] out = new short[s.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = s[2 * i + phase];
        }
        return out;
    }
}
