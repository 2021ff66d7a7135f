package dev.cti.server.http;

import dev.cti.config.AgentConfig;
import dev.cti.server.auth.Action;
import dev.cti.server.auth.AuthorizationPolicy;
import dev.cti.server.auth.Principal;
import dev.cti.server.auth.Scope;
import dev.cti.server.events.HelpHand;
import dev.cti.server.help.HelpDesk;
import dev.cti.server.store.AuditEntry;
import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * "Ask for help" over REST (issue 18, docs/API.md): the agent raises or lowers its hand during a call (ASK_HELP), the
 * supervisors of its team list the raised hands (VIEW_HELP) and join with the monitor API in whisper mode, which
 * lowers the hand. The hands are the {@link HelpDesk}'s, on this verticle's context.
 */
final class HelpRoutes {
    private final ApiDependencies deps;
    private final HttpApiVerticle api;
    private final HelpDesk desk;

    HelpRoutes(ApiDependencies deps, HttpApiVerticle api, Context context) {
        this.deps = deps;
        this.api = api;
        this.desk = new HelpDesk(context, deps.agents(), deps.events(), deps.clock());
    }

    void mount(Router router) {
        router.post("/api/agents/:id/help").handler(ctx -> seat(ctx, "help-raise", agent -> desk.raise(agent.id())
                .onSuccess(h -> ApiError.json(ctx, 201, new JsonObject().put("hand", hand(h, deps.clock().instant()))))
                .onFailure(e -> refused(ctx, e))));
        router.delete("/api/agents/:id/help").handler(ctx -> seat(ctx, "help-cancel", agent -> desk.cancel(agent.id())
                .onSuccess(was -> ApiError.json(ctx, 200, new JsonObject().put("lowered", was)))
                .onFailure(ctx::fail)));
        router.get("/api/help").handler(this::list);
    }

    /** The verticle stops: the desk stops taking the server's events. */
    void close() {
        desk.close();
    }

    /** GET /api/help: the raised hands the caller may see, longest waiting first; 403 for a role that sees none. */
    private void list(RoutingContext ctx) {
        Principal p = HttpApiVerticle.session(ctx).principal();
        if (deps.policy().scope(p.role(), Action.VIEW_HELP) == Scope.NONE) {
            api.forbidden(ctx, p.username() + " may not see the agents' raised hands");
            return;
        }
        desk.hands().onSuccess(all -> {
            Instant now = deps.clock().instant();
            List<HelpHand> visible = all.stream().filter(h -> deps.agents().agent(h.agentId())
                    .map(a -> deps.policy().decide(p, Action.VIEW_HELP, Optional.of(a)).allowed()).orElse(false))
                    .toList();
            JsonArray out = new JsonArray();
            visible.forEach(h -> out.add(hand(h, now)));
            ApiError.json(ctx, 200, new JsonObject().put("hands", out));
        }).onFailure(ctx::fail);
    }

    /** The path's agent, if the caller may raise or lower its hand (ASK_HELP; someone else's is audited). */
    private void seat(RoutingContext ctx, String action, Consumer<AgentConfig> then) {
        Optional<AgentConfig> agent = deps.agents().agent(ctx.pathParam("id"));
        if (agent.isEmpty()) {
            ApiError.send(ctx, 404, "unknown_agent", "no such agent");
            return;
        }
        Principal p = HttpApiVerticle.session(ctx).principal();
        AuthorizationPolicy.Decision d = deps.policy().decide(p, Action.ASK_HELP, agent);
        boolean self = p.isSelf(agent.get().id());
        if (!d.allowed()) {
            if (self) {
                api.forbidden(ctx, d.reason());
            } else {
                api.auditThen(ctx, audit(p, action, agent.get(), "denied: " + d.reason()),
                        () -> api.forbidden(ctx, d.reason()));
            }
        } else if (self) {
            then.accept(agent.get());
        } else {
            api.auditThen(ctx, audit(p, action, agent.get(), "for the agent"), () -> then.accept(agent.get()));
        }
    }

    private void refused(RoutingContext ctx, Throwable e) {
        if (e instanceof HelpDesk.Refused r) {
            ApiError.send(ctx, 409, r.error(), r.getMessage());
        } else {
            ctx.fail(e);
        }
    }

    private AuditEntry audit(Principal p, String action, AgentConfig agent, String detail) {
        return new AuditEntry(p.username(), action, Optional.of(agent.id()), Optional.empty(), Optional.of(detail),
                deps.clock().instant());
    }

    /** A hand as JSON: the agent (id and name), its call and queue, since when and how long it has waited. */
    static JsonObject hand(HelpHand h) {
        return new JsonObject().put("agentId", h.agentId()).put("callId", h.callId())
                .put("queueId", h.queueId().orElse(null)).put("raisedAt", h.raisedAt().toString());
    }

    private JsonObject hand(HelpHand h, Instant now) {
        return hand(h).put("name", deps.agents().agent(h.agentId()).map(AgentConfig::name).orElse(null))
                .put("waitingSeconds", Math.max(0, Duration.between(h.raisedAt(), now).toSeconds()));
    }
}
