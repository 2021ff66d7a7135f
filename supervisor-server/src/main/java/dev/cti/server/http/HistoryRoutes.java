package dev.cti.server.http;

import dev.cti.server.auth.Action;
import dev.cti.server.auth.Principal;
import dev.cti.server.auth.Scope;
import dev.cti.server.report.CallHistorySearch;
import dev.cti.server.report.Reports;
import dev.cti.server.store.AuditEntry;
import dev.cti.server.store.CallRecord;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/calls/history} (agents: their own calls; supervisors and QA users: their teams' and the queues'
 * unanswered ones; admins: all; searching by number only supervisors and admins, audited as
 * {@code call-history-search} with the number as its keyed digest, before the answer) and {@code GET /api/audit}
 * (admins). docs/API.md, "Call history" and "Audit log".
 */
final class HistoryRoutes {
    private static final Set<String> HISTORY = Set.of("from", "to", "queue", "agent", "outcome", "direction", "number",
            "page", "size");
    private static final Set<String> AUDIT = Set.of("from", "to", "actor", "action", "page", "size");

    private final ApiDependencies deps;
    private final HttpApiVerticle api;
    private final ReportRoutes reportRoutes;

    HistoryRoutes(ApiDependencies deps, HttpApiVerticle api, ReportRoutes reportRoutes) {
        this.deps = deps;
        this.api = api;
        this.reportRoutes = reportRoutes;
    }

    void history(RoutingContext ctx) {
        Optional<Reports> reports = reports(ctx);
        if (reports.isEmpty()) {
            return;
        }
        Principal p = HttpApiVerticle.session(ctx).principal();
        if (!deps.policy().mayAtAll(p, Action.VIEW_CALL_HISTORY)) {
            api.forbidden(ctx, p.role() + " may not see the call history");
            return;
        }
        ZoneId zone = ZoneId.of(deps.config().site().timeZone());
        CallHistorySearch.Filter f;
        try {
            ReportParams params = ReportParams.check(ctx.queryParams(), deps.config(), HISTORY);
            LocalDate[] range = params.range(zone, LocalDate.now(deps.clock().withZone(zone)), ReportParams.MAX_DAYS);
            Optional<String> outcome = params.opt("outcome").map(o -> o.toUpperCase(Locale.ROOT));
            if (outcome.isPresent() && Arrays.stream(CallRecord.Outcome.values())
                    .noneMatch(o -> o.name().equals(outcome.get()))) {
                throw new ReportParams.Bad("outcome", "must be one of " + Arrays.toString(CallRecord.Outcome.values()));
            }
            Optional<String> direction = params.opt("direction").map(o -> o.toUpperCase(Locale.ROOT));
            if (direction.isPresent() && !Set.of("INBOUND", "OUTBOUND", "INTERNAL").contains(direction.get())) {
                throw new ReportParams.Bad("direction", "must be inbound, outbound or internal");
            }
            Optional<String> number = params.opt("number");
            if (number.isPresent() && !number.get().matches("\\+?[0-9]{3,20}")) {
                throw new ReportParams.Bad("number", "must be 3 to 20 digits with an optional leading +");
            }
            Optional<java.util.Set<String>> visible = reportRoutes.visibleAgents(p, Action.VIEW_CALL_HISTORY);
            Optional<String> agent = params.agent();
            if (agent.isPresent() && visible.isPresent() && !visible.get().contains(agent.get())) {
                api.forbidden(ctx, p.username() + " may not see the calls of agent " + agent.get());
                return;
            }
            boolean withoutAgent = deps.policy().scope(p.role(), Action.VIEW_CALL_HISTORY) != Scope.SELF;
            f = new CallHistorySearch.Filter(range[0].atStartOfDay(zone).toInstant(),
                    range[1].plusDays(1).atStartOfDay(zone).toInstant(), params.queue(), agent, outcome, direction,
                    number, visible, withoutAgent, params.integer("page", 0, 0, 1_000_000),
                    params.integer("size", 50, 1, 200));
        } catch (ReportParams.Bad e) {
            api.badRequest(ctx, "bad_parameter", e.getMessage());
            return;
        }
        if (f.number().isEmpty()) {
            reports.get().calls(f).onSuccess(body -> ApiError.json(ctx, 200, body)).onFailure(ctx::fail);
            return;
        }
        String digest = deps.store().numbers().of(f.number().get());
        if (!deps.policy().mayAtAll(p, Action.SEARCH_CALLS_BY_NUMBER)) {
            api.auditThen(ctx, audit(p, "denied: " + p.role() + " may not search by number (number " + digest + ")"),
                    () -> api.forbidden(ctx, p.role() + " may not search the call history by number"));
            return;
        }
        reports.get().calls(f).onSuccess(body -> api.auditThen(ctx, audit(p, "number " + digest + "; "
                + body.getLong("total") + " calls"), () -> ApiError.json(ctx, 200, body))).onFailure(ctx::fail);
    }

    void audit(RoutingContext ctx) {
        Optional<Reports> reports = reports(ctx);
        if (reports.isEmpty()) {
            return;
        }
        Principal p = HttpApiVerticle.session(ctx).principal();
        if (!deps.policy().mayAtAll(p, Action.VIEW_AUDIT)) {
            api.forbidden(ctx, p.role() + " may not browse the audit log");
            return;
        }
        ZoneId zone = ZoneId.of(deps.config().site().timeZone());
        try {
            ReportParams params = ReportParams.check(ctx.queryParams(), deps.config(), AUDIT);
            LocalDate[] range = params.range(zone, LocalDate.now(deps.clock().withZone(zone)), ReportParams.MAX_DAYS);
            Optional<String> actor = params.opt("actor");
            Optional<String> action = params.opt("action");
            for (var e : java.util.Map.of("actor", actor, "action", action).entrySet()) {
                if (e.getValue().isPresent() && e.getValue().get().length() > 64) {
                    throw new ReportParams.Bad(e.getKey(), "is longer than 64 characters");
                }
            }
            reports.get().audit(range[0].atStartOfDay(zone).toInstant(), range[1].plusDays(1).atStartOfDay(zone)
                            .toInstant(), actor, action, params.integer("page", 0, 0, 1_000_000),
                    params.integer("size", 50, 1, 200)).onSuccess(body -> ApiError.json(ctx, 200, body))
                    .onFailure(ctx::fail);
        } catch (ReportParams.Bad e) {
            api.badRequest(ctx, "bad_parameter", e.getMessage());
        }
    }

    private AuditEntry audit(Principal p, String detail) {
        return new AuditEntry(p.username(), "call-history-search", Optional.empty(), Optional.empty(),
                Optional.of(detail), deps.clock().instant());
    }

    private Optional<Reports> reports(RoutingContext ctx) {
        if (deps.reports().isEmpty()) {
            ApiError.send(ctx, 503, "no_reports", "this server keeps no reports");
        }
        return deps.reports();
    }
}
