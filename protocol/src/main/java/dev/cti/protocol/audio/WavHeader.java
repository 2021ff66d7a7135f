package dev.cti.protocol.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 44-byte RIFF/WAVE header of 8 kHz 16-bit PCM, the one WAV every part writes: the agent client's
 * {@code --audio-out} file (mono), the recording's playback view (stereo), the test peers' tone files (mono).
 */
public final class WavHeader {

    /** Bytes of the header; the PCM follows. */
    public static final int BYTES = 44;

    private WavHeader() {}

    /**
     * The header for {@code dataBytes} of PCM in {@code channels} interleaved 16-bit little-endian channels at
     * 8 kHz. Sizes beyond what the 32-bit fields hold are written as 0xFFFFFFFF (what sox and players read as
     * "to the end of the file").
     */
    public static byte[] pcm8k16(int channels, long dataBytes) {
        if (channels < 1 || channels > 0xFFFF) {
            throw new IllegalArgumentException("channels 1..65535: " + channels);
        }
        if (dataBytes < 0) {
            throw new IllegalArgumentException("negative data size " + dataBytes);
        }
        int blockAlign = 2 * channels;
        ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt((int) Math.min(36 + dataBytes, 0xFFFFFFFFL))
                .put(new byte[] {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '}).putInt(16)
                .putShort((short) 1) // PCM
                .putShort((short) channels).putInt(G711.SAMPLE_RATE)
                .putInt(G711.SAMPLE_RATE * blockAlign)
                .putShort((short) blockAlign).putShort((short) 16)
                .put(new byte[] {'d', 'a', 't', 'a'}).putInt((int) Math.min(dataBytes, 0xFFFFFFFFL));
        return b.array();
    }
}
