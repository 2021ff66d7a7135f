package dev.cti.server.http;

import dev.cti.config.AgentConfig;
import dev.cti.config.QaConfig;
import dev.cti.config.UserConfig;
import dev.cti.server.auth.Action;
import dev.cti.server.auth.Principal;
import dev.cti.server.auth.Scope;
import dev.cti.server.qa.Edit;
import dev.cti.server.qa.EvaluationState;
import dev.cti.server.qa.FormSnapshot;
import dev.cti.server.qa.QaException;
import dev.cti.server.qa.QaJson;
import dev.cti.server.qa.QaService;
import dev.cti.server.store.WorkItem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Quality assurance over REST (docs/API.md, "Quality assurance"): evaluations (open pre-filled, list, read, edit,
 * submit, acknowledge, dispute), the work lists, the QA KPIs and the forms. Parsing and shapes live here; the rules
 * (policy, states, scoring, audit) in {@link QaService}. Every refusal is counted in
 * {@code cti_qa_requests_refused_total{code}} (and 400s in {@code cti_http_bad_requests_total}).
 */
final class QaRoutes {
    private static final int MAX_RANGE_DAYS = 366;

    private final ApiDependencies deps;
    private final HttpApiVerticle api;
    private final QaService qa;
    private final ZoneId zone;

    QaRoutes(ApiDependencies deps, HttpApiVerticle api) {
        this.deps = deps;
        this.api = api;
        this.qa = deps.qa().service();
        this.zone = ZoneId.of(deps.config().site().timeZone());
    }

    /** POST /api/qa/evaluations {callId} → 201 (new, pre-filled) or 200 (the call's evaluation) {evaluation}. */
    void open(RoutingContext ctx) {
        Optional<JsonObject> body = api.body(ctx);
        if (body.isEmpty()) {
            return;
        }
        if (!(body.get().getValue("callId") instanceof String callId) || callId.isBlank() || callId.length() > 64) {
            fail(ctx, new QaException(400, "bad_request", "'callId' must be a call id (a string of at most 64)"));
            return;
        }
        Principal p = HttpApiVerticle.session(ctx).principal();
        qa.open(p, callId).onSuccess(o -> ApiError.json(ctx, o.created() ? 201 : 200,
                new JsonObject().put("evaluation", QaJson.evaluation(o.scored(), deps.config()))))
                .onFailure(e -> fail(ctx, e));
    }

    /**
     * GET /api/qa/evaluations?agent=&status=&from=&to=&limit= → {evaluations: [summary]}: the evaluations of agents
     * the caller may see, newest first; drafts only of agents the caller may evaluate. Days are local, inclusive.
     */
    void list(RoutingContext ctx) {
        Principal p = HttpApiVerticle.session(ctx).principal();
        if (!deps.policy().mayAtAll(p, Action.VIEW_EVALUATION)) {
            fail(ctx, new QaException(403, "forbidden", p.role() + " " + p.username() + " may not see evaluations"));
            return;
        }
        try {
            Optional<String> agent = Optional.ofNullable(ctx.queryParams().get("agent"));
            Set<EvaluationState> states = QaRequests.states(ctx.queryParams().get("status"));
            LocalDate today = LocalDate.ofInstant(deps.clock().instant(), zone);
            LocalDate from = QaRequests.day(ctx, "from", today.minusDays(30));
            LocalDate to = QaRequests.day(ctx, "to", today);
            int limit = QaRequests.limit(ctx);
            List<String> visible = new ArrayList<>();
            List<String> evaluable = new ArrayList<>();
            for (AgentConfig a : deps.config().agents()) {
                if (agent.isPresent() && !agent.get().equals(a.id())) {
                    continue;
                }
                if (deps.policy().decide(p, Action.VIEW_EVALUATION, Optional.of(a)).allowed()) {
                    visible.add(a.id());
                }
                if (deps.policy().decide(p, Action.EVALUATE, Optional.of(a)).allowed()) {
                    evaluable.add(a.id());
                }
            }
            if (agent.isPresent() && deps.config().agent(agent.get()).isEmpty()) {
                throw new QaException(404, "unknown_agent", "no agent '" + QaRequests.clip(agent.get()) + "'");
            }
            if (agent.isPresent() && visible.isEmpty()) {
                throw new QaException(403, "forbidden", deps.policy().decide(p, Action.VIEW_EVALUATION,
                        deps.config().agent(agent.get())).reason());
            }
            Set<EvaluationState> submitted = EnumSet.copyOf(states);
            submitted.remove(EvaluationState.DRAFT);
            var ev = deps.qa().service().evaluations();
            java.time.Instant start = from.atStartOfDay(zone).toInstant();
            java.time.Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
            Future<List<dev.cti.server.qa.Evaluation>> shown = visible.isEmpty() || submitted.isEmpty()
                    ? Future.succeededFuture(List.of()) : ev.list(visible, submitted, start, end, limit);
            Future<List<dev.cti.server.qa.Evaluation>> drafts = evaluable.isEmpty() || !states.contains(
                    EvaluationState.DRAFT) ? Future.succeededFuture(List.of())
                    : ev.list(evaluable, Set.of(EvaluationState.DRAFT), start, end, limit);
            Future.all(shown, drafts).onSuccess(x -> {
                List<dev.cti.server.qa.Evaluation> all = new ArrayList<>(shown.result());
                all.addAll(drafts.result());
                all.sort((a, b) -> Long.compare(b.id(), a.id()));
                JsonArray out = new JsonArray();
                all.stream().limit(limit).forEach(e -> out.add(QaJson.summary(e)));
                ApiError.json(ctx, 200, new JsonObject().put("evaluations", out));
            }).onFailure(ctx::fail);
        } catch (QaException e) {
            fail(ctx, e);
        }
    }

