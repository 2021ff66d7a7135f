package dev.cti.gateway.media;

import java.util.concurrent.CompletableFuture;

/**
 * A running {@link MediaEngine#play} on one leg.
 */
public interface Playback {

    /**
     * Completes when every prompt has been sent (music may go on), or when the playback was stopped
     * before that. Completed on the leg's event loop: do not block in its callbacks.
     */
    CompletableFuture<Void> promptsFinished();

    /** Stops sending; the leg goes back to its bridged peer's audio, if any. Idempotent. */
    void stop();

    boolean isPlaying();
}
