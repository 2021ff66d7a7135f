package dev.cti.agent.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cti.protocol.audio.Goertzel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jitter buffer and WAV files (G.711 is tested with the shared codec, in the protocol module). */
class MediaUnitsTest {
    @TempDir
    Path dir;

    @Test
    void jitterBufferReordersWaitsForDepthAndPlaysLossAsSilence() {
        JitterBuffer j = new JitterBuffer(3, 10);
        j.offer(65534, new byte[] {1});
        assertThat(j.poll()).isNull(); // filling
        j.offer(0, new byte[] {3}); // wrapped, out of order
        j.offer(65535, new byte[] {2});
        assertThat(j.poll()).containsExactly(1);
        assertThat(j.poll()).containsExactly(2);
        assertThat(j.poll()).containsExactly(3);
        j.offer(2, new byte[] {5}); // 1 lost
        j.offer(3, new byte[] {6});
        assertThat(j.poll()).isNull();
        assertThat(j.lost()).isEqualTo(1);
        assertThat(j.poll()).containsExactly(5);
        j.offer(1, new byte[] {4}); // too late
        assertThat(j.late()).isEqualTo(1);
        assertThat(j.poll()).containsExactly(6);
    }

    @Test
    void jitterBufferBurstBeyondMaxDropsTheOldest() {
        JitterBuffer j = new JitterBuffer(2, 4);
        for (int s = 100; s < 108; s++) j.offer(s, new byte[] {(byte) s});
        assertThat(j.size()).isEqualTo(4);
        assertThat(j.poll()).containsExactly((byte) 104);
    }

    @Test
    void wavWrittenIsReadBackAndToneIsFoundByGoertzel() throws Exception {
        short[] tone = new short[8000];
        new ToneSource(1000).read(tone);
        Path f = dir.resolve("t.wav");
        WavFiles.write(f, tone);
        short[] back = WavFiles.read(f);
        assertThat(back).containsExactly(tone);
        assertThat(Goertzel.fullScalePower(back, 1000)).isGreaterThan(100 * Goertzel.fullScalePower(back, 1500));
        AudioSource loop = WavFiles.loop(f);
        short[] frame = new short[160];
        loop.read(frame);
        assertThat(frame[5]).isEqualTo(tone[5]);
    }

    @Test
    void wavOfTheWrongFormatSaysHowToConvertIt() throws Exception {
        Path f = dir.resolve("bad.wav");
        byte[] h = WavFiles.header(0);
        h[24] = 0x44; // 44100 Hz little endian: 0xAC44
        h[25] = (byte) 0xAC;
        Files.write(f, h);
        assertThatThrownBy(() -> WavFiles.read(f)).hasMessageContaining("8000 Hz").hasMessageContaining("sox");
        assertThatThrownBy(() -> new ToneSource(5000)).hasMessageContaining("4000");
    }
}