    /** GET /api/qa/evaluations/{id} → {evaluation} in full, with the form it is scored on. */
    void get(RoutingContext ctx) {
        Optional<Long> id = id(ctx);
        id.ifPresent(i -> qa.get(HttpApiVerticle.session(ctx).principal(), i)
                .onSuccess(s -> ApiError.json(ctx, 200, new JsonObject().put("evaluation",
                        QaJson.evaluation(s, deps.config()))))
                .onFailure(e -> fail(ctx, e)));
    }

    /** PUT /api/qa/evaluations/{id} {items, acceptProposals, deductions, remarks} → {evaluation}. */
    void save(RoutingContext ctx) {
        Optional<Long> id = id(ctx);
        Optional<JsonObject> body = id.isEmpty() ? Optional.empty() : api.body(ctx);
        if (body.isEmpty()) {
            return;
        }
        Edit edit;
        try {
            edit = QaRequests.edit(body.get());
        } catch (QaException e) {
            fail(ctx, e);
            return;
        }
        qa.save(HttpApiVerticle.session(ctx).principal(), id.get(), edit)
                .onSuccess(s -> ApiError.json(ctx, 200, new JsonObject().put("evaluation",
                        QaJson.evaluation(s, deps.config()))))
                .onFailure(e -> fail(ctx, e));
    }

    /** POST /api/qa/evaluations/{id}/submit {reply?} → {evaluation}. */
    void submit(RoutingContext ctx) {
        withText(ctx, "reply", false, (p, id, reply) -> qa.submit(p, id, reply));
    }

    /** POST /api/qa/evaluations/{id}/acknowledge {comment?} → {evaluation}. */
    void acknowledge(RoutingContext ctx) {
        withText(ctx, "comment", false, (p, id, comment) -> qa.acknowledge(p, id, comment));
    }

    /** POST /api/qa/evaluations/{id}/dispute {comment} → {evaluation}. */
    void dispute(RoutingContext ctx) {
        withText(ctx, "comment", true, (p, id, comment) -> qa.dispute(p, id, comment.orElseThrow()));
    }

    @FunctionalInterface
    private interface TextAction {
        Future<QaService.Scored> run(Principal p, long id, Optional<String> text);
    }

    private void withText(RoutingContext ctx, String field, boolean required, TextAction action) {
        Optional<Long> id = id(ctx);
        if (id.isEmpty()) {
            return;
        }
        Optional<String> text;
        try {
            JsonObject body = ctx.body().length() == 0 ? new JsonObject() : ctx.body().asJsonObject();
            text = QaRequests.text(body == null ? new JsonObject() : body, field);
        } catch (io.vertx.core.json.DecodeException | ClassCastException e) {
            fail(ctx, new QaException(400, "bad_json", "the body is not a JSON object"));
            return;
        } catch (QaException e) {
            fail(ctx, e);
            return;
        }
        if (required && text.isEmpty()) {
            fail(ctx, new QaException(400, "missing_comment", "a dispute needs a 'comment' saying what is wrong"));
            return;
        }
        action.run(HttpApiVerticle.session(ctx).principal(), id.get(), text)
                .onSuccess(s -> ApiError.json(ctx, 200, new JsonObject().put("evaluation",
                        QaJson.evaluation(s, deps.config()))))
                .onFailure(e -> fail(ctx, e));
    }

