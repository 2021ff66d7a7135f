package dev.cti.testpeers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavTest {
    @TempDir
    Path dir;

    @Test
    void aToneIsOneSecondOfEightKilohertzMonoPcmPerSecondAsked() throws Exception {
        Path f = Wav.tone(dir.resolve("sub/tone.wav"), 1000, 2);
        byte[] wav = Files.readAllBytes(f);

        assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(Wav.dataOffset(wav)).isEqualTo(44);
        assertThat(Wav.sampleCount(wav)).isEqualTo(16000);
        // 1 kHz at 8 kHz: a period of 8 samples, peak 8000 at sample 2
        assertThat(Wav.samples(wav, 0, 5)).containsExactly((short) 0, (short) 5657, (short) 8000, (short) 5657,
                (short) 0);
    }

    @Test
    void theDataChunkIsFoundAfterOtherChunksAndAShortFileGivesWhatItHas() throws Exception {
        // a recording as libsndfile writes it: an extra chunk before "data", whose size field is still 0
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + 16 + 8 + 6 + 8 + 6).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(0).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).put(new byte[16]);
        b.put("PEAK".getBytes(StandardCharsets.US_ASCII)).putInt(6).put(new byte[6]);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(0).putShort((short) 1).putShort((short) -2)
                .putShort((short) 3);
        byte[] wav = b.array();

        assertThat(Wav.dataOffset(wav)).isEqualTo(wav.length - 6);
        assertThat(Wav.sampleCount(wav)).isEqualTo(3);
        assertThat(Wav.samples(wav, 1, 10)).containsExactly((short) -2, (short) 3);
        assertThat(Wav.sampleCount(new byte[0])).isZero();
    }
}
