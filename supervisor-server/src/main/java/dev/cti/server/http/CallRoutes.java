package dev.cti.server.http;

import dev.cti.config.AgentConfig;
import dev.cti.config.UserConfig;
import dev.cti.link.message.AnswerCall;
import dev.cti.link.message.HoldCall;
import dev.cti.link.message.ResumeCall;
import dev.cti.link.message.TargetKind;
import dev.cti.link.message.Transfer;
import dev.cti.server.agent.Cause;
import dev.cti.server.auth.Action;
import dev.cti.server.auth.AuthorizationPolicy;
import dev.cti.server.auth.Principal;
import dev.cti.server.call.CallCenter;
import dev.cti.privacy.PhoneMask;
import dev.cti.server.security.DialPermission;
import dev.cti.server.store.AuditEntry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Call control through the server (docs/API.md): hang up, transfer, hold, resume or answer a live call, consult
 * (then complete or cancel), click-to-dial as an
 * agent. The server forwards them to the gateway over the CTI link and answers 202 once sent; what
 * happens then arrives as call events. Acting on someone else's call or seat is audited first.
 */
final class CallRoutes {
    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{1,32}");

    private final ApiDependencies deps;
    private final HttpApiVerticle api;
    private final DialPermission dialing;

    CallRoutes(ApiDependencies deps, HttpApiVerticle api) {
        this.deps = deps;
        this.api = api;
        this.dialing = new DialPermission(deps.config(), deps.meters());
    }

    /** POST /api/calls/{id}/hangup. */
    void hangUp(RoutingContext ctx) {
        control(ctx, "hangup", "", calls -> calls.hangUp(ctx.pathParam("id")));
    }

    /** POST /api/calls/{id}/hold: the gateway holds the call (music to the caller). */
    void hold(RoutingContext ctx) {
        control(ctx, "hold", "", calls -> calls.command(new HoldCall(ctx.pathParam("id"))));
    }

    /** POST /api/calls/{id}/resume: ends a hold the gateway made; a hold made on the phone is the phone's to lift. */
    void resume(RoutingContext ctx) {
        control(ctx, "resume", "", calls -> calls.command(new ResumeCall(ctx.pathParam("id"))));
    }

    /** POST /api/calls/{id}/answer: the gateway asks the ringing phone to answer (remote answer). */
    void answer(RoutingContext ctx) {
        control(ctx, "answer", "", calls -> calls.command(new AnswerCall(ctx.pathParam("id"))));
    }

    /**
     * POST /api/calls/{id}/transfer {kind: queue | number | survey, target}; a survey's target is the call's queue
     * (absent: the server takes it), which must have one (400 {@code no_survey}).
     */
    void transfer(RoutingContext ctx) {
        Optional<JsonObject> body = api.body(ctx);
        if (body.isPresent() && "survey".equals(body.get().getValue("kind"))) {
            Object queue = body.get().getValue("target");
            String callId = ctx.pathParam("id");
            if (queue == null && deps.calls().isPresent()) { // the call's own queue
                deps.calls().get().callQueue(callId).onSuccess(q -> toSurvey(ctx, callId, q.orElse(null)))
                        .onFailure(ctx::fail);
            } else {
                toSurvey(ctx, callId, queue);
            }
            return;
        }
        target(ctx, "QUEUE", q -> deps.config().queue(q).isPresent(), "unknown_queue", true).ifPresent(to -> {
            String callId = ctx.pathParam("id");
            control(ctx, "transfer", to.kind().toLowerCase(Locale.ROOT) + " " + (to.number() ? "***" : to.value()),
                    calls -> calls.command(new Transfer(callId, TargetKind.valueOf(to.kind()), to.value())));
        });
    }

    private void toSurvey(RoutingContext ctx, String callId, Object queue) {
        if (!(queue instanceof String q) || deps.config().queue(q).flatMap(c -> c.survey()).isEmpty()) {
            api.badRequest(ctx, "no_survey", "'target' must be the call's queue (or absent), and it must have a survey");
            return;
        }
        control(ctx, "transfer", "survey " + q, calls -> calls.command(new Transfer(callId, TargetKind.SURVEY, q)));
    }

