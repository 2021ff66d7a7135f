package dev.cti.server.http;

import dev.cti.server.auth.Action;
import dev.cti.server.auth.AuthorizationPolicy;
import dev.cti.server.auth.Principal;
import dev.cti.privacy.PhoneMask;
import dev.cti.server.store.AuditEntry;
import dev.cti.server.store.Customer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.StringReader;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The customer directory (domain §5, 信息保密): CSV import by admins, look-up by number for every screen,
 * with the number masked for roles that do not manage customers.
 */
final class CustomerRoutes {
    static final int MAX_IMPORT_BYTES = 8 * 1024 * 1024;
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{1,32}");

    private final ApiDependencies deps;
    private final HttpApiVerticle api;
    private final PerUserRateLimit lookups;
    private final io.micrometer.core.instrument.Counter rateLimited;

    CustomerRoutes(ApiDependencies deps, HttpApiVerticle api) {
        this.deps = deps;
        this.api = api;
        this.lookups = new PerUserRateLimit(deps.config().network().server().customerLookupsPerMinute(), deps.clock());
        this.rateLimited = dev.cti.server.metrics.ServerMeters.HTTP_RATE_LIMITED.counter(deps.meters(),
                "customer_lookup");
    }

    /** POST /api/customers/import with a CSV body (header number,surname,title,notes). */
    void importCsv(RoutingContext ctx) {
        Principal p = HttpApiVerticle.session(ctx).principal();
        AuthorizationPolicy.Decision d = deps.policy().decide(p, Action.MANAGE_CUSTOMERS, Optional.empty());
        if (!d.allowed()) {
            api.forbidden(ctx, d.reason());
            return;
        }
        String csv = ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString("UTF-8");
        deps.store().importCustomers(new StringReader(csv)).onSuccess(report -> {
            JsonArray errors = new JsonArray();
            report.errors().forEach(e -> errors.add(new JsonObject().put("line", e.line()).put("message", e.message())));
            JsonObject out = new JsonObject().put("imported", report.imported()).put("rejected", report.rejected())
                    .put("errors", errors);
            api.auditThen(ctx, new AuditEntry(p.username(), "import-customers", Optional.empty(), Optional.empty(),
                    Optional.of(report.imported() + " imported, " + report.rejected() + " rejected"),
                    deps.clock().instant()), () -> ApiError.json(ctx, 200, out));
        }).onFailure(ctx::fail);
    }

    /**
     * GET /api/customers/{number}: rate-limited per user ({@code network.server.customerLookupsPerMinute}, 429 with
     * Retry-After beyond) and audited, found or not, before the answer ({@code customer-lookup}, the number kept as
     * its keyed digest: the audit can tell who looked up a given number, the table alone gives no number).
     */
    void get(RoutingContext ctx) {
        String number = ctx.pathParam("number");
        if (!NUMBER.matcher(number).matches()) {
            api.badRequest(ctx, "bad_number", "the number must be digits with an optional leading '+'");
            return;
        }
        Principal p = HttpApiVerticle.session(ctx).principal();
        String digest = deps.store().numbers().of(number);
        Optional<PerUserRateLimit.Refusal> refused = lookups.take(p.username());
        if (refused.isPresent()) {
            rateLimited.increment();
            long seconds = LoginRoutes.seconds(refused.get().retryAfter());
            Runnable answer = () -> {
                ctx.response().putHeader("Retry-After", Long.toString(seconds));
                ApiError.send(ctx, 429, "too_many_requests", "too many customer look-ups: try again in " + seconds
                        + " s");
            };
            if (refused.get().first()) {
                api.auditThen(ctx, audit(p, digest, "refused: over " + deps.config().network().server()
                        .customerLookupsPerMinute() + " per minute"), answer);
            } else {
                answer.run();
            }
            return;
        }
        boolean full = deps.policy().decide(p, Action.MANAGE_CUSTOMERS, Optional.empty()).allowed();
        deps.store().customer(number).onSuccess(found -> {
            if (found.isEmpty()) {
                api.auditThen(ctx, audit(p, digest, "not found"),
                        () -> ApiError.send(ctx, 404, "unknown_customer", "no customer with that number"));
                return;
            }
            Customer c = found.get();
            JsonObject o = new JsonObject().put("number", full ? c.number() : PhoneMask.mask(c.number()))
                    .put("surname", c.surname());
            c.title().ifPresent(t -> o.put("title", t));
            c.notes().ifPresent(n -> o.put("notes", n));
            api.auditThen(ctx, audit(p, digest, full ? "found, number shown in full" : "found, number masked"),
                    () -> ApiError.json(ctx, 200, o));
        }).onFailure(ctx::fail);
    }

    private AuditEntry audit(Principal p, String digest, String detail) {
        return new AuditEntry(p.username(), "customer-lookup", Optional.of(digest), Optional.empty(),
                Optional.of(detail), deps.clock().instant());
    }
}
