package dev.cti.server.http;

import dev.cti.config.AgentConfig;
import dev.cti.config.OutboundConfig;
import dev.cti.server.auth.Action;
import dev.cti.server.auth.AuthorizationPolicy;
import dev.cti.server.auth.Principal;
import dev.cti.server.campaign.CampaignException;
import dev.cti.server.campaign.CampaignService;
import dev.cti.server.store.AuditEntry;
import dev.cti.server.store.CampaignDefinitionStore;
import dev.cti.server.store.CampaignStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Preview campaigns (issue 18; docs/API.md, "Campaigns"): the list, call-list imports (CSV, admins), the agent's
 * preview work (next record, dial, skip, outcome) and the figures.
 */
final class CampaignRoutes {
    private final ApiDependencies deps;
    private final HttpApiVerticle api;
    private final CallRoutes calls;
    private final CampaignService service;
    private final CampaignAdminRoutes admin;
    private final PreviewOutcome outcomes;
    private final dev.cti.server.events.Topic.Subscription<dev.cti.server.events.AgentUpdate> logouts;

    CampaignRoutes(ApiDependencies deps, HttpApiVerticle api, CallRoutes calls) {
        this.deps = deps;
        this.api = api;
        this.calls = calls;
        this.service = new CampaignService(deps.config(), new CampaignStore(deps.store()),
                new CampaignDefinitionStore(deps.store()), deps.meters(), deps.clock());
        this.admin = new CampaignAdminRoutes(deps, api, service);
        this.outcomes = new PreviewOutcome(deps, service);
        service.start();
        // an agent who logs out (or is logged out) lets go of the records it held
        this.logouts = deps.events().agents().subscribe(io.vertx.core.Vertx.currentContext(), update -> {
            if (update instanceof dev.cti.server.events.AgentUpdate.Changed ch && !ch.restored()
                    && ch.change().isPresent()
                    && ch.snapshot().state() == dev.cti.server.agent.AgentState.LOGGED_OUT) {
                service.loggedOut(ch.agentId());
            }
        });
    }

    /** Stops taking the agents' updates (the server's events outlive the API verticle). */
    void close() {
        logouts.cancel();
    }

    /** Whether the request is a call-list import (its body may be as large as a customer import's). */
    static boolean isImport(String path) {
        return path.startsWith("/api/campaigns/") && path.endsWith("/import");
    }

    void mount(Router router) {
        router.get("/api/campaigns").handler(this::list);
        router.get("/api/campaigns/figures").handler(this::figures);
        router.post("/api/campaigns/:campaign/import").handler(this::importCsv);
        admin.mount(router);
        router.post("/api/agents/:id/preview/next").handler(ctx -> seat(ctx, this::next));
        router.post("/api/agents/:id/preview/dial").handler(ctx -> seat(ctx, this::dial));
        router.post("/api/agents/:id/preview/skip").handler(ctx -> seat(ctx, this::skip));
        router.post("/api/agents/:id/preview/outcome").handler(ctx -> seat(ctx, this::outcome));
    }

    /** GET /api/campaigns: every campaign for those who manage or see figures; an agent's own ones to an agent. */
    private void list(RoutingContext ctx) {
        Principal p = HttpApiVerticle.session(ctx).principal();
        boolean all = deps.policy().mayAtAll(p, Action.MANAGE_CAMPAIGNS)
                || deps.policy().scope(p.role(), Action.VIEW_CAMPAIGN_FIGURES) != dev.cti.server.auth.Scope.SELF;
        Optional<AgentConfig> seat = p.agent().flatMap(deps.agents()::agent);
        List<OutboundConfig.Campaign> shown = service.campaigns().stream()
                .filter(c -> all || seat.isPresent() && service.assigned(c, seat.get())).toList();
        List<Future<JsonObject>> each = shown.stream().map(c -> service.counts(c).map(counts -> {
            JsonObject o = CampaignJson.campaign(deps.config(), c, service.withinHours(c), counts)
                    .put("source", admin.source(c));
            seat.ifPresent(a -> o.put("assigned", service.assigned(c, a)));
            return o;
        })).toList();
        Future.all(each).onSuccess(f -> {
            JsonArray out = new JsonArray();
            each.forEach(x -> out.add(x.result()));
            ApiError.json(ctx, 200, new JsonObject().put("campaigns", out));
        }).onFailure(ctx::fail);
    }

