package dev.cti.gateway.media.sdp;

/**
 * An SDP body that cannot be used: says which line (1-based) broke and why, so the SIP layer can
 * answer 400/488 with a useful reason and count it.
 */
public final class SdpException extends Exception {

    private final int line;

    public SdpException(int line, String message) {
        super(line > 0 ? "SDP line " + line + ": " + message : "SDP: " + message);
        this.line = line;
    }

    /** The 1-based line where the problem is, 0 when it concerns the whole body. */
    public int line() {
        return line;
    }
}
