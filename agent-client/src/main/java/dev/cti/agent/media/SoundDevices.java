package dev.cti.agent.media;

import java.util.Optional;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machine's microphone and speaker through Java Sound, where there are any. Empty (with one log line) on servers
 * and in containers: the seat then falls back to silence and discard instead of failing.
 */
public final class SoundDevices {
    private static final Logger LOG = LoggerFactory.getLogger(SoundDevices.class);
    private static final AudioFormat FORMAT = new AudioFormat(AudioFormat8k.RATE, 16, 1, true, false);

    private SoundDevices() {}

    public static Optional<AudioSource> microphone() {
        try {
            TargetDataLine line = AudioSystem.getTargetDataLine(FORMAT);
            line.open(FORMAT, AudioFormat8k.FRAME_SAMPLES * 2 * 4);
            line.start();
            byte[] buf = new byte[AudioFormat8k.FRAME_SAMPLES * 2];
            return Optional.of(new AudioSource() {
                @Override
                public void read(short[] frame) {
                    int n = line.available() >= buf.length ? line.read(buf, 0, buf.length) : 0;
                    for (int i = 0; i < frame.length; i++) {
                        frame[i] = 2 * i + 1 < n ? (short) ((buf[2 * i] & 0xFF) | (buf[2 * i + 1] << 8)) : 0;
                    }
                }

                @Override
                public void close() {
                    line.close();
                }
            });
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            LOG.info("no microphone ({}): sending silence", e.getMessage());
            return Optional.empty();
        }
    }

    public static Optional<AudioSink> speaker() {
        try {
            SourceDataLine line = AudioSystem.getSourceDataLine(FORMAT);
            line.open(FORMAT, AudioFormat8k.FRAME_SAMPLES * 2 * 6);
            line.start();
            return Optional.of(new AudioSink() {
                @Override
                public void write(short[] frame) {
                    byte[] b = new byte[frame.length * 2];
                    for (int i = 0; i < frame.length; i++) {
                        b[2 * i] = (byte) frame[i];
                        b[2 * i + 1] = (byte) (frame[i] >> 8);
                    }
                    if (line.available() >= b.length) line.write(b, 0, b.length); // never block the media tick
                }

                @Override
                public void close() {
                    line.close();
                }
            });
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            LOG.info("no speaker ({}): received audio is discarded", e.getMessage());
            return Optional.empty();
        }
    }
}
