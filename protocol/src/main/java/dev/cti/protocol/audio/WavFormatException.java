package dev.cti.protocol.audio;

import java.io.IOException;

/**
 * A WAV file we cannot play (a prompt, the softphone's {@code --audio-in}), with the reason and where in the file
 * it was found.
 */
public final class WavFormatException extends IOException {

    public WavFormatException(String message) {
        super(message);
    }
}
