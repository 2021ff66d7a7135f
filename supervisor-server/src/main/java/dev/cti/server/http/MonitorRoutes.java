package dev.cti.server.http;

import dev.cti.config.AgentConfig;
import dev.cti.config.UserConfig;
import dev.cti.link.message.MonitorMode;
import dev.cti.server.auth.Action;
import dev.cti.server.auth.AuthorizationPolicy;
import dev.cti.server.auth.Principal;
import dev.cti.server.call.CallCenter;
import dev.cti.server.monitor.MonitorException;
import dev.cti.server.events.MonitorView;
import dev.cti.server.monitor.Monitors;
import dev.cti.server.store.AuditEntry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * Supervisor monitoring over REST (docs/API.md, "Monitoring"): start, switch and stop listen / whisper /
 * barge / take-over sessions and list the live ones. Who may: Action.MONITOR on the agent for a start; the
 * supervisor who started a session, or an admin, for a switch or stop. Every start, switch and stop, and
 * every refused attempt, is in the audit log before the answer.
 */
final class MonitorRoutes {
    private static final String MODES = "'mode' must be listen, whisper, barge or takeover";

    private final ApiDependencies deps;
    private final HttpApiVerticle api;

    MonitorRoutes(ApiDependencies deps, HttpApiVerticle api) {
        this.deps = deps;
        this.api = api;
    }

    /** GET /api/monitors: the live sessions of agents the caller may see; agents get 403. */
    void list(RoutingContext ctx) {
        Principal p = HttpApiVerticle.session(ctx).principal();
        if (p.role() == UserConfig.Role.AGENT) {
            api.forbidden(ctx, "agents may not see monitor sessions");
            return;
        }
        Optional<Monitors> monitors = monitors(ctx);
        if (monitors.isEmpty()) {
            return;
        }
        monitors.get().list().onSuccess(all -> {
            List<MonitorView> visible = all.stream().filter(m -> p.username().equals(m.supervisor())
                    || deps.agents().agent(m.agentId())
                            .map(a -> deps.policy().decide(p, Action.VIEW_AGENT, Optional.of(a)).allowed()).orElse(false))
                    .toList();
            ApiError.json(ctx, 200, new JsonObject().put("monitors", MonitorJson.monitors(visible)));
        }).onFailure(ctx::fail);
    }

    /** POST /api/monitors {agentId, mode} -> 201 {monitor}. */
    void start(RoutingContext ctx) {
        Optional<JsonObject> body = api.body(ctx);
        if (body.isEmpty()) {
            return;
        }
        Optional<MonitorMode> mode = Monitors.mode(body.get().getValue("mode"));
        if (!(body.get().getValue("agentId") instanceof String agentId) || mode.isEmpty()) {
            api.badRequest(ctx, "bad_request", "'agentId' must be a string and " + MODES);
            return;
        }
        Optional<AgentConfig> agent = deps.agents().agent(agentId);
        if (agent.isEmpty()) {
            ApiError.send(ctx, 404, "unknown_agent", "no such agent");
            return;
        }
        Principal p = HttpApiVerticle.session(ctx).principal();
        String detail = "mode=" + body.get().getString("mode");
        AuthorizationPolicy.Decision d = deps.policy().decide(p, Action.MONITOR, agent);
        if (!d.allowed()) {
            deny(ctx, p, "monitor-start", agentId, Optional.empty(), d.reason());
            return;
        }
        Optional<Monitors> monitors = monitors(ctx);
        if (monitors.isEmpty()) {
            return;
        }
        monitors.get().reserve(p.username(), p.agent(), agentId, mode.get()).onFailure(e -> failed(ctx, e))
                .onSuccess(reserved -> {
                    String monitorId = reserved.monitorId();
                    AuditEntry entry = audit(p, "monitor-start", agentId, Optional.of(reserved.callId()),
                            detail);
                    deps.store().recordAudit(entry).onComplete(ar -> {
                        if (ar.failed()) {
                            monitors.get().discard(monitorId);
                            if (!ApiError.storeUnavailable(ctx, ar.cause())) {
                                ApiError.send(ctx, 500, "audit_failed", "the action could not be recorded in the audit log");
                            }
                            return;
                        }
                        monitors.get().launch(monitorId)
                                .onSuccess(m -> ApiError.json(ctx, 201,
                                        new JsonObject().put("monitor", MonitorJson.monitor(m))))
                                .onFailure(e -> failed(ctx, e));
                    });
                });
    }

