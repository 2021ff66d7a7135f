package dev.cti.gateway.media.ice;

/** A datagram that starts like STUN but is not a well-formed STUN message; the message says why. */
public final class StunException extends RuntimeException {
    public StunException(String message) {
        super(message);
    }
}
