package dev.cti.server.http;

import dev.cti.config.AgentConfig;
import dev.cti.config.ScriptConfig;
import dev.cti.server.agent.AgentSnapshot;
import dev.cti.server.auth.Action;
import dev.cti.server.auth.AuthorizationPolicy;
import dev.cti.server.auth.Principal;
import dev.cti.server.store.ScriptShown;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * POST /api/agents/{id}/script-events {kind, id, scriptId?, callId?} → 204: the agent's desktop reports a script
 * step the agent moved to ({@code step}), a quick phrase the agent used or the before-hold phrase confirmed
 * ({@code phrase}), or a phrase the desktop put up by itself ({@code prompt}: after a hold, past a hold threshold).
 * Stored in {@code scripts_shown} against the agent's current call (durable before the answer), it is the evidence
 * the QA pre-fill reads. Only the agent on their own seat ({@link Action#SET_STATE}); the step or phrase must be one
 * of the script's.
 */
final class ScriptEventRoutes {
    private static final List<String> KINDS = List.of("step", "phrase", "prompt");

    private final ApiDependencies deps;
    private final HttpApiVerticle api;

    ScriptEventRoutes(ApiDependencies deps, HttpApiVerticle api) {
        this.deps = deps;
        this.api = api;
    }

    void report(RoutingContext ctx) {
        String agentId = ctx.pathParam("id");
        Optional<AgentConfig> agent = deps.agents().agent(agentId);
        if (agent.isEmpty()) {
            ApiError.send(ctx, 404, "unknown_agent", "no agent '" + (agentId.length() > 64 ? agentId.substring(0, 64)
                    : agentId) + "'");
            return;
        }
        Principal p = HttpApiVerticle.session(ctx).principal();
        AuthorizationPolicy.Decision d = deps.policy().decide(p, Action.SET_STATE, agent);
        if (!d.allowed() || !p.isSelf(agentId)) {
            api.forbidden(ctx, d.allowed() ? "only the agent reports what their desktop showed" : d.reason());
            return;
        }
        Optional<JsonObject> body = api.body(ctx);
        if (body.isEmpty()) {
            return;
        }
        JsonObject b = body.get();
        if (!(b.getValue("kind") instanceof String kind) || !KINDS.contains(kind)
                || !(b.getValue("id") instanceof String id) || id.isBlank() || id.length() > 64) {
            api.badRequest(ctx, "bad_request", "'kind' must be step, phrase or prompt and 'id' the step's or phrase's id");
            return;
        }
        Object rawScript = b.getValue("scriptId");
        Object rawCall = b.getValue("callId");
        if (rawScript != null && !(rawScript instanceof String) || rawCall != null && !(rawCall instanceof String)) {
            api.badRequest(ctx, "bad_request", "'scriptId' and 'callId' must be strings");
            return;
        }
        AgentSnapshot snap = deps.agents().snapshot(agentId).orElseThrow();
        Optional<String> callId = snap.callId();
        if (callId.isEmpty()) {
            ApiError.send(ctx, 409, "no_call", "the agent is on no call to report for");
            return;
        }
        if (rawCall != null && !rawCall.equals(callId.get())) {
            ApiError.send(ctx, 409, "wrong_call", "the agent's call is another one");
            return;
        }
        Optional<String> scriptId = rawScript != null ? Optional.of((String) rawScript)
                : snap.queueId().flatMap(deps.config()::queue).flatMap(q -> q.script());
        Optional<ScriptConfig> script = scriptId.flatMap(deps.config()::script);
        if (script.isEmpty()) {
            api.badRequest(ctx, "unknown_script", "no script to report for: give a known 'scriptId'");
            return;
        }
        boolean known = kind.equals("step") ? script.get().steps().stream().anyMatch(s -> s.id().equals(id))
                : script.get().quickPhrases().stream().anyMatch(ph -> ph.id().equals(id));
        if (!known) {
            api.badRequest(ctx, "unknown_step", "script " + script.get().id() + " has no " + (kind.equals("step")
                    ? "step" : "quick phrase") + " '" + id + "'");
            return;
        }
        ScriptShown shown = new ScriptShown(callId, agentId, script.get().id(), Optional.of(id),
                agent.get().language(), deps.clock().instant());
        deps.qa().service().callHistory().recordScriptEvent(shown, kind)
                .onSuccess(v -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }
}
