package dev.cti.server.http;

import dev.cti.config.QueueConfig;
import dev.cti.config.WrapUpCode;
import dev.cti.server.auth.Action;
import dev.cti.server.auth.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * What every screen reads first (docs/API.md): who is logged in ({@code /api/me}), the queues with their live figures
 * ({@code /api/queues}), the site's labels and timers ({@code /api/site}) and the live calls the caller may see
 * ({@code /api/calls}).
 */
final class OverviewRoutes {
    private final ApiDependencies deps;
    private final HttpApiVerticle api;

    OverviewRoutes(ApiDependencies deps, HttpApiVerticle api) {
        this.deps = deps;
        this.api = api;
    }

    void me(RoutingContext ctx) {
        Principal p = HttpApiVerticle.session(ctx).principal();
        JsonObject o = principalJson(p).put("expiresAt", HttpApiVerticle.session(ctx).expiresAt().toString());
        p.agent().flatMap(id -> deps.agents().snapshot(id))
                .ifPresent(snap -> o.put("agentState", dev.cti.server.agent.AgentJson.toJson(snap,
                        deps.agents().agent(snap.agentId()).orElse(null))));
        ApiError.json(ctx, 200, o);
    }

    static JsonObject principalJson(Principal p) {
        JsonObject o = new JsonObject().put("username", p.username()).put("displayName", p.displayName())
                .put("role", p.role().name()).put("teams", new JsonArray(p.teams()));
        p.agent().ifPresent(a -> o.put("agent", a));
        return o;
    }

    void queues(RoutingContext ctx) {
        Principal p = HttpApiVerticle.session(ctx).principal();
        if (!deps.policy().decide(p, Action.VIEW_QUEUES, Optional.empty()).allowed()) {
            api.forbidden(ctx, "you may not view queues");
            return;
        }
        JsonArray out = new JsonArray();
        for (QueueConfig q : deps.config().queues()) {
            JsonArray codes = new JsonArray();
            for (WrapUpCode c : deps.config().wrapUpCodesFor(q.id())) {
                codes.add(new JsonObject().put("code", c.code()).put("label", c.label().byLanguage())
                        .put("category", c.category().name()));
            }
            JsonObject o = new JsonObject().put("id", q.id()).put("name", q.name().byLanguage())
                    .put("numbers", new JsonArray(q.numbers())).put("language", q.language())
                    .put("priority", q.priority()).put("strategy", q.strategy().yamlName())
                    .put("serviceLevel", new JsonObject().put("thresholdSeconds", q.serviceLevel().thresholdSeconds())
                            .put("targetPercent", q.serviceLevel().targetPercent()))
                    .put("requiredSkills", new JsonObject(new java.util.HashMap<>(q.requiredSkills())))
                    .put("ringTimeoutSeconds", q.ringTimeoutSeconds()).put("wrapUpSeconds", q.wrapUpSeconds())
                    .put("wrapUpCodeRequired", q.wrapUpCodeRequired()).put("maxWaitSeconds", q.maxWaitSeconds())
                    .put("wrapUpCodes", codes);
            q.overflow().ifPresent(ov -> o.put("overflow",
                    new JsonObject().put("afterSeconds", ov.afterSeconds()).put("queue", ov.queue())));
            out.add(o);
        }
        if (deps.calls().isEmpty()) {
            ApiError.json(ctx, 200, new JsonObject().put("queues", out));
            return;
        }
        deps.calls().get().queues().map(QueueJson::figures).onSuccess(live -> {
            for (int i = 0; i < out.size(); i++) {
                JsonObject figures = live.getJsonObject(i);
                JsonObject queue = out.getJsonObject(i);
                figures.fieldNames().stream().filter(k -> !k.equals("id")).toList()
                        .forEach(k -> queue.put(k, figures.getValue(k)));
            }
            ApiError.json(ctx, 200, new JsonObject().put("queues", out));
        }).onFailure(ctx::fail);
    }

    /**
     * What every screen needs to label and time things: company, languages, the compliance timers, the
     * not-ready reasons and the wrap-up codes (with the queues each applies to), the teams' names, and whether agents
     * may play their own calls (the desktop's evaluations say why not before asking). Any logged-in user.
     */
    void site(RoutingContext ctx) {
        var c = deps.config();
        JsonArray reasons = new JsonArray();
        c.notReadyReasons().forEach(r -> reasons.add(new JsonObject().put("code", r.code())
                .put("label", r.label().byLanguage())));
        JsonArray codes = new JsonArray();
        c.wrapUpCodes().forEach(w -> codes.add(new JsonObject().put("code", w.code()).put("label", w.label().byLanguage())
                .put("category", w.category().name()).put("queues", new JsonArray(w.queues()))));
        JsonObject compliance = new JsonObject().put("ringTargetRings", c.compliance().ringTargetRings())
                .put("ringCadenceSeconds", c.compliance().ringCadenceSeconds())
                .put("holdThresholdsSeconds", new JsonArray(c.compliance().holdThresholdsSeconds()))
                .put("waitReassuranceSeconds", c.compliance().waitReassuranceSeconds());
        JsonArray teams = new JsonArray();
        c.teams().forEach(team -> teams.add(new JsonObject().put("id", team.id()).put("name", team.name().byLanguage())));
        ApiError.json(ctx, 200, new JsonObject().put("company", c.site().company().byLanguage())
                .put("defaultLanguage", c.site().defaultLanguage()).put("timeZone", c.site().timeZone())
                .put("compliance", compliance).put("notReadyReasons", reasons).put("wrapUpCodes", codes)
                .put("teams", teams)
                .put("recording", new JsonObject().put("agentsHearOwnCalls", c.recording().agentsHearOwnCalls())));
    }

    /** Live calls (numbers masked), scoped like the push ({@link CallScope}): an agent's calls, a team's, or all. */
    void calls(RoutingContext ctx) {
        Principal p = HttpApiVerticle.session(ctx).principal();
        if (deps.calls().isEmpty()) {
            ApiError.json(ctx, 200, new JsonObject().put("calls", new JsonArray()));
            return;
        }
        deps.calls().get().callsJson().onSuccess(all -> {
            JsonArray visible = new JsonArray();
            for (int i = 0; i < all.size(); i++) {
                JsonObject c = all.getJsonObject(i);
                if (CallScope.visible(deps, p, c.getString("agentId"))) {
                    visible.add(c);
                }
            }
            ApiError.json(ctx, 200, new JsonObject().put("calls", visible));
        }).onFailure(ctx::fail);
    }
}