    /** POST /api/campaigns/{id}/import with a CSV body (number,name,title,notes): admins; audited. */
    private void importCsv(RoutingContext ctx) {
        Principal p = HttpApiVerticle.session(ctx).principal();
        AuthorizationPolicy.Decision d = deps.policy().decide(p, Action.MANAGE_CAMPAIGNS, Optional.empty());
        if (!d.allowed()) {
            api.forbidden(ctx, d.reason());
            return;
        }
        OutboundConfig.Campaign c;
        try {
            c = service.campaign(ctx.pathParam("campaign"));
        } catch (CampaignException e) {
            refuse(ctx, e);
            return;
        }
        String csv = ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString("UTF-8");
        service.importCsv(c, new StringReader(csv), p.username()).onSuccess(r -> api.auditThen(ctx,
                new AuditEntry(p.username(), "import-call-list", Optional.empty(), Optional.empty(),
                        Optional.of("campaign " + c.id() + ": " + r.imported() + " imported, " + r.duplicates().size()
                                + " duplicates, " + r.doNotCall().size() + " do-not-call, " + r.rejected().size()
                                + " rejected"), deps.clock().instant()),
                () -> ApiError.json(ctx, 200, CampaignJson.report(r).put("campaign", c.id()))))
                .onFailure(ctx::fail);
    }

    /** GET /api/campaigns/figures?day=YYYY-MM-DD (default today, site.timeZone): per campaign and per agent. */
    private void figures(RoutingContext ctx) {
        Principal p = HttpApiVerticle.session(ctx).principal();
        if (!deps.policy().mayAtAll(p, Action.VIEW_CAMPAIGN_FIGURES)) {
            api.forbidden(ctx, p.role() + " may not " + Action.VIEW_CAMPAIGN_FIGURES);
            return;
        }
        ZoneId zone = ZoneId.of(deps.config().site().timeZone());
        LocalDate day;
        try {
            String v = ctx.request().getParam("day");
            day = v == null ? LocalDate.ofInstant(deps.clock().instant(), zone) : LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            api.badRequest(ctx, "bad_parameter", "'day' must be a date YYYY-MM-DD");
            return;
        }
        service.figures(day).onSuccess(rows -> {
            List<CampaignStore.Figures> seen = rows.stream().filter(r -> deps.policy().decide(p,
                    Action.VIEW_CAMPAIGN_FIGURES, deps.agents().agent(r.agentId())).allowed()).toList();
            JsonArray agents = new JsonArray();
            seen.forEach(r -> agents.add(CampaignJson.figures(r)));
            JsonArray campaigns = new JsonArray();
            for (OutboundConfig.Campaign c : service.campaigns()) {
                List<CampaignStore.Figures> of = seen.stream().filter(r -> r.campaignId().equals(c.id())).toList();
                campaigns.add(CampaignJson.figures(new CampaignStore.Figures(c.id(), null,
                        of.stream().mapToLong(CampaignStore.Figures::dials).sum(),
                        of.stream().mapToLong(CampaignStore.Figures::outcomes).sum(),
                        of.stream().mapToLong(CampaignStore.Figures::successes).sum(),
                        of.stream().mapToLong(CampaignStore.Figures::skips).sum())).put("agentId", null));
            }
            ApiError.json(ctx, 200, new JsonObject().put("day", day.toString()).put("timeZone", zone.getId())
                    .put("campaigns", campaigns).put("agents", agents));
        }).onFailure(ctx::fail);
    }

    /** What a preview request has once checked: the caller, the agent, the body and the campaign. */
    private record Seat(Principal principal, AgentConfig agent, JsonObject body, OutboundConfig.Campaign campaign) {}

    private interface SeatAction {
        void run(RoutingContext ctx, Seat seat);
    }

    /** The checks every preview request shares: agent, permission (audited on another seat), body, campaign. */
    private void seat(RoutingContext ctx, SeatAction action) {
        Optional<AgentConfig> agent = deps.agents().agent(ctx.pathParam("id"));
        if (agent.isEmpty()) {
            ApiError.send(ctx, 404, "unknown_agent", "no such agent");
            return;
        }
        Principal p = HttpApiVerticle.session(ctx).principal();
        AuthorizationPolicy.Decision d = deps.policy().decide(p, Action.WORK_CAMPAIGN, agent);
        if (!d.allowed()) {
            if (p.isSelf(agent.get().id())) {
                api.forbidden(ctx, d.reason());
            } else {
                api.auditThen(ctx, new AuditEntry(p.username(), "campaign-preview", Optional.of(agent.get().id()),
                        Optional.empty(), Optional.of("denied: " + d.reason()), deps.clock().instant()),
                        () -> api.forbidden(ctx, d.reason()));
            }
            return;
        }
        Optional<JsonObject> body = api.body(ctx);
        if (body.isEmpty()) {
            return;
        }
        if (!(body.get().getValue("campaign") instanceof String id)) {
            api.badRequest(ctx, "missing_field", "'campaign' (a campaign id) is required");
            return;
        }
        try {
            Seat seat = new Seat(p, agent.get(), body.get(), service.campaign(id));
            if (p.isSelf(agent.get().id())) {
                action.run(ctx, seat);
            } else {
                api.auditThen(ctx, new AuditEntry(p.username(), "campaign-preview", Optional.of(agent.get().id()),
                        Optional.empty(), Optional.of(ctx.normalizedPath().substring(ctx.normalizedPath()
                        .lastIndexOf('/') + 1) + " in " + id), deps.clock().instant()), () -> run(ctx, action, seat));
            }
        } catch (CampaignException e) {
            refuse(ctx, e);
        }
    }

