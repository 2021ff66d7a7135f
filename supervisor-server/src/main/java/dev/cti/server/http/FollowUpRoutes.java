package dev.cti.server.http;

import dev.cti.config.AgentConfig;
import dev.cti.server.auth.Action;
import dev.cti.server.auth.AuthorizationPolicy;
import dev.cti.server.auth.Principal;
import dev.cti.server.followup.FollowUps;
import dev.cti.server.store.AuditEntry;
import dev.cti.server.store.FollowUpStore;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/callbacks} and {@code /api/complaints} (docs/API.md, "Follow-ups"): the scheduled callbacks and the
 * complaint follow-ups of the agents the caller may see ({@link Action#VIEW_FOLLOW_UPS}), and closing a complaint's
 * follow-up with a note ({@link Action#CLOSE_COMPLAINT}, audited).
 */
final class FollowUpRoutes {
    /** The newest rows a {@code status=all} list reads. */
    static final int RECENT = 500;

    private final ApiDependencies deps;
    private final HttpApiVerticle api;

    FollowUpRoutes(ApiDependencies deps, HttpApiVerticle api) {
        this.deps = deps;
        this.api = api;
    }

    /** GET /api/callbacks?status=open|all. */
    void callbacks(RoutingContext ctx) {
        Optional<FollowUps> f = module(ctx);
        Optional<Boolean> openOnly = f.isEmpty() ? Optional.empty() : openOnly(ctx);
        if (openOnly.isEmpty()) {
            return;
        }
        Principal p = HttpApiVerticle.session(ctx).principal();
        (openOnly.get() ? io.vertx.core.Future.succeededFuture(f.get().callbacks().openNow())
                : f.get().rows().recentCallbacks(RECENT)).onSuccess(list -> {
                    List<FollowUpStore.Callback> visible = list.stream().filter(c -> may(p, c.agentId())).toList();
                    ApiError.json(ctx, 200, new JsonObject().put("callbacks",
                            FollowUpJson.callbacks(f.get().callbackViews(visible))));
                }).onFailure(ctx::fail);
    }

    /** GET /api/complaints?status=open|all. */
    void complaints(RoutingContext ctx) {
        Optional<FollowUps> f = module(ctx);
        Optional<Boolean> openOnly = f.isEmpty() ? Optional.empty() : openOnly(ctx);
        if (openOnly.isEmpty()) {
            return;
        }
        Principal p = HttpApiVerticle.session(ctx).principal();
        (openOnly.get() ? io.vertx.core.Future.succeededFuture(f.get().complaints().openNow())
                : f.get().rows().recentComplaints(RECENT)).onSuccess(list -> {
                    List<FollowUpStore.Complaint> visible = list.stream().filter(c -> may(p, c.agentId())).toList();
                    ApiError.json(ctx, 200, new JsonObject().put("levels", f.get().complaints().levels())
                            .put("complaints", FollowUpJson.complaints(f.get().complaintViews(visible))));
                }).onFailure(ctx::fail);
    }

    /** POST /api/complaints/{id}/close {note}. */
    void close(RoutingContext ctx) {
        Optional<FollowUps> f = module(ctx);
        if (f.isEmpty()) {
            return;
        }
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            api.badRequest(ctx, "bad_parameter", "'id' must be a complaint follow-up's number");
            return;
        }
        Optional<JsonObject> body = api.body(ctx);
        if (body.isEmpty()) {
            return;
        }
        Object note = body.get().getValue("note");
        if (!(note instanceof String n) || n.isBlank()) {
            api.badRequest(ctx, "missing_field", "'note' is required: what was done about the complaint");
            return;
        }
        if (n.length() > 4000) {
            api.badRequest(ctx, "bad_parameter", "'note' is longer than 4000 characters");
            return;
        }
        Principal p = HttpApiVerticle.session(ctx).principal();
        f.get().rows().complaint(id).onSuccess(found -> {
            if (found.isEmpty()) {
                ApiError.send(ctx, 404, "unknown_follow_up", "no complaint follow-up " + id);
                return;
            }
            FollowUpStore.Complaint c = found.get();
            Optional<AgentConfig> agent = deps.agents().agent(c.agentId());
            AuthorizationPolicy.Decision d = deps.policy().decide(p, Action.CLOSE_COMPLAINT, agent);
            if (!d.allowed()) {
                api.auditThen(ctx, audit(p, c, "denied: " + d.reason()), () -> api.forbidden(ctx, d.reason()));
                return;
            }
            if (c.closedAt().isPresent()) {
                ApiError.send(ctx, 409, "already_closed", "complaint follow-up " + id + " is closed");
                return;
            }
            f.get().complaints().close(id, p.username(), n.strip()).onSuccess(closed -> api.auditThen(ctx,
                    audit(p, c, closed ? "closed" : "already closed"), () -> {
                        if (closed) {
                            ApiError.json(ctx, 200, new JsonObject().put("id", id).put("closed", true));
                        } else {
                            ApiError.send(ctx, 409, "already_closed", "complaint follow-up " + id + " is closed");
                        }
                    })).onFailure(ctx::fail);
        }).onFailure(ctx::fail);
    }

    private AuditEntry audit(Principal p, FollowUpStore.Complaint c, String detail) {
        return new AuditEntry(p.username(), "close-complaint", Optional.of(c.agentId()), Optional.of(c.callId()),
                Optional.of("follow-up " + c.id() + " " + detail), deps.clock().instant());
    }

    private boolean may(Principal p, String agentId) {
        return deps.policy().decide(p, Action.VIEW_FOLLOW_UPS, deps.agents().agent(agentId)).allowed();
    }

    /** The module, or empty after answering 503 (this server books no follow-ups) or 403 (the role sees none). */
    private Optional<FollowUps> module(RoutingContext ctx) {
        if (deps.followUps().isEmpty()) {
            ApiError.send(ctx, 503, "no_follow_ups", "this server keeps no follow-ups");
            return Optional.empty();
        }
        Principal p = HttpApiVerticle.session(ctx).principal();
        if (!deps.policy().mayAtAll(p, Action.VIEW_FOLLOW_UPS)) {
            api.forbidden(ctx, "role " + p.role() + " sees no follow-ups");
            return Optional.empty();
        }
        return deps.followUps();
    }

    /** {@code status}: open (the default) or all; empty after answering 400 naming the parameter. */
    private Optional<Boolean> openOnly(RoutingContext ctx) {
        MultiMap params = ctx.queryParams();
        for (String name : params.names()) {
            if (!Set.of("status").contains(name)) {
                return api.badRequest(ctx, "bad_parameter", "'" + (name.length() > 40 ? name.substring(0, 40) : name)
                        + "' is not a parameter of this endpoint (status)");
            }
        }
        String status = Optional.ofNullable(params.get("status")).orElse("open");
        return switch (status) {
            case "open" -> Optional.of(true);
            case "all" -> Optional.of(false);
            default -> api.badRequest(ctx, "bad_parameter", "'status' must be open or all");
        };
    }
}
