package dev.cti.server.monitor;

/**
 * A monitor request that cannot be carried out, with the HTTP status and error code docs/API.md gives
 * for it (409 no_call, 409 no_phone, 409 already_monitored, 409 not_active, 404 unknown_monitor, ...).
 */
public final class MonitorException extends RuntimeException {
    private final int status;
    private final String code;

    public MonitorException(int status, String code, String message) {
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
