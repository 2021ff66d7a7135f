package dev.cti.server.campaign;

/** A campaign request that cannot be done: the HTTP status and error code to answer with (docs/API.md). */
public final class CampaignException extends RuntimeException {
    private final int status;
    private final String code;
    private final java.util.List<dev.cti.config.ConfigError> errors;

    public CampaignException(int status, String code, String message) {
        this(status, code, message, java.util.List.of());
    }

    /** A campaign definition refused: each mistake with its field's key path ({@code retries.busy.count}). */
    public CampaignException(int status, String code, String message, java.util.List<dev.cti.config.ConfigError> errors) {
        super(message);
        this.status = status;
        this.code = code;
        this.errors = java.util.List.copyOf(errors);
    }

    public java.util.List<dev.cti.config.ConfigError> errors() {
        return errors;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
