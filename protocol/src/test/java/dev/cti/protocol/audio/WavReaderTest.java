package dev.cti.protocol.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WavReaderTest {

    /** A WAV file with the given fmt fields, an optional LIST chunk before data, and samples. */
    static byte[] wav(int format, int channels, int rate, int bits, boolean listChunk, short... samples) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        fmt.putShort((short) format).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
        ByteBuffer data = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            data.putShort(s);
        }
        byte[] list = "INFOISFT\u0004\0\0\0sox\0".getBytes(StandardCharsets.ISO_8859_1);
        int size = 4 + 8 + 16 + (listChunk ? 8 + list.length : 0) + 8 + data.capacity();
        write(out, "RIFF", size);
        out.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
        write(out, "fmt ", 16);
        out.writeBytes(fmt.array());
        if (listChunk) {
            write(out, "LIST", list.length);
            out.writeBytes(list);
        }
        write(out, "data", data.capacity());
        out.writeBytes(data.array());
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String id, int size) {
        out.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(size).array());
    }

    @Test
    void readsPcm8kMono16BitSkippingOtherChunks() throws Exception {
        short[] samples = WavReader.parse(wav(1, 1, 8000, 16, true, (short) 1, (short) -2, Short.MAX_VALUE, Short.MIN_VALUE), "t.wav");
        assertThat(samples).containsExactly((short) 1, (short) -2, Short.MAX_VALUE, Short.MIN_VALUE);
    }

    @Test
    void refusesOtherFormatsSayingWhatTheFileIsAndWhatItShouldBe() {
        assertThatThrownBy(() -> WavReader.parse(wav(1, 1, 16000, 16, false, (short) 0), "wide.wav"))
                .isInstanceOf(WavFormatException.class)
                .hasMessageContaining("wide.wav").hasMessageContaining("16000 Hz").hasMessageContaining("need PCM (1), 1 channel, 8000 Hz, 16 bits")
                .hasMessageContaining("sox");
        assertThatThrownBy(() -> WavReader.parse(wav(1, 2, 8000, 16, false, (short) 0, (short) 0), "stereo.wav"))
                .hasMessageContaining("2 channel(s)");
        assertThatThrownBy(() -> WavReader.parse(wav(1, 1, 8000, 8, false), "8bit.wav")).hasMessageContaining("8 bits");
        assertThatThrownBy(() -> WavReader.parse(wav(7, 1, 8000, 8, false), "mulaw.wav")).hasMessageContaining("format tag 7");
    }

    @Test
    void refusesNonWavAndTruncatedFiles() {
        assertThatThrownBy(() -> WavReader.parse("ID3 not a wave file".getBytes(StandardCharsets.US_ASCII), "song.mp3"))
                .isInstanceOf(WavFormatException.class).hasMessage("song.mp3: not a RIFF/WAVE file");
        byte[] good = wav(1, 1, 8000, 16, false, (short) 5);
        byte[] noData = java.util.Arrays.copyOf(good, 12 + 8 + 16);
        assertThatThrownBy(() -> WavReader.parse(noData, "cut.wav")).hasMessage("cut.wav: no data chunk");
        byte[] shortFmt = java.util.Arrays.copyOf(good, 12 + 8 + 6);
        assertThatThrownBy(() -> WavReader.parse(shortFmt, "cut.wav")).hasMessageContaining("fmt chunk at byte 12 too short");
    }
}
