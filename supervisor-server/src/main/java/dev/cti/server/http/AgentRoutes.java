package dev.cti.server.http;

import dev.cti.config.AgentConfig;
import dev.cti.server.agent.AgentEvent;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentJson;
import dev.cti.server.agent.AgentSnapshot;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.Cause;
import dev.cti.server.agent.TransitionResult;
import dev.cti.server.auth.Action;
import dev.cti.server.auth.AuthorizationPolicy;
import dev.cti.server.auth.Principal;
import dev.cti.server.store.AuditEntry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * {@code /api/agents...}: reading agents and driving their state machines on behalf of the caller.
 *
 * <p>Who caused a change is decided here: acting on one's own seat is {@link Cause.Kind#AGENT}; acting on
 * someone else's (supervisors, admins) or using the force endpoints is {@link Cause.Kind#SUPERVISOR},
 * and every such request, allowed or refused, is written to the audit log before it is answered.
 */
final class AgentRoutes {
    private final ApiDependencies deps;
    private final HttpApiVerticle api;

    private final FollowUpRequests followUpRequests;

    AgentRoutes(ApiDependencies deps, HttpApiVerticle api) {
        this.deps = deps;
        this.api = api;
        this.followUpRequests = new FollowUpRequests(deps.config(), deps.clock(),
                new dev.cti.server.security.DialPermission(deps.config(), deps.meters()));
    }

    void list(RoutingContext ctx) {
        Principal p = HttpApiVerticle.session(ctx).principal();
        JsonArray out = new JsonArray();
        for (AgentSnapshot s : deps.agents().snapshots()) {
            AgentConfig a = deps.agents().agent(s.agentId()).orElseThrow();
            if (deps.policy().decide(p, Action.VIEW_AGENT, Optional.of(a)).allowed()) {
                out.add(AgentJson.toJson(s, a));
            }
        }
        ApiError.json(ctx, 200, new JsonObject().put("agents", out).put("seq", deps.agents().sequence()));
    }

    void get(RoutingContext ctx) {
        Optional<AgentConfig> agent = agentOr404(ctx);
        if (agent.isEmpty()) {
            return;
        }
        Principal p = HttpApiVerticle.session(ctx).principal();
        AuthorizationPolicy.Decision d = deps.policy().decide(p, Action.VIEW_AGENT, agent);
        if (!d.allowed()) {
            api.forbidden(ctx, d.reason());
            return;
        }
        ApiError.json(ctx, 200, AgentJson.toJson(deps.agents().snapshot(agent.get().id()).orElseThrow(), agent.get()));
    }

    /**
     * GET /api/agents/{id}/today: the agent's own day (calls handled, average handle time, the latest calls
     * with their wrap-up codes), the local day in {@code site.timeZone}. Numbers masked.
     */
    void today(RoutingContext ctx) {
        Optional<AgentConfig> agent = agentOr404(ctx);
        if (agent.isEmpty()) {
            return;
        }
        Principal p = HttpApiVerticle.session(ctx).principal();
        AuthorizationPolicy.Decision d = deps.policy().decide(p, Action.VIEW_AGENT, agent);
        if (!d.allowed()) {
            api.forbidden(ctx, d.reason());
            return;
        }
        java.time.ZoneId zone = java.time.ZoneId.of(deps.config().site().timeZone());
        java.time.LocalDate day = java.time.LocalDate.ofInstant(deps.clock().instant(), zone);
        java.time.Instant from = day.atStartOfDay(zone).toInstant();
        java.time.Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        deps.store().callsOfAgent(agent.get().id(), from, to, 500).onSuccess(calls -> {
            JsonArray list = new JsonArray();
            long handled = 0;
            long handleMillis = 0;
            for (var c : calls) {
                if (c.outcome() == dev.cti.server.store.CallRecord.Outcome.ANSWERED && c.endedAt().isPresent()) {
                    handled++;
                    handleMillis += c.talkTime().plus(c.holdTime()).plus(c.wrapUpTime()).toMillis();
                }
                if (list.size() < 20) {
                    JsonObject o = new JsonObject().put("id", c.id()).put("direction", c.direction().name())
                            .put("outcome", c.outcome().name()).put("startedAt", c.startedAt().toString())
                            .put("talkSeconds", c.talkTime().toSeconds()).put("holdSeconds", c.holdTime().toSeconds())
                            .put("wrapUpSeconds", c.wrapUpTime().toSeconds());
                    c.queueId().ifPresent(q -> o.put("queueId", q));
                    c.callerNumber().or(c::dialledNumber).ifPresent(n -> o.put("party",
                            dev.cti.privacy.PhoneMask.mask(n)));
                    c.answeredAt().ifPresent(a -> o.put("answeredAt", a.toString()));
                    c.wrapUpCode().ifPresent(w -> o.put("wrapUpCode", w));
                    list.add(o);
                }
            }
            ApiError.json(ctx, 200, new JsonObject().put("agentId", agent.get().id()).put("day", day.toString())
                    .put("handled", handled)
                    .put("averageHandleSeconds", handled == 0 ? null : handleMillis / 1000.0 / handled)
                    .put("calls", list));
        }).onFailure(ctx::fail);
    }

