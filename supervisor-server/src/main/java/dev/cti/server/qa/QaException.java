package dev.cti.server.qa;

/** A QA request refused, with the HTTP status and error code the API answers (docs/API.md). */
public final class QaException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    public QaException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
