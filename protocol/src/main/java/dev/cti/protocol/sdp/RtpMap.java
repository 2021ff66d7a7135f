package dev.cti.protocol.sdp;

/**
 * An {@code a=rtpmap:<pt> <encoding>/<clock rate>[/<channels>]} attribute (RFC 4566 §6).
 */
public record RtpMap(int payloadType, String encodingName, int clockRate, int channels) {

    /** The static mapping RFC 3551 defines for payload types 0 and 8, used when no rtpmap is given. */
    static RtpMap staticMapping(int payloadType) {
        return switch (payloadType) {
            case 0 -> new RtpMap(0, "PCMU", 8000, 1);
            case 8 -> new RtpMap(8, "PCMA", 8000, 1);
            default -> null;
        };
    }
}
