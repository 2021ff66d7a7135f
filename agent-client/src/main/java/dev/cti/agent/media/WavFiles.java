package dev.cti.agent.media;

import dev.cti.protocol.audio.WavHeader;
import dev.cti.protocol.audio.WavReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Reading and writing 8 kHz 16-bit mono PCM WAV files, for {@code --audio-in FILE.wav} and
 * {@code --audio-out FILE.wav} on machines without a sound device. The format itself (reading, the header) is the
 * shared {@code dev.cti.protocol.audio}; this class adapts it to the softphone's sources and sinks.
 */
public final class WavFiles {
    private WavFiles() {}

    /**
     * Reads a PCM WAV file; only 8 kHz 16-bit is accepted (the shared {@link WavReader} says clearly what else it
     * found and how to convert it). Stereo keeps the left channel.
     */
    public static short[] read(Path file) throws IOException {
        return WavReader.readFirstChannel(file);
    }

    /** Plays a file in a loop. */
    public static AudioSource loop(Path file) throws IOException {
        short[] samples = read(file);
        if (samples.length == 0) throw new IOException(file + ": empty audio");
        return new AudioSource() {
            private int pos;

            @Override
            public void read(short[] frame) {
                for (int i = 0; i < frame.length; i++) {
                    frame[i] = samples[pos];
                    pos = (pos + 1) % samples.length;
                }
            }
        };
    }

    /** A sink that writes a WAV file; the header's sizes are fixed on close. Thread-safe. */
    public static AudioSink writer(Path file) throws IOException {
        RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw");
        out.setLength(0);
        out.write(header(0));
        return new AudioSink() {
            private long dataBytes;
            private boolean closed;

            @Override
            public synchronized void write(short[] frame) {
                if (closed) return;
                ByteBuffer buf = ByteBuffer.allocate(frame.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (short s : frame) buf.putShort(s);
                try {
                    out.write(buf.array());
                    dataBytes += buf.capacity();
                    // Keep the header right as we go so a reader (a test, a crash) sees a valid file.
                    long end = out.getFilePointer();
                    out.seek(0);
                    out.write(header(dataBytes));
                    out.seek(end);
                } catch (IOException e) {
                    closed = true;
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public synchronized void close() {
                if (closed) return;
                closed = true;
                try {
                    out.close();
                } catch (IOException ignored) {
                    // nothing left to save
                }
            }
        };
    }

    static byte[] header(long dataBytes) {
        return WavHeader.pcm8k16(1, dataBytes);
    }

    /** Writes samples to a new WAV file (tests, tools). */
    public static void write(Path file, short[] samples) throws IOException {
        try (AudioSink sink = writer(file)) {
            sink.write(samples);
        }
    }
}