    /** {@code {state: LOGGED_IN | READY | NOT_READY | LOGGED_OUT, reason}} as the agent. */
    void setState(RoutingContext ctx) {
        Optional<AgentRequest> request = agentRequest(ctx, "state", "reason");
        if (request.isEmpty()) {
            return;
        }
        AgentConfig agent = request.get().agent();
        String state = request.get().first().orElse("");
        Optional<String> reason = request.get().second();
        Principal p = HttpApiVerticle.session(ctx).principal();
        Cause cause = causeFor(p, agent.id());
        AgentEvent event;
        switch (state) {
            case "LOGGED_IN" -> event = AgentEvent.of(AgentEventType.LOGIN, cause);
            case "READY" -> event = AgentEvent.of(AgentEventType.SET_READY, cause);
            case "NOT_READY" -> event = new AgentEvent(AgentEventType.SET_NOT_READY, cause, reason,
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty());
            case "LOGGED_OUT" -> event = AgentEvent.of(AgentEventType.LOGOUT, cause);
            default -> {
                api.badRequest(ctx, "bad_request", "'state' must be LOGGED_IN, READY, NOT_READY or LOGGED_OUT");
                return;
            }
        }
        act(ctx, p, Action.SET_STATE, agent, event, "set-state", state + reason.map(r -> "(" + r + ")").orElse(""));
    }

    /**
     * {@code {code, notes}}, with {@code callbackAt} and {@code callbackNumber} for a code of category callback (the
     * callback is booked once the wrap-up is accepted) and an optional {@code complaintLevel} for one of category
     * complaint (its follow-up is opened).
     */
    void wrapUp(RoutingContext ctx) {
        Optional<AgentRequest> request = agentRequest(ctx, "code", "notes");
        if (request.isEmpty()) {
            return;
        }
        AgentConfig agent = request.get().agent();
        Optional<String> code = request.get().first();
        Optional<String> notes = request.get().second();
        if (code.isEmpty()) {
            api.badRequest(ctx, "bad_request", "'code' is required");
            return;
        }
        if (notes.map(String::length).orElse(0) > 4000) {
            api.badRequest(ctx, "bad_request", "'notes' is longer than 4000 characters");
            return;
        }
        FollowUpRequests.Asked asked;
        try {
            asked = followUpRequests.read(api.body(ctx).orElseThrow(), code.get());
        } catch (FollowUpRequests.Bad bad) {
            api.badRequest(ctx, bad.code, bad.getMessage());
            return;
        }
        Principal p = HttpApiVerticle.session(ctx).principal();
        AgentEvent event = AgentEvent.wrapUp(causeFor(p, agent.id()), code.get(), notes);
        Optional<AgentSnapshot> before = deps.agents().snapshot(agent.id());
        act(ctx, p, Action.WRAP_UP, agent, event, "wrap-up", code.get(), () -> deps.followUps()
                .filter(f -> before.flatMap(AgentSnapshot::callId).isPresent())
                .map(f -> f.afterWrapUp(agent.id(), before.get().callId().get(), before.get().queueId(), code.get(),
                        asked.booking(), asked.complaintLevel()))
                .orElse(Future.succeededFuture()));
    }

