package dev.cti.protocol.sdp;

/**
 * An SDP body that cannot be used: says which line (1-based) broke and why, so the SIP layer can
 * answer 400/488 with a useful reason and count it.
 */
public final class SdpException extends Exception {

    private final int line;
    private final String reason;

    public SdpException(int line, String message) {
        this(line, message, null);
    }

    /** @param reason a metric tag for why the SDP was refused (e.g. {@code srtp_without_tls}), or null */
    public SdpException(int line, String message, String reason) {
        super(line > 0 ? "SDP line " + line + ": " + message : "SDP: " + message);
        this.line = line;
        this.reason = reason;
    }

    /** A metric tag for why the SDP was refused, or null when it is simply unusable. */
    public String reason() {
        return reason;
    }

    /** The 1-based line where the problem is, 0 when it concerns the whole body. */
    public int line() {
        return line;
    }
}
