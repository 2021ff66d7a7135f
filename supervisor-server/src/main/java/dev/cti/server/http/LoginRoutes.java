package dev.cti.server.http;

import dev.cti.server.auth.AuthService.Outcome;
import dev.cti.server.auth.LoginGuard;
import dev.cti.server.auth.Session;
import dev.cti.server.metrics.ServerMeters;
import dev.cti.server.store.AuditEntry;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code POST /api/login} and {@code POST /api/logout} (docs/API.md; docs/SECURITY.md, "Login", "Sessions").
 *
 * <p>Every outcome of a login is audited before it is answered, except the repeats within one lockout (counted,
 * not written: a flood must not become a flood of writes): {@code login}, {@code login-failed} (wrong password or
 * unknown user; an unknown name is not written, it may be a password typed in the wrong field), {@code login-locked}
 * (the first attempt refused during a lockout). A locked name or address gets 429 with {@code Retry-After}; a full
 * hashing pool 503 with {@code Retry-After}.
 */
final class LoginRoutes {
    /** The actor written for a user name that is not configured. */
    static final String UNKNOWN_USER = "(unknown user)";

    private final ApiDependencies deps;
    private final HttpApiVerticle api;
    private final Counter authFailures;
    private final Counter locked;
    private final Counter busy;

    LoginRoutes(ApiDependencies deps, HttpApiVerticle api, Counter authFailures) {
        this.deps = deps;
        this.api = api;
        this.authFailures = authFailures;
        this.locked = ServerMeters.HTTP_LOGINS_REFUSED.counter(deps.meters(), "locked");
        this.busy = ServerMeters.HTTP_LOGINS_REFUSED.counter(deps.meters(), "busy");
    }

    void login(RoutingContext ctx) {
        Optional<JsonObject> body = api.body(ctx);
        if (body.isEmpty()) {
            return;
        }
        Object user = body.get().getValue("username");
        Object password = body.get().getValue("password");
        if (!(user instanceof String u) || !(password instanceof String p) || u.isEmpty() || u.length() > 128
                || p.length() > 1024) {
            api.badRequest(ctx, "bad_request", "'username' and 'password' strings are required");
            return;
        }
        String address = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
        deps.auth().login(u, p.toCharArray(), address).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            Outcome outcome = ar.result();
            if (outcome instanceof Outcome.Ok ok) {
                api.auditThen(ctx, audit(u, "login", ok.session().principal().role().name() + " from " + address),
                        () -> ApiError.json(ctx, 200, new JsonObject().put("token", ok.token())
                                .put("expiresAt", ok.session().expiresAt().toString())
                                .put("user", OverviewRoutes.principalJson(ok.session().principal()))));
            } else if (outcome instanceof Outcome.Refused r) {
                authFailures.increment();
                String detail = (r.knownUser() ? "wrong password" : "unknown user") + " from " + address
                        + r.lockStarted().map(l -> "; " + l.scope() + " locked for " + seconds(l.retryAfter()) + " s")
                                .orElse("");
                api.auditThen(ctx, audit(r.knownUser() ? u : UNKNOWN_USER, "login-failed", detail),
                        () -> ApiError.send(ctx, 401, "invalid_credentials", "wrong username or password"));
            } else if (outcome instanceof Outcome.Locked l) {
                locked.increment();
                LoginGuard.Lock lock = l.lock();
                Runnable answer = () -> {
                    ctx.response().putHeader("Retry-After", Long.toString(seconds(lock.retryAfter())));
                    ApiError.send(ctx, 429, "too_many_attempts", "too many failed logins: try again in "
                            + seconds(lock.retryAfter()) + " s");
                };
                if (lock.firstRefusal()) {
                    api.auditThen(ctx, audit(l.knownUser() ? u : UNKNOWN_USER, "login-locked", lock.scope()
                            + " locked, " + seconds(lock.retryAfter()) + " s left, from " + address), answer);
                } else {
                    answer.run();
                }
            } else {
                busy.increment();
                ctx.response().putHeader("Retry-After", "1");
                ApiError.send(ctx, 503, "busy", "too many logins at once: try again in a second");
            }
        });
    }

    void logout(RoutingContext ctx) {
        Session s = HttpApiVerticle.session(ctx);
        deps.auth().logout(s).onSuccess(v -> api.auditThen(ctx, audit(s.principal().username(), "logout", null),
                () -> ctx.response().setStatusCode(204).end())).onFailure(ctx::fail);
    }

    private AuditEntry audit(String actor, String action, String detail) {
        return new AuditEntry(actor, action, Optional.empty(), Optional.empty(), Optional.ofNullable(detail),
                deps.clock().instant());
    }

    /** Whole seconds, rounded up: a client that waits that long is let in. */
    static long seconds(Duration d) {
        long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return Math.max(1, s);
    }
}
