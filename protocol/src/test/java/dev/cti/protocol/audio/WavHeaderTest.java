package dev.cti.protocol.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The header every part writes, read back by the shared reader; and the reader's stereo-keeps-left mode. */
class WavHeaderTest {

    private static byte[] file(int channels, short... interleaved) {
        ByteBuffer b = ByteBuffer.allocate(WavHeader.BYTES + 2 * interleaved.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(WavHeader.pcm8k16(channels, 2L * interleaved.length));
        for (short s : interleaved) {
            b.putShort(s);
        }
        return b.array();
    }

    @Test
    void monoHeaderHasTheStandardFieldsAndReadsBack() throws Exception {
        byte[] wav = file(1, (short) 7, (short) -7, Short.MIN_VALUE);
        ByteBuffer h = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(h.getInt(4)).isEqualTo(36 + 6);
        assertThat(new String(wav, 8, 8, StandardCharsets.US_ASCII)).isEqualTo("WAVEfmt ");
        assertThat(h.getShort(20)).as("PCM").isEqualTo((short) 1);
        assertThat(h.getShort(22)).as("channels").isEqualTo((short) 1);
        assertThat(h.getInt(24)).as("rate").isEqualTo(8000);
        assertThat(h.getInt(28)).as("byte rate").isEqualTo(16000);
        assertThat(h.getShort(32)).as("block align").isEqualTo((short) 2);
        assertThat(h.getShort(34)).as("bits").isEqualTo((short) 16);
        assertThat(new String(wav, 36, 4, StandardCharsets.US_ASCII)).isEqualTo("data");
        assertThat(h.getInt(40)).isEqualTo(6);
        assertThat(WavReader.parse(wav, "m.wav")).containsExactly((short) 7, (short) -7, Short.MIN_VALUE);
        assertThat(WavReader.parseFirstChannel(wav, "m.wav")).containsExactly((short) 7, (short) -7, Short.MIN_VALUE);
    }

    @Test
    void stereoIsRefusedByThePromptReaderAndGivesItsLeftChannelToTheFirstChannelReader() throws Exception {
        byte[] wav = file(2, (short) 1, (short) 100, (short) 2, (short) 200, (short) 3);
        assertThat(ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).getShort(32)).isEqualTo((short) 4);
        assertThat(WavReader.parseFirstChannel(wav, "s.wav")).containsExactly((short) 1, (short) 2);
        assertThatThrownBy(() -> WavReader.parse(wav, "s.wav")).isInstanceOf(WavFormatException.class)
                .hasMessageContaining("2 channel(s)");
    }

    @Test
    void theFirstChannelReaderRefusesOtherRatesSayingHowToConvert() {
        byte[] wav = file(1, (short) 0);
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 44100);
        assertThatThrownBy(() -> WavReader.parseFirstChannel(wav, "cd.wav")).isInstanceOf(WavFormatException.class)
                .hasMessageContaining("cd.wav").hasMessageContaining("44100 Hz").hasMessageContaining("8000 Hz")
                .hasMessageContaining("sox");
    }

    @Test
    void sizesBeyondTheFieldsAreWrittenAsTheLargestValue() {
        ByteBuffer h = ByteBuffer.wrap(WavHeader.pcm8k16(2, 5_000_000_000L)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(h.getInt(4)).isEqualTo(0xFFFFFFFF);
        assertThat(h.getInt(40)).isEqualTo(0xFFFFFFFF);
        assertThatThrownBy(() -> WavHeader.pcm8k16(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
