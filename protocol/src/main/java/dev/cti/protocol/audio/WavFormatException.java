package dev.cti.protocol.audio;

import java.io.IOException;

/** A WAV file the gateway cannot play, with the reason and where in the file it was found. */
public final class WavFormatException extends IOException {

    public WavFormatException(String message) {
        super(message);
    }
}
