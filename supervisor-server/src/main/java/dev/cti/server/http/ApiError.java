package dev.cti.server.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The one JSON error shape of the API: {@code {"error": code, "message": text}} with a fitting status. */
final class ApiError {
    private ApiError() {}

    /** Seconds a client should wait before retrying a write the store refused as busy. */
    static final int STORE_BUSY_RETRY_AFTER_SECONDS = 1;
    /** Seconds a client should wait when the database is unreachable (the store retried already). */
    static final int STORE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

    /**
     * Answers 503 with Retry-After when {@code failure} says the store could not take the request now: its write
     * queue was full ({@code store_busy}) or the database stayed unreachable through the store's retries
     * ({@code store_unavailable}); false, having answered nothing, for any other failure.
     */
    static boolean storeUnavailable(RoutingContext ctx, Throwable failure) {
        if (dev.cti.server.store.StoreBusyException.in(failure)) {
            ctx.response().putHeader("Retry-After", Integer.toString(STORE_BUSY_RETRY_AFTER_SECONDS));
            send(ctx, 503, "store_busy", "the server is storing too much at once; try again shortly");
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof dev.cti.server.store.StoreException se && se.transientFailure()) {
                ctx.response().putHeader("Retry-After", Integer.toString(STORE_UNAVAILABLE_RETRY_AFTER_SECONDS));
                send(ctx, 503, "store_unavailable", "the database cannot be reached; try again shortly");
                return true;
            }
        }
        return false;
    }

    static void send(RoutingContext ctx, int status, String code, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", code).put("message", message).encode());
    }

    static void json(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended()) {
            return; // answered already (the request timeout's 503)
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(body instanceof JsonObject o ? o.encode() : io.vertx.core.json.Json.encode(body));
    }
}
