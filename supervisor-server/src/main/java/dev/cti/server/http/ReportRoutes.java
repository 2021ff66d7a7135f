package dev.cti.server.http;

import dev.cti.config.AgentConfig;
import dev.cti.server.auth.Action;
import dev.cti.server.auth.Principal;
import dev.cti.server.auth.Scope;
import dev.cti.server.report.Period;
import dev.cti.server.report.ReportQuery;
import dev.cti.server.report.ReportTable;
import dev.cti.server.report.Reports;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/reports/{kind}} (docs/API.md, "Reports"): the queue, agent and team reports, the standard's
 * indicators, the daily incident report and the Asterisk-compatible queue_log, as JSON or CSV. Who may: the
 * {@code VIEW_REPORTS} column of the policy (supervisors and QA users: their teams' agents; admins: all; agents never);
 * queue figures are the site's, as on the wallboard; queue_log is {@code EXPORT_QUEUE_LOG} (admins). Numbers masked.
 */
final class ReportRoutes {
    static final Set<String> KINDS = Set.of("queues", "agents", "teams", "indicators", "incidents", "queue_log");
    private static final Set<String> PARAMS = Set.of("from", "to", "by", "queue", "team", "agent", "format");

    private final ApiDependencies deps;
    private final HttpApiVerticle api;

    ReportRoutes(ApiDependencies deps, HttpApiVerticle api) {
        this.deps = deps;
        this.api = api;
    }

    void report(RoutingContext ctx) {
        if (deps.reports().isEmpty()) {
            ApiError.send(ctx, 503, "no_reports", "this server keeps no reports");
            return;
        }
        Reports reports = deps.reports().get();
        Principal p = HttpApiVerticle.session(ctx).principal();
        String kind = ctx.pathParam("kind");
        if (!KINDS.contains(kind)) {
            ApiError.send(ctx, 404, "not_found", "no report '" + (kind.length() > 32 ? kind.substring(0, 32) : kind)
                    + "' (" + String.join(", ", new java.util.TreeSet<>(KINDS)) + ")");
            return;
        }
        Action action = kind.equals("queue_log") ? Action.EXPORT_QUEUE_LOG : Action.VIEW_REPORTS;
        if (!deps.policy().mayAtAll(p, action)) {
            api.forbidden(ctx, p.role() + " may not " + (kind.equals("queue_log") ? "export the queue_log"
                    : "see reports"));
            return;
        }
        ZoneId zone = ZoneId.of(deps.config().site().timeZone());
        ReportQuery q;
        boolean csv;
        try {
            ReportParams params = ReportParams.check(ctx.queryParams(), deps.config(), PARAMS);
            LocalDate[] range = params.range(zone, LocalDate.now(deps.clock().withZone(zone)), ReportParams.MAX_DAYS);
            Period by = params.by(range[0], range[1]);
            q = new ReportQuery(range[0], range[1], by, params.queue(), params.team(), params.agent(),
                    visibleAgents(p, Action.VIEW_REPORTS));
            csv = params.csv();
        } catch (ReportParams.Bad e) {
            api.badRequest(ctx, "bad_parameter", e.getMessage());
            return;
        }
        Optional<String> refused = refusal(p, q);
        if (refused.isPresent()) {
            api.forbidden(ctx, refused.get());
            return;
        }
        JsonObject head = new JsonObject().put("kind", kind).put("from", q.from().toString()).put("to", q.to().toString())
                .put("by", q.by().json()).put("timeZone", zone.getId());
        String file = "cti-" + kind + "-" + q.from() + "-" + q.to() + ".csv";
        Future<Answer> answer = switch (kind) {
            case "queues" -> reports.service().queues(q).map(rows -> new Answer(
                    head.copy().put("columns", new JsonArray(ReportTable.QUEUES.header()))
                            .put("rows", ReportTable.QUEUES.json(rows, deps.config())),
                    ReportTable.QUEUES.csv(rows, deps.config())));
            case "agents" -> reports.service().agents(q).map(rows -> new Answer(
                    head.copy().put("columns", new JsonArray(ReportTable.AGENTS.header()))
                            .put("rows", ReportTable.AGENTS.json(rows, deps.config())),
                    ReportTable.AGENTS.csv(rows, deps.config())));
            case "teams" -> reports.service().teams(q).map(rows -> new Answer(
                    head.copy().put("columns", new JsonArray(ReportTable.TEAMS.header()))
                            .put("rows", ReportTable.TEAMS.json(rows, deps.config())),
                    ReportTable.TEAMS.csv(rows, deps.config())));
            case "indicators" -> reports.indicators(q).map(ind -> new Answer(head.copy().mergeIn(ind.json()),
                    ind.csv()));
            case "incidents" -> reports.incidents(q).map(inc -> new Answer(head.copy().mergeIn(inc.json()),
                    inc.csv()));
            default -> reports.queueLog(q).map(lines -> new Answer(head.copy().put("lines", new JsonArray(lines)),
                    String.join("\n", lines).concat(lines.isEmpty() ? "" : "\n").getBytes(
                            java.nio.charset.StandardCharsets.UTF_8)));
        };
        answer.onSuccess(a -> {
            if (kind.equals("queue_log") && (csv || "text".equals(ctx.queryParams().get("format")))) {
                ctx.response().putHeader("content-type", "text/plain; charset=utf-8")
                        .putHeader("content-disposition", "attachment; filename=\"queue_log\"").end(Buffer.buffer(a.csv()));
            } else if (csv) {
                ctx.response().putHeader("content-type", "text/csv; charset=utf-8")
                        .putHeader("content-disposition", "attachment; filename=\"" + file + "\"")
                        .end(Buffer.buffer(a.csv()));
            } else {
                ApiError.json(ctx, 200, a.json());
            }
        }).onFailure(ctx::fail);
    }

    private record Answer(JsonObject json, byte[] csv) {}

    /** Why a supervisor or QA user may not have this report (a team or an agent outside their teams). */
    private Optional<String> refusal(Principal p, ReportQuery q) {
        if (q.visibleAgents().isEmpty()) {
            return Optional.empty();
        }
        if (q.agent().isPresent() && !q.visibleAgents().get().contains(q.agent().get())) {
            return Optional.of(p.username() + " may see reports only of agents of teams " + p.teams());
        }
        if (q.team().isPresent() && !p.teams().contains(q.team().get())) {
            return Optional.of(p.username() + " may see reports only of teams " + p.teams());
        }
        return Optional.empty();
    }

    /** The agents {@code p} may see for {@code action}: empty for all (admins), else their teams' (and own seat). */
    Optional<Set<String>> visibleAgents(Principal p, Action action) {
        Scope scope = deps.policy().scope(p.role(), action);
        if (scope == Scope.ALL) {
            return Optional.empty();
        }
        Set<String> out = new HashSet<>();
        p.agent().ifPresent(out::add);
        if (scope == Scope.TEAM) {
            for (AgentConfig a : deps.config().agents()) {
                if (p.teams().contains(a.team())) {
                    out.add(a.id());
                }
            }
        }
        return Optional.of(out);
    }

    static List<String> kinds() {
        return List.copyOf(new java.util.TreeSet<>(KINDS));
    }
}
