package dev.cti.link;

/**
 * A line on the CTI link could not be understood. It is the one exception the codec throws, so a
 * receiver can count it, log it and keep the connection: a single bad line must never take the link
 * or the process down.
 *
 * <p>The message says where the input broke ({@code "CallOffered.body.queueId: missing"}); it never
 * repeats field values, which may be phone numbers.
 */
public final class LinkProtocolException extends RuntimeException {

    private final String where;

    public LinkProtocolException(String where, String problem) {
        super(where + ": " + problem);
        this.where = where;
    }

    public LinkProtocolException(String where, String problem, Throwable cause) {
        super(where + ": " + problem, cause);
        this.where = where;
    }

    /** The path into the envelope where decoding failed, e.g. {@code "envelope.type"}, {@code "Snapshot.body.calls[2].state"}. */
    public String where() {
        return where;
    }
}
