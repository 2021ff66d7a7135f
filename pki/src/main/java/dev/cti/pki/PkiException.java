package dev.cti.pki;

/** Keys or certificates are missing, unreadable or unusable; the message says which file and what to do. */
public final class PkiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