    /**
     * GET /api/qa/worklist?status=open|in_progress|done|all&day=YYYY-MM-DD&evaluator= → {items}: the caller's work
     * list (an admin may name another evaluator, or {@code all}).
     */
    void workList(RoutingContext ctx) {
        Principal p = HttpApiVerticle.session(ctx).principal();
        try {
            if (deps.policy().scope(p.role(), Action.EVALUATE) == Scope.NONE) {
                throw new QaException(403, "forbidden", p.role() + " " + p.username() + " has no work list");
            }
            String who = ctx.queryParams().get("evaluator");
            Optional<String> evaluator = Optional.of(p.username());
            if (who != null && !who.equals(p.username())) {
                if (p.role() != UserConfig.Role.ADMIN) {
                    throw new QaException(403, "forbidden", "only admins see another evaluator's work list");
                }
                evaluator = who.equals("all") ? Optional.empty() : Optional.of(who);
            }
            String status = Optional.ofNullable(ctx.queryParams().get("status")).orElse("open")
                    .toUpperCase(Locale.ROOT);
            Set<String> statuses = switch (status) {
                case "OPEN", "IN_PROGRESS", "DONE" -> Set.of(status);
                case "ALL" -> Set.of("OPEN", "IN_PROGRESS", "DONE");
                default -> throw new QaException(400, "bad_request", "'status' must be open, in_progress, done or all");
            };
            Optional<LocalDate> day = ctx.queryParams().get("day") == null ? Optional.empty()
                    : Optional.of(QaRequests.day(ctx, "day", null));
            deps.qa().workList().list(evaluator, statuses, day, QaRequests.MAX_LIST).compose(items -> deps.qa().workList()
                    .calls(items.stream().map(WorkItem::callId).toList()).map(calls -> {
                        JsonArray out = new JsonArray();
                        items.forEach(w -> out.add(QaJson.workItem(w, Optional.ofNullable(calls.get(w.callId())),
                                deps.config())));
                        return out;
                    })).onSuccess(out -> ApiError.json(ctx, 200, new JsonObject().put("items", out)))
                    .onFailure(ctx::fail);
        } catch (QaException e) {
            fail(ctx, e);
        }
    }

    /**
     * GET /api/qa/kpis?from=&to= (local days, inclusive; default today) → pass rate and average score in total, per
     * team and per queue; supervisors and QA users see the figures of their own teams (queues and total: the site's).
     */
    void kpis(RoutingContext ctx) {
        Principal p = HttpApiVerticle.session(ctx).principal();
        try {
            if (!deps.policy().decide(p, Action.VIEW_QA_KPIS, Optional.empty()).allowed()) {
                throw new QaException(403, "forbidden", p.role() + " " + p.username() + " may not see QA KPIs");
            }
            LocalDate today = LocalDate.ofInstant(deps.clock().instant(), zone);
            LocalDate from = QaRequests.day(ctx, "from", today);
            LocalDate to = QaRequests.day(ctx, "to", today);
            if (to.isBefore(from) || from.plusDays(MAX_RANGE_DAYS).isBefore(to)) {
                throw new QaException(400, "bad_range", "'to' must not be before 'from', at most " + MAX_RANGE_DAYS
                        + " days apart");
            }
            Optional<Collection<String>> teams = deps.policy().scope(p.role(), Action.VIEW_QA_KPIS) == Scope.ALL
                    ? Optional.empty() : Optional.of(p.teams());
            deps.qa().kpis().report(from, to, teams)
                    .onSuccess(r -> ApiError.json(ctx, 200, QaJson.report(r, deps.config().qa().passMark())))
                    .onFailure(ctx::fail);
        } catch (QaException e) {
            fail(ctx, e);
        }
    }

    /** GET /api/qa/forms → {forms: [form as scored now]}: for evaluators and everyone who sees evaluations. */
    void forms(RoutingContext ctx) {
        Principal p = HttpApiVerticle.session(ctx).principal();
        if (!deps.policy().mayAtAll(p, Action.VIEW_EVALUATION)) {
            fail(ctx, new QaException(403, "forbidden", p.role() + " " + p.username() + " may not see QA forms"));
            return;
        }
        JsonArray out = new JsonArray();
        for (QaConfig.Form f : deps.config().qa().forms()) {
            out.add(FormSnapshot.of(f, deps.config().qa()).toJson());
        }
        ApiError.json(ctx, 200, new JsonObject().put("forms", out));
    }

    private Optional<Long> id(RoutingContext ctx) {
        try {
            return Optional.of(Long.parseLong(ctx.pathParam("id")));
        } catch (NumberFormatException e) {
            fail(ctx, new QaException(404, "unknown_evaluation", "no evaluation '" + QaRequests.clip(ctx.pathParam("id")) + "'"));
            return Optional.empty();
        }
    }

    private void fail(RoutingContext ctx, Throwable e) {
        if (e instanceof QaException q) {
            qa.count(q.code());
            api.refused(ctx, q.status(), q.code(), q.getMessage());
        } else {
            ctx.fail(e);
        }
    }
}