    private void run(RoutingContext ctx, SeatAction action, Seat seat) {
        try {
            action.run(ctx, seat);
        } catch (CampaignException e) {
            refuse(ctx, e);
        }
    }

    private void next(RoutingContext ctx, Seat s) {
        answer(ctx, service.next(s.campaign(), s.agent()).map(r -> new JsonObject()
                .put("campaign", s.campaign().id()).put("record", r.map(CampaignJson::record).orElse(null))));
    }

    private void dial(RoutingContext ctx, Seat s) {
        Optional<Long> record = record(ctx, s.body());
        if (record.isEmpty()) {
            return;
        }
        service.toDial(s.campaign(), s.agent(), record.get()).onFailure(e -> fail(ctx, e)).onSuccess(r ->
                calls.dialAs(ctx, s.agent(), r.number(), Optional.of(s.campaign().script()), s.campaign().queue(),
                        requestId ->
                        service.dialled(s.campaign(), s.agent(), r.id(), requestId).map(v -> new JsonObject()
                                .put("requestId", requestId).put("record", r.id()))));
    }

    private void skip(RoutingContext ctx, Seat s) {
        Optional<Long> record = record(ctx, s.body());
        if (record.isEmpty()) {
            return;
        }
        if (!(s.body().getValue("reason") instanceof String reason) || reason.isBlank() || reason.length() > 200) {
            api.badRequest(ctx, "bad_parameter", "'reason' must be a text of 1 to 200 characters");
            return;
        }
        answer(ctx, service.skip(s.campaign(), s.agent(), record.get(), reason.strip()).map(v -> new JsonObject()
                .put("record", record.get()).put("status", "SKIPPED")));
    }

    private void outcome(RoutingContext ctx, Seat s) {
        Optional<Long> record = record(ctx, s.body());
        if (record.isEmpty()) {
            return;
        }
        if (!(s.body().getValue("outcome") instanceof String outcome)) {
            api.badRequest(ctx, "missing_field", "'outcome' (one of the campaign's outcomes) is required");
            return;
        }
        Optional<Instant> callbackAt;
        Object at = s.body().getValue("callbackAt");
        try {
            callbackAt = at == null ? Optional.empty() : Optional.of(Instant.parse((String) at));
        } catch (DateTimeParseException | ClassCastException e) {
            api.badRequest(ctx, "bad_parameter", "'callbackAt' must be an ISO-8601 instant (2026-12-08T02:00:00Z)");
            return;
        }
        Optional<String> number = text(ctx, s.body(), "callbackNumber", 32);
        Optional<String> notes = number == null ? null : text(ctx, s.body(), "notes", 4000);
        if (notes == null) {
            return;
        }
        answer(ctx, outcomes.end(s.principal(), s.campaign(), s.agent(), record.get(),
                new PreviewOutcome.Asked(outcome, callbackAt, number, notes)));
    }

    /** An optional text field of at most {@code max} characters; null once a 400 naming it was answered. */
    private Optional<String> text(RoutingContext ctx, JsonObject body, String name, int max) {
        Object v = body.getValue(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String t) || t.length() > max) {
            api.badRequest(ctx, "bad_parameter", "'" + name + "' must be a text of at most " + max + " characters");
            return null;
        }
        return Optional.of(t.strip()).filter(x -> !x.isEmpty());
    }

    private Optional<Long> record(RoutingContext ctx, JsonObject body) {
        if (body.getValue("record") instanceof Number n && n.longValue() > 0 && n.doubleValue() == n.longValue()) {
            return Optional.of(n.longValue());
        }
        return api.badRequest(ctx, "bad_parameter", "'record' must be a record id (a positive integer)");
    }

    private void answer(RoutingContext ctx, Future<JsonObject> f) {
        f.onSuccess(o -> ApiError.json(ctx, 200, o)).onFailure(e -> fail(ctx, e));
    }

    private void fail(RoutingContext ctx, Throwable e) {
        if (e instanceof CampaignException c) {
            refuse(ctx, c);
        } else {
            ctx.fail(e);
        }
    }

    private void refuse(RoutingContext ctx, CampaignException e) {
        CampaignAdminRoutes.refuse(api, ctx, e);
    }
}