    /**
     * POST /api/calls/{id}/consult {kind: agent | number, target}: the gateway holds the customer and calls the
     * target (an agent's id, or a number through the dial plan); the agent talks to it privately, then completes or
     * cancels (issue 18).
     */
    void consult(RoutingContext ctx) {
        target(ctx, "AGENT", a -> deps.agents().agent(a).isPresent(), "unknown_agent", true).ifPresent(to -> {
            String callId = ctx.pathParam("id");
            Optional<AgentConfig> agent = to.number() ? Optional.empty() : deps.agents().agent(to.value());
            Principal p = HttpApiVerticle.session(ctx).principal();
            Cause cause = p.role() == UserConfig.Role.AGENT ? Cause.agent(p.username()) : Cause.supervisor(p.username());
            control(ctx, "consult", to.number() ? "number ***" : "agent " + to.value(), calls -> calls.consults()
                    .start(callId, agent, to.number() ? Optional.of(to.value()) : Optional.empty(), cause));
        });
    }

    /** A transfer's or a consult's target: {@code kind} upper case, NUMBER or the other kind the route takes. */
    private record Target(String kind, String value) {
        boolean number() {
            return kind.equals("NUMBER");
        }
    }

    /**
     * The body's {kind, target} of a transfer or a consult of the path's call, or of an agent's dial: {@code otherKind}
     * (a target that {@code known} must accept, else 400 {@code unknownCode}) or a number, checked for its form and,
     * when {@code transferPlan} (a transfer's or a consult's), against the dial plan (a dial's number is checked as a
     * dial by {@link #dialAs}). Empty once the refusal is answered.
     */
    private Optional<Target> target(RoutingContext ctx, String otherKind, java.util.function.Predicate<String> known,
                                    String unknownCode, boolean transferPlan) {
        Optional<JsonObject> body = api.body(ctx);
        if (body.isEmpty()) {
            return Optional.empty();
        }
        String kind = String.valueOf(body.get().getValue("kind", "")).toUpperCase(Locale.ROOT);
        String other = otherKind.toLowerCase(Locale.ROOT);
        Object target = body.get().getValue("target");
        if (!(kind.equals(otherKind) || kind.equals("NUMBER")) || !(target instanceof String t) || t.isBlank()) {
            api.badRequest(ctx, "bad_request", "'kind' must be " + other + " or number and 'target' a non-empty string");
            return Optional.empty();
        }
        if (kind.equals(otherKind) && !known.test(t)) {
            api.badRequest(ctx, unknownCode, "no " + other + " '" + (t.length() > 64 ? t.substring(0, 64) : t) + "'");
            return Optional.empty();
        }
        if (kind.equals("NUMBER")) {
            if (!NUMBER.matcher(t).matches()) {
                api.badRequest(ctx, "bad_number", "'target' must be digits with an optional leading '+'");
                return Optional.empty();
            }
            if (transferPlan && refusedDial(ctx, DialPermission.Action.TRANSFER, t, Optional.empty(),
                    Optional.of(ctx.pathParam("id")))) {
                return Optional.empty();
            }
        }
        return Optional.of(new Target(kind, t));
    }

    /** POST /api/calls/{id}/consult/complete: customer and consulted party joined, the agent released. */
    void completeConsult(RoutingContext ctx) {
        control(ctx, "consult-complete", "", calls -> calls.consults().complete(ctx.pathParam("id")));
    }

    /** POST /api/calls/{id}/consult/conference: the customer, the agent and the consulted party all together. */
    void conference(RoutingContext ctx) {
        control(ctx, "conference", "", calls -> calls.consults().conference(ctx.pathParam("id")));
    }

    /** POST /api/calls/{id}/consult/cancel: the consult leg hung up, the agent back with the customer. */
    void cancelConsult(RoutingContext ctx) {
        control(ctx, "consult-cancel", "", calls -> calls.consults().cancel(ctx.pathParam("id")));
    }

