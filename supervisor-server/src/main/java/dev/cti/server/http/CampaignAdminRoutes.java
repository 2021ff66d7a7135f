package dev.cti.server.http;

import dev.cti.config.OutboundConfig;
import dev.cti.server.auth.Action;
import dev.cti.server.auth.AuthorizationPolicy;
import dev.cti.server.auth.Principal;
import dev.cti.server.campaign.CampaignException;
import dev.cti.server.campaign.CampaignService;
import dev.cti.server.store.AuditEntry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Admins create and edit campaigns in the browser (issue 18; docs/API.md, "Campaigns"): the definition is the JSON of
 * one {@code outbound.campaigns[]} item, read with the configuration's schema and checks; a bad one is answered 400
 * {@code invalid_campaign} naming each field. The configuration's campaigns are shown, not changed (409 read_only).
 */
final class CampaignAdminRoutes {
    private final ApiDependencies deps;
    private final HttpApiVerticle api;
    private final CampaignService service;

    CampaignAdminRoutes(ApiDependencies deps, HttpApiVerticle api, CampaignService service) {
        this.deps = deps;
        this.api = api;
        this.service = service;
    }

    void mount(Router router) {
        router.post("/api/campaigns").handler(this::create);
        router.get("/api/campaigns/choices").handler(this::choices);
        router.get("/api/campaigns/:campaign/definition").handler(this::definition);
        router.put("/api/campaigns/:campaign").handler(this::update);
        router.delete("/api/campaigns/:campaign").handler(this::delete);
    }

    /**
     * DELETE /api/campaigns/{id} ({@link Action#DELETE_CAMPAIGN}): a campaign created in the browser, soft (its records
     * keep their history); 409 {@code read_only} for the configuration's, 409 {@code records_in_progress} while an
     * agent holds one of its records. Audited.
     */
    private void delete(RoutingContext ctx) {
        Principal p = HttpApiVerticle.session(ctx).principal();
        AuthorizationPolicy.Decision d = deps.policy().decide(p, Action.DELETE_CAMPAIGN, Optional.empty());
        if (!d.allowed()) {
            api.forbidden(ctx, d.reason());
            return;
        }
        String id = ctx.pathParam("campaign");
        Future<Void> f;
        try {
            f = service.delete(id, p.username());
        } catch (CampaignException e) {
            refuse(api, ctx, e);
            return;
        }
        f.onFailure(e -> failed(ctx, e)).onSuccess(v -> api.auditThen(ctx, new AuditEntry(p.username(), "delete-campaign", Optional.empty(),
                Optional.empty(), Optional.of("campaign " + id), deps.clock().instant()),
                () -> ApiError.json(ctx, 200, new JsonObject().put("campaign", id).put("deleted", true))));
    }

    /** GET /api/campaigns/choices: what a definition may name: queues, teams, scripts with their steps, outcomes. */
    private void choices(RoutingContext ctx) {
        if (admin(ctx).isEmpty()) {
            return;
        }
        var config = deps.config();
        JsonArray queues = new JsonArray();
        config.queues().forEach(q -> queues.add(new JsonObject().put("id", q.id()).put("name", q.name().byLanguage())));
        JsonArray teams = new JsonArray();
        config.teams().forEach(t -> teams.add(new JsonObject().put("id", t.id()).put("name", t.name().byLanguage())));
        JsonArray scripts = new JsonArray();
        config.scripts().forEach(sc -> {
            JsonArray steps = new JsonArray();
            sc.steps().forEach(st -> steps.add(new JsonObject().put("id", st.id()).put("title", st.title().byLanguage())));
            scripts.add(new JsonObject().put("id", sc.id()).put("name", sc.name().byLanguage()).put("steps", steps));
        });
        JsonArray outcomes = new JsonArray();
        config.wrapUpCodes().forEach(w -> outcomes.add(new JsonObject().put("code", w.code())
                .put("label", w.label().byLanguage()).put("category", w.category().name())));
        ApiError.json(ctx, 200, new JsonObject().put("queues", queues).put("teams", teams).put("scripts", scripts)
                .put("outcomes", outcomes));
    }

