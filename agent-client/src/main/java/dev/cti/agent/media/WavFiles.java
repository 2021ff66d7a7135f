package dev.cti.agent.media;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading and writing 8 kHz 16-bit mono PCM WAV files, for {@code --audio-in FILE.wav} and
 * {@code --audio-out FILE.wav} on machines without a sound device.
 */
public final class WavFiles {
    private WavFiles() {}

    /** Reads a PCM WAV file; only 8 kHz 16-bit is accepted (say it clearly otherwise). Stereo keeps the left channel. */
    public static short[] read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IOException(file + ": not a RIFF/WAVE file");
        }
        int pos = 12;
        int channels = 0, rate = 0, bits = 0, format = 0;
        while (pos + 8 <= b.limit()) {
            int id = b.getInt(pos);
            int size = b.getInt(pos + 4);
            int body = pos + 8;
            if (size < 0 || body + size > b.limit()) size = b.limit() - body;
            if (id == 0x20746d66) { // "fmt "
                format = b.getShort(body) & 0xFFFF;
                channels = b.getShort(body + 2);
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14);
            } else if (id == 0x61746164) { // "data"
                if (format != 1 || bits != 16 || rate != AudioFormat8k.RATE || channels < 1) {
                    throw new IOException(file + ": need 8000 Hz 16-bit PCM, found format " + format + ", " + rate
                            + " Hz, " + bits + " bits, " + channels + " channel(s) (convert it: sox in.wav -r 8000 -b 16 -c 1 out.wav)");
                }
                int frames = size / (2 * channels);
                short[] samples = new short[frames];
                for (int i = 0; i < frames; i++) samples[i] = b.getShort(body + i * 2 * channels);
                return samples;
            }
            pos = body + size + (size & 1);
        }
        throw new IOException(file + ": no data chunk");
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
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0x46464952).putInt((int) (36 + dataBytes)).putInt(0x45564157);
        h.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(AudioFormat8k.RATE).putInt(AudioFormat8k.RATE * 2).putShort((short) 2).putShort((short) 16);
        h.putInt(0x61746164).putInt((int) dataBytes);
        return h.array();
    }

    /** Writes samples to a new WAV file (tests, tools). */
    public static void write(Path file, short[] samples) throws IOException {
        try (AudioSink sink = writer(file)) {
            sink.write(samples);
        }
    }
}