    /**
     * The role permissions and the trunk's dial plan (issue 13): a refused dial or transfer is audited (whoever
     * asked, for whichever seat) and answered 403 (400 for what is no number), never sent to the gateway.
     */
    private boolean refusedDial(RoutingContext ctx, DialPermission.Action action, String number,
                                Optional<String> agentId, Optional<String> callId) {
        Principal p = HttpApiVerticle.session(ctx).principal();
        Optional<DialPermission.Refusal> refusal = dialing.check(p.role(), action, number);
        if (refusal.isEmpty()) {
            return false;
        }
        DialPermission.Refusal r = refusal.get();
        api.auditThen(ctx, audit(p, action.label(), agentId, callId, "refused: " + r.reason() + " (number "
                + PhoneMask.mask(number) + ")"), () -> ApiError.send(ctx, r.status(), r.error(), r.message()));
        return true;
    }

    /**
     * POST /api/agents/{id}/dial {number}, or {kind: agent | number, target}: an agent target (a colleague's seat id,
     * extension or name) is an internal call (issue 18) through the gateway, not the trunk.
     */
    void dial(RoutingContext ctx) {
        Optional<AgentConfig> agent = deps.agents().agent(ctx.pathParam("id"));
        if (agent.isEmpty()) {
            ApiError.send(ctx, 404, "unknown_agent", "no such agent");
            return;
        }
        Optional<JsonObject> body = api.body(ctx);
        if (body.isEmpty()) {
            return;
        }
        if (body.get().containsKey("kind")) {
            target(ctx, "AGENT", who -> deps.config().agentsCalled(who).size() == 1, "unknown_agent", false)
                    .ifPresent(to -> {
                        Function<String, Future<JsonObject>> answer = requestId -> Future.succeededFuture(
                                new JsonObject().put("requestId", requestId));
                        if (to.number()) {
                            dialAs(ctx, agent.get(), to.value(), Optional.empty(), answer);
                        } else {
                            AgentConfig colleague = deps.config().agentsCalled(to.value()).get(0);
                            dialing(ctx, agent.get(), Optional.empty(), calls -> calls.dialColleague(agent.get().id(),
                                    colleague, cause(ctx, agent.get())), requestId -> answer.apply(requestId)
                                    .map(b -> b.put("colleague", colleague.id())));
                        }
                    });
            return;
        }
        if (!(body.get().getValue("number") instanceof String number) || !NUMBER.matcher(number).matches()) {
            api.badRequest(ctx, "bad_number", "'number' must be digits with an optional leading '+'");
            return;
        }
        dialAs(ctx, agent.get(), number, Optional.empty(),
                requestId -> Future.succeededFuture(new JsonObject().put("requestId", requestId)));
    }

    /**
     * Click-to-dial as {@code agent} after every check of POST /api/agents/{id}/dial (the DIAL permission, the dial
     * plan, a call center), refusals answered and audited as there; {@code scriptId} is shown instead of
     * {@code outbound.script} (a campaign's). Once commanded, {@code answer} turns the request id into the 202 body.
     */
    void dialAs(RoutingContext ctx, AgentConfig agent, String number, Optional<String> scriptId,
                Function<String, Future<JsonObject>> answer) {
        dialAs(ctx, agent, number, scriptId, Optional.empty(), answer);
    }

    /** As above; {@code queueId} gives the call its wrap-up rules (a preview campaign's queue). */
    void dialAs(RoutingContext ctx, AgentConfig agent, String number, Optional<String> scriptId,
                Optional<String> queueId, Function<String, Future<JsonObject>> answer) {
        dialing(ctx, agent, Optional.of(number),
                calls -> calls.dial(agent.id(), number, cause(ctx, agent), scriptId, queueId), answer);
    }

