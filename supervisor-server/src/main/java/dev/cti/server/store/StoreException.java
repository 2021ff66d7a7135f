package dev.cti.server.store;

/**
 * A storage operation failed; the message names the operation, never personal data. {@link #transientFailure()}
 * says whether the database was away (connection lost, pool timeout, PostgreSQL shutting down) rather than the
 * write being refused: the HTTP API answers the first with 503 and Retry-After.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean transientFailure;

    public StoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public StoreException(String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /** The database was unreachable (after the store's retries), not a refused statement. */
    public boolean transientFailure() {
        return transientFailure;
    }
}
