package dev.cti.recording;

/**
 * A chunk's AES-GCM tag did not verify: the key under the file's key id is not the one it was written with, or
 * the chunk, its position or the file's header was changed.
 */
public final class ChunkAuthenticationException extends RecordingException {
    private final long chunk;

    public ChunkAuthenticationException(long chunk, Throwable cause) {
        super("chunk " + chunk + " failed authentication: wrong key or corrupted file", cause);
        this.chunk = chunk;
    }

    public long chunk() {
        return chunk;
    }
}
