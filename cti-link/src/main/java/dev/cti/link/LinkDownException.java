package dev.cti.link;

/**
 * A command or event could not be written because no peer is connected (or the handshake has not
 * finished). Callers decide what that means for them; the link never queues messages for later.
 */
public final class LinkDownException extends RuntimeException {
    public LinkDownException(String message) {
        super(message, null, false, false);
    }
}
