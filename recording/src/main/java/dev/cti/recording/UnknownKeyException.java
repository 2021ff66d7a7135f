package dev.cti.recording;

/** The recording names a key id the key file does not have (even after reloading it). */
public final class UnknownKeyException extends RecordingException {
    private final String keyId;

    public UnknownKeyException(String keyId, String where) {
        super("key id '" + keyId + "' is not in " + where);
        this.keyId = keyId;
    }

    public String keyId() {
        return keyId;
    }
}
