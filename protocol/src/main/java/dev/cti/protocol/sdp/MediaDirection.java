package dev.cti.protocol.sdp;

/**
 * The direction attribute of a media description (RFC 3264 §5.1, §6.1), as written by the side
 * whose SDP it is. Hold is a re-INVITE with {@code sendonly} or {@code inactive} (RFC 3264 §8.4).
 */
public enum MediaDirection {
    SENDRECV("sendrecv"),
    SENDONLY("sendonly"),
    RECVONLY("recvonly"),
    INACTIVE("inactive");

    private final String attribute;

    MediaDirection(String attribute) {
        this.attribute = attribute;
    }

    /** The SDP attribute name, e.g. {@code sendonly}. */
    public String attribute() {
        return attribute;
    }

    /** Whether the side that wrote this will send media. */
    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    /** Whether the side that wrote this wants to receive media. */
    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** The direction an answerer writes for an offer with this direction (RFC 3264 §6.1). */
    public MediaDirection answer() {
        return switch (this) {
            case SENDRECV -> SENDRECV;
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            case INACTIVE -> INACTIVE;
        };
    }

    /** What both this and {@code other} allow: each of send and receive only if both do. */
    public MediaDirection intersect(MediaDirection other) {
        boolean send = sends() && other.sends();
        boolean receive = receives() && other.receives();
        return send && receive ? SENDRECV : send ? SENDONLY : receive ? RECVONLY : INACTIVE;
    }

    /** The direction for an attribute name, or {@code null} if it is not one. */
    public static MediaDirection fromAttribute(String name) {
        for (MediaDirection d : values()) {
            if (d.attribute.equals(name)) {
                return d;
            }
        }
        return null;
    }
}