    /**
     * A dial as {@code agent} (the DIAL permission; a {@code number} also the dial plan; a call center), refusals
     * answered and audited; {@code start} commands it, {@code answer} turns the request id into the 202 body. A
     * colleague who cannot take a call is 409 {@code agent_unavailable}, an agent who cannot dial 409 {@code not_dialled}.
     */
    private void dialing(RoutingContext ctx, AgentConfig agent, Optional<String> number,
                         Function<CallCenter, Future<String>> start, Function<String, Future<JsonObject>> answer) {
        Optional<CallCenter> calls = deps.calls();
        Principal p = HttpApiVerticle.session(ctx).principal();
        AuthorizationPolicy.Decision d = deps.policy().decide(p, Action.DIAL, Optional.of(agent));
        boolean self = p.isSelf(agent.id());
        if (!d.allowed()) {
            deny(ctx, p, self, "dial", Optional.of(agent.id()), Optional.empty(), d.reason());
            return;
        }
        if (number.isPresent()
                && refusedDial(ctx, DialPermission.Action.DIAL, number.get(), Optional.of(agent.id()), Optional.empty())) {
            return;
        }
        if (calls.isEmpty()) {
            ApiError.send(ctx, 503, "no_call_center", "calls are not handled by this server");
            return;
        }
        Runnable go = () -> start.apply(calls.get())
                .onFailure(e -> {
                    if (e instanceof dev.cti.server.call.CallConsults.Refused r) {
                        ApiError.send(ctx, 409, r.error(), r.getMessage());
                    } else {
                        ApiError.send(ctx, 409, "not_dialled", e.getMessage());
                    }
                })
                .onSuccess(requestId -> answer.apply(requestId)
                        .onSuccess(body -> ApiError.json(ctx, 202, body)).onFailure(ctx::fail));
        if (self) {
            go.run();
        } else {
            api.auditThen(ctx, audit(p, "dial", Optional.of(agent.id()), Optional.empty(),
                    number.isPresent() ? "number ***" : "internal"), go);
        }
    }

    /** Who asks for a dial of {@code agent}'s: the agent itself, or a supervisor or admin. */
    private static Cause cause(RoutingContext ctx, AgentConfig agent) {
        Principal p = HttpApiVerticle.session(ctx).principal();
        return p.isSelf(agent.id()) ? Cause.agent(p.username()) : Cause.supervisor(p.username());
    }

    /** Authorises a command on a live call by the agent it is with, then sends it. */
    private void control(RoutingContext ctx, String action, String detail,
                         java.util.function.Function<CallCenter, Future<Long>> send) {
        Optional<CallCenter> calls = deps.calls();
        if (calls.isEmpty()) {
            ApiError.send(ctx, 503, "no_call_center", "calls are not handled by this server");
            return;
        }
        String callId = ctx.pathParam("id");
        Principal p = HttpApiVerticle.session(ctx).principal();
        calls.get().callAgent(callId).onSuccess(found -> {
            if (found.isEmpty()) {
                ApiError.send(ctx, 404, "unknown_call", "no live call with that id");
                return;
            }
            Optional<AgentConfig> agent = found.get().flatMap(deps.agents()::agent);
            AuthorizationPolicy.Decision d = agent.isPresent()
                    ? deps.policy().decide(p, Action.CONTROL_CALL, agent)
                    : p.role() == UserConfig.Role.AGENT
                            ? new AuthorizationPolicy.Decision(false, "only supervisors act on queued calls")
                            : new AuthorizationPolicy.Decision(true, "allowed");
            boolean self = agent.isPresent() && p.isSelf(agent.get().id());
            Optional<String> agentId = agent.map(AgentConfig::id);
            if (!d.allowed()) {
                deny(ctx, p, self, action, agentId, Optional.of(callId), d.reason());
                return;
            }
            Runnable go = () -> send.apply(calls.get())
                    .onSuccess(seq -> ApiError.json(ctx, 202, new JsonObject().put("callId", callId).put("sent", action)))
                    .onFailure(e -> {
                        if (e instanceof dev.cti.server.call.CallConsults.Refused r) {
                            ApiError.send(ctx, 409, r.error(), r.getMessage());
                        } else {
                            ApiError.send(ctx, 503, "gateway_unavailable", e.getMessage());
                        }
                    });
            if (self) {
                go.run();
            } else {
                api.auditThen(ctx, audit(p, action, agentId, Optional.of(callId), detail), go);
            }
        }).onFailure(ctx::fail);
    }

    private void deny(RoutingContext ctx, Principal p, boolean self, String action, Optional<String> agentId,
                      Optional<String> callId, String reason) {
        if (self) {
            api.forbidden(ctx, reason);
        } else {
            api.auditThen(ctx, audit(p, action, agentId, callId, "denied: " + reason), () -> api.forbidden(ctx, reason));
        }
    }

    private AuditEntry audit(Principal p, String action, Optional<String> agentId, Optional<String> callId,
                             String detail) {
        return new AuditEntry(p.username(), action, agentId, callId, Optional.of(detail), deps.clock().instant());
    }
}