    /** {@code {state: READY | NOT_READY, reason}} as a supervisor. */
    void forceState(RoutingContext ctx) {
        Optional<AgentRequest> request = agentRequest(ctx, "state", "reason");
        if (request.isEmpty()) {
            return;
        }
        String s = request.get().first().orElse("");
        Optional<String> reason = request.get().second();
        if (!s.equals("READY") && !s.equals("NOT_READY")) {
            api.badRequest(ctx, "bad_request", "'state' must be READY or NOT_READY");
            return;
        }
        Principal p = HttpApiVerticle.session(ctx).principal();
        AgentEvent event = AgentEvent.force(Cause.supervisor(p.username()), AgentState.valueOf(s), reason);
        act(ctx, p, Action.FORCE_STATE, request.get().agent(), event, "force-state",
                s + reason.map(r -> "(" + r + ")").orElse(""));
    }

    /** Logs the agent out: the agent's own logout on their seat, a forced logout on anyone else's. */
    void logout(RoutingContext ctx) {
        Optional<AgentConfig> agent = agentOr404(ctx);
        if (agent.isEmpty()) {
            return;
        }
        Principal p = HttpApiVerticle.session(ctx).principal();
        if (p.isSelf(agent.get().id())) {
            act(ctx, p, Action.SET_STATE, agent.get(), AgentEvent.of(AgentEventType.LOGOUT,
                    Cause.agent(p.username())), "logout", "LOGGED_OUT");
        } else {
            act(ctx, p, Action.FORCE_LOGOUT, agent.get(), AgentEvent.of(AgentEventType.FORCE_LOGOUT,
                    Cause.supervisor(p.username())), "force-logout", "LOGGED_OUT");
        }
    }

    static Cause causeFor(Principal p, String agentId) {
        return p.isSelf(agentId) ? Cause.agent(p.username()) : Cause.supervisor(p.username());
    }

    /** The agent of the path and two optional string fields of the JSON body. */
    private record AgentRequest(AgentConfig agent, Optional<String> first, Optional<String> second) {}

    /**
     * Reads what a state-changing endpoint needs, checking in the order the API answers: the agent (404),
     * the body (400 bad_json), then each field's type (400); empty once that answer was sent.
     */
    private Optional<AgentRequest> agentRequest(RoutingContext ctx, String first, String second) {
        Optional<AgentConfig> agent = agentOr404(ctx);
        Optional<JsonObject> body = agent.isEmpty() ? Optional.empty() : api.body(ctx);
        if (body.isEmpty()) {
            return Optional.empty();
        }
        Optional<Optional<String>> a = api.stringField(ctx, body.get(), first);
        Optional<Optional<String>> b = a.isEmpty() ? Optional.empty() : api.stringField(ctx, body.get(), second);
        return b.map(v -> new AgentRequest(agent.get(), a.get(), v));
    }

    /**
     * GET /api/agents/{id}/phone: what the desk page's browser phone registers with (issue 19): the seat's extension
     * and SIP password, the registrar's domain, the gateway's WebSocket URL ({@code network.sip.ws}: wss for a page over
     * HTTPS, ws over plain HTTP; null when no WS listener is configured) and whether the gateway has the phone registered now. One's own seat only
     * ({@link Action#USE_PHONE}); never cached by the browser.
     */
    void phone(RoutingContext ctx) {
        Optional<AgentConfig> agent = agentOr404(ctx);
        if (agent.isEmpty()) {
            return;
        }
        AuthorizationPolicy.Decision d = deps.policy().decide(HttpApiVerticle.session(ctx).principal(),
                Action.USE_PHONE, agent);
        if (!d.allowed()) {
            api.forbidden(ctx, d.reason());
            return;
        }
        var sip = deps.config().network().sip();
        String extension = agent.get().extension();
        deps.calls().map(c -> c.phoneStates()).orElse(Future.succeededFuture(Optional.empty()))
                .otherwise(Optional.empty())
                .onComplete(ar -> {
                    Optional<java.util.Set<String>> phones = ar.succeeded() ? ar.result() : Optional.empty();
                    ctx.response().putHeader("Cache-Control", "no-store");
                    ApiError.json(ctx, 200, new JsonObject().put("extension", extension)
                            .put("sipPassword", agent.get().sipPassword()).put("domain", sip.domain())
                            .put("wsUrl", sip.ws().browserUrl(sip.host(), ctx.request().isSSL()).orElse(null))
                            .put("phoneRegistered", phones.map(set -> set.contains(extension)).orElse(false)));
                });
    }