    /** GET /api/campaigns/{id}/definition: the campaign's definition (do-not-call numbers in full), for the form. */
    private void definition(RoutingContext ctx) {
        if (admin(ctx).isEmpty()) {
            return;
        }
        try {
            OutboundConfig.Campaign c = service.campaign(ctx.pathParam("campaign"));
            ApiError.json(ctx, 200, new JsonObject().put("definition", CampaignJson.definition(c))
                    .put("source", source(c)));
        } catch (CampaignException e) {
            refuse(api, ctx, e);
        }
    }

    /** POST /api/campaigns with a definition: 201 and the campaign; audited. */
    private void create(RoutingContext ctx) {
        Optional<Principal> p = admin(ctx);
        Optional<JsonObject> body = p.isEmpty() ? Optional.empty() : api.body(ctx);
        if (body.isEmpty()) {
            return;
        }
        save(ctx, p.get(), "create-campaign", 201, () -> service.create(body.get().encode(), p.get().username()));
    }

    /** PUT /api/campaigns/{id} with the whole definition: 200 and the campaign; audited. */
    private void update(RoutingContext ctx) {
        Optional<Principal> p = admin(ctx);
        Optional<JsonObject> body = p.isEmpty() ? Optional.empty() : api.body(ctx);
        if (body.isEmpty()) {
            return;
        }
        if (!body.get().containsKey("id")) {
            body.get().put("id", ctx.pathParam("campaign"));
        }
        save(ctx, p.get(), "edit-campaign", 200, () -> service.update(ctx.pathParam("campaign"),
                body.get().encode(), p.get().username()));
    }

    private void save(RoutingContext ctx, Principal p, String action, int status,
                      java.util.function.Supplier<Future<OutboundConfig.Campaign>> work) {
        Future<OutboundConfig.Campaign> f;
        try {
            f = work.get();
        } catch (CampaignException e) {
            refuse(api, ctx, e);
            return;
        }
        f.onFailure(e -> failed(ctx, e)).onSuccess(c -> api.auditThen(ctx, new AuditEntry(p.username(), action, Optional.empty(), Optional.empty(),
                Optional.of("campaign " + c.id()), deps.clock().instant()), () -> service.counts(c)
                .onSuccess(counts -> ApiError.json(ctx, status, new JsonObject().put("campaign",
                        CampaignJson.campaign(deps.config(), c, service.withinHours(c), counts)
                                .put("source", source(c)))))
                .onFailure(ctx::fail)));
    }

    private void failed(RoutingContext ctx, Throwable e) {
        if (e instanceof CampaignException c) {
            refuse(api, ctx, c);
        } else {
            ctx.fail(e);
        }
    }

    /** Where the campaign is defined: {@code configuration} (read-only here) or {@code browser}. */
    String source(OutboundConfig.Campaign c) {
        return service.configured(c.id()) ? "configuration" : "browser";
    }

    /** The caller when an admin (MANAGE_CAMPAIGNS), else empty after answering 403. */
    private Optional<Principal> admin(RoutingContext ctx) {
        Principal p = HttpApiVerticle.session(ctx).principal();
        AuthorizationPolicy.Decision d = deps.policy().decide(p, Action.MANAGE_CAMPAIGNS, Optional.empty());
        if (!d.allowed()) {
            api.forbidden(ctx, d.reason());
            return Optional.empty();
        }
        return Optional.of(p);
    }

    /** A campaign refusal: 400s of a definition name the first field and list every one ({field, message}). */
    static void refuse(HttpApiVerticle api, RoutingContext ctx, CampaignException e) {
        if (e.errors().isEmpty()) {
            api.refused(ctx, e.status(), e.code(), e.getMessage());
            return;
        }
        JsonArray errors = new JsonArray();
        e.errors().forEach(x -> errors.add(new JsonObject().put("field", x.path()).put("message", x.message())));
        api.badRequest(ctx, e.code(), e.getMessage(), new JsonObject().put("field", e.errors().get(0).path())
                .put("errors", errors));
    }
}
