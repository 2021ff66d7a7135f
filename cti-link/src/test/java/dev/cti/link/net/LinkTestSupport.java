package dev.cti.link.net;

import dev.cti.link.LinkOptions;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Shared settings for the network tests: fast heartbeat and reconnect so tests finish in well under a second each. */
final class LinkTestSupport {

    static final String HOST = "127.0.0.1";

    private LinkTestSupport() {}

    static LinkOptions fastOptions() {
        return LinkOptions.defaults()
                .withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(500))
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(400))
                .withMaxLineBytes(64 * 1024);
    }

    static <T> T block(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete", e);
        }
    }
}
