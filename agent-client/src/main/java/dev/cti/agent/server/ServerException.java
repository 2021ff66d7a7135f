package dev.cti.agent.server;

/** The supervisor server refused a request: its HTTP status and its error code (docs/API.md), or 0 for no answer. */
public final class ServerException extends RuntimeException {
    private final int status;
    private final String code;

    public ServerException(int status, String code, String message) {
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
