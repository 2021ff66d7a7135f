package dev.cti.protocol.srtp;

/**
 * An {@code a=crypto} attribute that cannot be used. The message says what is wrong with it and never repeats the
 * key: SDP bodies with keys in them must not reach a log line.
 */
public final class SdesException extends Exception {
    public SdesException(String message) {
        super(message);
    }
}
