package dev.cti.server.store;

import dev.cti.config.StorageConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The opening the feature stores' contract tests share (each run unchanged on H2 and PostgreSQL by its two
 * subclasses): a fresh database per test ({@link #storage()}), Vert.x, and the {@link Store} on a clock fixed at the
 * contract's own instant. A contract makes its feature's view of the store in a {@code @BeforeEach} of its own, which
 * JUnit runs after {@link #openStore()}.
 */
abstract class StoreContractBase {
    private final Instant clockAt;

    Vertx vertx;
    Store store;

    StoreContractBase(Instant clockAt) {
        this.clockAt = clockAt;
    }

    /** A fresh, empty database for one test. */
    abstract StorageConfig storage() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        vertx = Vertx.vertx();
        store = Store.open(storage(), vertx, new SimpleMeterRegistry(), Clock.fixed(clockAt, ZoneOffset.UTC));
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store != null) {
            store.close();
        }
        await(vertx.close());
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
