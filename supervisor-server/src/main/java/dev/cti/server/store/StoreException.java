package dev.cti.server.store;

/** A storage operation failed; the message names the operation, never personal data. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
