package dev.cti.agent;

import dev.cti.agent.media.AudioSink;
import dev.cti.agent.media.AudioSource;
import dev.cti.agent.media.SoundDevices;
import dev.cti.agent.media.ToneSource;
import dev.cti.agent.media.WavFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The {@code --audio-in} and {@code --audio-out} values: {@code tone:HZ}, a WAV file, {@code silence}/{@code discard},
 * or {@code device} (Java Sound; falls back to silence/discard when the machine has none).
 */
public record AudioSpec(String in, String out) {
    public static final AudioSpec DEFAULT = new AudioSpec("device", "device");

    /** Checks the syntax early, so a typo is a usage error at start rather than a failure on the first call. */
    public AudioSpec {
        if (in.startsWith("tone:")) {
            try {
                new ToneSource(Double.parseDouble(in.substring(5)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--audio-in tone:HZ needs a number, got '" + in + "'");
            }
        } else if (!in.equals("device") && !in.equals("silence") && !in.endsWith(".wav")) {
            throw new IllegalArgumentException("--audio-in is tone:HZ, FILE.wav, silence or device; got '" + in + "'");
        }
        if (!out.equals("device") && !out.equals("discard") && !out.endsWith(".wav")) {
            throw new IllegalArgumentException("--audio-out is FILE.wav, discard or device; got '" + out + "'");
        }
    }

    /** A new source for one call (a tone or file restarts; the microphone line is opened per call). */
    public AudioSource openSource() throws IOException {
        if (in.startsWith("tone:")) return new ToneSource(Double.parseDouble(in.substring(5)));
        if (in.equals("silence")) return AudioSource.silence();
        if (in.equals("device")) return SoundDevices.microphone().orElseGet(AudioSource::silence);
        return WavFiles.loop(Path.of(in));
    }

    /** The seat's sink, opened once (a WAV file covers every call of the run). */
    public AudioSink openSink() throws IOException {
        if (out.equals("discard")) return AudioSink.discard();
        if (out.equals("device")) return SoundDevices.speaker().orElseGet(AudioSink::discard);
        return WavFiles.writer(Path.of(out));
    }
}
