package dev.cti.server.campaign;

/** A campaign request that cannot be done: the HTTP status and error code to answer with (docs/API.md). */
public final class CampaignException extends RuntimeException {
    private final int status;
    private final String code;

    public CampaignException(int status, String code, String message) {
        super(message);
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
