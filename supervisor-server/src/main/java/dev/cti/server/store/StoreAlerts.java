package dev.cti.server.store;

import dev.cti.server.events.CallPushEvent;
import dev.cti.server.events.ServerEvents;
import dev.cti.server.metrics.ServerMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records nobody waits on: a call's CDR steps, hold threshold crossings, transfers, scripts shown, wrap-up
 * times... The server cannot refuse what the gateway reports, so such a write is made {@link #durably}: awaited,
 * tried again while the store's queue is full (the store itself retries while the database is away), and when it
 * fails for good it is counted ({@code cti_store_writes_lost_total{kind}}), logged (ERROR, with the call id, never a
 * number) and pushed to supervisors ({@code store-alert}: the wallboard's alert area shows how many records were lost
 * since the server started). {@link #json()} gives the same to a page that (re)connects (in {@code GET /api/health}).
 */
public final class StoreAlerts {
    private static final Logger LOG = LoggerFactory.getLogger(StoreAlerts.class);
    private static final long BUSY_BACKOFF_MIN_MS = 100;
    private static final long BUSY_BACKOFF_MAX_MS = 2000;

    private final Vertx vertx;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration busyRetry;
    private final AtomicLong lost = new AtomicLong();
    private volatile CallPushEvent.StoreAlert last;
    /** Where alerts are pushed; none until the server says ({@link #publishTo}). */
    private volatile ServerEvents events;

    /** @param busyRetry how long a write refused by a full queue is tried again ({@code storage.retrySeconds}) */
    public StoreAlerts(Vertx vertx, MeterRegistry meters, Clock clock, Duration busyRetry) {
        this.vertx = vertx;
        this.meters = meters;
        this.clock = clock;
        this.busyRetry = busyRetry;
    }

    /** Pushes every later alert on {@code events} ({@code store-alert}, to supervisors). */
    public void publishTo(ServerEvents events) {
        this.events = events;
    }

    /**
     * Makes {@code write} and watches it; completes like it, after the retries. {@code subject} names what the
     * record is about for the log and the alert (a call id, never a phone number).
     */
    public <T> Future<T> durably(String kind, String subject, Supplier<Future<T>> write) {
        Promise<T> done = Promise.promise();
        attempt(kind, subject, write, done, System.nanoTime() + busyRetry.toNanos(), BUSY_BACKOFF_MIN_MS);
        return done.future();
    }

    private <T> void attempt(String kind, String subject, Supplier<Future<T>> write, Promise<T> done, long deadline,
                             long backoff) {
        Future<T> f;
        try {
            f = write.get();
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        f.onComplete(ar -> {
            if (ar.succeeded()) {
                done.complete(ar.result());
                return;
            }
            if (StoreBusyException.in(ar.cause()) && System.nanoTime() + backoff * 1_000_000 < deadline) {
                vertx.setTimer(backoff, t -> attempt(kind, subject, write, done, deadline,
                        Math.min(BUSY_BACKOFF_MAX_MS, backoff * 2)));
                return;
            }
            lost(kind, subject, ar.cause());
            done.fail(ar.cause());
        });
    }

    private void lost(String kind, String subject, Throwable cause) {
        long n = lost.incrementAndGet();
        ServerMeters.STORE_WRITES_LOST.counter(meters, kind).increment();
        // a StoreException's message names the operation, class and SQL state only; anything else by its class
        // alone (a driver's message may quote row values: no phone number goes to the log)
        String why = cause instanceof StoreException ? cause.getMessage() : cause.getClass().getSimpleName();
        LOG.error("store: {} record of {} could NOT be stored ({}); {} record(s) lost since start", kind, subject,
                why, n);
        CallPushEvent.StoreAlert alert = new CallPushEvent.StoreAlert(n, kind, subject, clock.instant());
        last = alert;
        ServerEvents to = events;
        if (to != null) {
            to.calls().publish(alert);
        }
    }

    /** Records lost since the server started. */
    public long lost() {
        return lost.get();
    }

    /** The last loss ({@code lost}, {@code kind}, {@code subject}, {@code at}), if any since the start. */
    public Optional<JsonObject> json() {
        return Optional.ofNullable(last).map(StoreAlerts::json);
    }

    /** An alert as {@code GET /api/health} and the {@code store-alert} push show it. */
    public static JsonObject json(CallPushEvent.StoreAlert a) {
        return new JsonObject().put("lost", a.lost()).put("kind", a.kind()).put("subject", a.subject())
                .put("at", a.at().toString());
    }
}
