package dev.cti.server.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Test audio for recordings, checked by signal: stereo 8 kHz 16-bit PCM with one tone per channel (the customer
 * left, the agent side right), a reader of the standard WAV the API returns, and a Goertzel filter to tell which tone
 * each channel carries.
 */
final class StereoTones {
    static final int RATE = 8000;

    private StereoTones() {}

    /** {@code frames} stereo frames from frame {@code first} on: {@code leftHz} left, {@code rightHz} right. */
    static byte[] pcm(double leftHz, double rightHz, long first, int frames) {
        ByteBuffer b = ByteBuffer.allocate(frames * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            double t = (first + i) / (double) RATE;
            b.putShort((short) (9000 * Math.sin(2 * Math.PI * leftHz * t)));
            b.putShort((short) (9000 * Math.sin(2 * Math.PI * rightHz * t)));
        }
        return b.array();
    }

    /** A decoded WAV: its format and its two channels. */
    record Wav(int channels, int sampleRate, int bitsPerSample, short[] left, short[] right) {}

    /** Reads a RIFF/WAVE file of 16-bit stereo PCM, checking its header like any player would. */
    static Wav read(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(wav, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(b.getInt(4)).isEqualTo(wav.length - 8);
        assertThat(new String(wav, 8, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("WAVEfmt ");
        assertThat(b.getShort(20)).as("PCM").isEqualTo((short) 1);
        int channels = b.getShort(22);
        int rate = b.getInt(24);
        int bits = b.getShort(34);
        assertThat(new String(wav, 36, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("data");
        int data = b.getInt(40);
        assertThat(data).isEqualTo(wav.length - 44);
        int frames = data / 4;
        short[] left = new short[frames];
        short[] right = new short[frames];
        for (int i = 0; i < frames; i++) {
            left[i] = b.getShort(44 + 4 * i);
            right[i] = b.getShort(46 + 4 * i);
        }
        return new Wav(channels, rate, bits, left, right);
    }

    /** Relative power of {@code hz} in {@code samples} at 8 kHz (Goertzel), normalised by length. */
    static double power(short[] samples, double hz) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / RATE);
        double s1 = 0;
        double s2 = 0;
        for (short sample : samples) {
            double s0 = sample / 32768.0 + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / ((double) samples.length * samples.length);
    }
}