    /** PUT /api/monitors/{monitorId} {mode} -> 202 {monitor}; the mode applies when the gateway confirms. */
    void switchMode(RoutingContext ctx) {
        Optional<JsonObject> body = api.body(ctx);
        if (body.isEmpty()) {
            return;
        }
        Optional<MonitorMode> mode = Monitors.mode(body.get().getValue("mode"));
        if (mode.isEmpty()) {
            api.badRequest(ctx, "bad_request", MODES);
            return;
        }
        owned(ctx, "monitor-switch", "mode=" + body.get().getString("mode"),
                (monitors, id) -> monitors.switchMode(id, mode.get()));
    }

    /** DELETE /api/monitors/{monitorId} -> 202 {monitor}; the session ends when the gateway confirms. */
    void stop(RoutingContext ctx) {
        owned(ctx, "monitor-stop", "", Monitors::stop);
    }

    /** Finds the session, checks that the caller started it (or is an admin), audits, then acts. */
    private void owned(RoutingContext ctx, String action, String detail,
                       java.util.function.BiFunction<Monitors, String, io.vertx.core.Future<MonitorView>> act) {
        Optional<Monitors> monitors = monitors(ctx);
        if (monitors.isEmpty()) {
            return;
        }
        String monitorId = ctx.pathParam("monitorId");
        Principal p = HttpApiVerticle.session(ctx).principal();
        monitors.get().find(monitorId).onFailure(e -> failed(ctx, e)).onSuccess(m -> {
            String agentId = m.agentId();
            Optional<String> callId = Optional.of(m.callId());
            if (p.role() != UserConfig.Role.ADMIN && !p.username().equals(m.supervisor())) {
                deny(ctx, p, action, agentId, callId, "only " + m.supervisor()
                        + ", who started it, or an admin may change monitor " + monitorId);
                return;
            }
            String what = detail.isEmpty() ? "mode=" + MonitorJson.monitor(m).getString("mode") : detail;
            api.auditThen(ctx, audit(p, action, agentId, callId, what), () -> act.apply(monitors.get(), monitorId)
                    .onSuccess(after -> ApiError.json(ctx, 202,
                            new JsonObject().put("monitor", MonitorJson.monitor(after))))
                    .onFailure(e -> failed(ctx, e)));
        });
    }

    private Optional<Monitors> monitors(RoutingContext ctx) {
        Optional<CallCenter> calls = deps.calls();
        if (calls.isEmpty()) {
            ApiError.send(ctx, 503, "no_call_center", "calls are not handled by this server");
            return Optional.empty();
        }
        return Optional.of(calls.get().monitors());
    }

    private static void failed(RoutingContext ctx, Throwable e) {
        if (e instanceof MonitorException m) {
            ApiError.send(ctx, m.status(), m.code(), m.getMessage());
        } else {
            ctx.fail(e);
        }
    }

    private void deny(RoutingContext ctx, Principal p, String action, String agentId, Optional<String> callId,
                      String reason) {
        api.auditThen(ctx, audit(p, action, agentId, callId, "denied: " + reason), () -> api.forbidden(ctx, reason));
    }

    private AuditEntry audit(Principal p, String action, String agentId, Optional<String> callId, String detail) {
        return new AuditEntry(p.username(), action, Optional.of(agentId), callId, Optional.of(detail),
                deps.clock().instant());
    }
}