    private Optional<AgentConfig> agentOr404(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Optional<AgentConfig> a = deps.agents().agent(id);
        if (a.isEmpty()) {
            ApiError.send(ctx, 404, "unknown_agent", "no agent '" + (id.length() > 64 ? id.substring(0, 64) : id)
                    + "'");
        }
        return a;
    }

    /** Authorises, fires, audits supervisor actions, answers. */
    private void act(RoutingContext ctx, Principal p, Action action, AgentConfig agent, AgentEvent event,
                     String auditAction, String detail) {
        act(ctx, p, action, agent, event, auditAction, detail, Future::succeededFuture);
    }

    /** As above; {@code accepted} runs once the event was accepted, and the answer waits for it. */
    private void act(RoutingContext ctx, Principal p, Action action, AgentConfig agent, AgentEvent event,
                     String auditAction, String detail, java.util.function.Supplier<Future<Void>> accepted) {
        boolean supervisorAction = event.cause().kind() == Cause.Kind.SUPERVISOR;
        AuthorizationPolicy.Decision d = deps.policy().decide(p, action, Optional.of(agent));
        if (!d.allowed()) {
            if (supervisorAction) {
                api.auditThen(ctx, audit(p, auditAction, agent, "denied " + detail + ": " + d.reason()),
                        () -> api.forbidden(ctx, d.reason()));
            } else {
                api.forbidden(ctx, d.reason());
            }
            return;
        }
        deps.agents().fire(agent.id(), event).onComplete(ar -> {
            if (ar.failed()) {
                if (supervisorAction) {
                    api.auditThen(ctx, audit(p, auditAction, agent, "failed " + detail), () -> ctx.fail(ar.cause()));
                } else {
                    ctx.fail(ar.cause());
                }
                return;
            }
            TransitionResult r = ar.result();
            Runnable answer = !(r instanceof TransitionResult.Accepted) ? () -> answer(ctx, r)
                    : () -> accepted.get().onSuccess(v -> answer(ctx, r)).onFailure(ctx::fail);
            if (supervisorAction) {
                String outcome = r instanceof TransitionResult.Rejected rej ? "rejected " + detail + ": " + rej.reason()
                        : "accepted " + detail;
                api.auditThen(ctx, audit(p, auditAction, agent, outcome), answer);
            } else {
                answer.run();
            }
        });
    }

    private AuditEntry audit(Principal p, String action, AgentConfig agent, String detail) {
        return new AuditEntry(p.username(), action, Optional.of(agent.id()), Optional.empty(), Optional.of(detail),
                deps.clock().instant());
    }

    private void answer(RoutingContext ctx, TransitionResult r) {
        if (r instanceof TransitionResult.Accepted acc) {
            AgentSnapshot s = acc.snapshot();
            ApiError.json(ctx, 200, AgentJson.toJson(s, deps.agents().agent(s.agentId()).orElse(null)));
            return;
        }
        TransitionResult.Rejected rej = (TransitionResult.Rejected) r;
        int status = switch (rej.reason()) {
            case MISSING_FIELD, UNKNOWN_REASON, UNKNOWN_WRAP_UP_CODE, INVALID_TARGET_STATE -> 400;
            default -> 409;
        };
        ApiError.send(ctx, status, rej.reason().name().toLowerCase(java.util.Locale.ROOT), rej.message());
    }
}
