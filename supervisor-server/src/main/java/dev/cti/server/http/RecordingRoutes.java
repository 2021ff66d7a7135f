package dev.cti.server.http;

import dev.cti.config.AgentConfig;
import dev.cti.config.UserConfig;
import dev.cti.server.auth.Action;
import dev.cti.server.auth.AuthorizationPolicy;
import dev.cti.server.auth.Principal;
import dev.cti.server.auth.Scope;
import dev.cti.server.auth.Session;
import dev.cti.server.metrics.ServerMeters;
import dev.cti.server.recording.PlaybackTickets;
import dev.cti.server.recording.RecordingControl;
import dev.cti.server.recording.RecordingJson;
import dev.cti.server.recording.Recordings;
import dev.cti.server.recording.Timeline;
import dev.cti.server.store.AuditEntry;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.RecordingRow;
import dev.cti.server.store.RecordingSearch;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The recording endpoints (docs/API.md, "Recordings"): search, metadata with the call's timeline, playback tickets,
 * the disk status, and pause / resume of a live call's recording. Who may see a recording is decided on its call's
 * agent (the CDR's, else the one the recording started with; a recording with no known agent only by admins). Every
 * listing, view and ticket, and every refusal, is in the audit log before the answer. The audio itself:
 * {@link AudioRoute}.
 */
final class RecordingRoutes {
    private final ApiDependencies deps;
    private final HttpApiVerticle api;

    RecordingRoutes(ApiDependencies deps, HttpApiVerticle api) {
        this.deps = deps;
        this.api = api;
    }

    /** A recording, its call's CDR, and the agent whose permission decides. */
    record Loaded(RecordingRow row, Optional<CallRecord> call, Optional<String> agentId) {}

    /** GET /api/recordings. */
    void list(RoutingContext ctx) {
        Optional<Recordings> rec = recordings(ctx);
        if (rec.isEmpty()) {
            return;
        }
        Principal p = HttpApiVerticle.session(ctx).principal();
        Map<String, String> normalised = new LinkedHashMap<>();
        RecordingSearch.Filter asked;
        try {
            asked = RecordingQuery.parse(ctx.queryParams(), deps.config(), normalised);
        } catch (RecordingQuery.Bad e) {
            api.badRequest(ctx, "bad_parameter", e.getMessage());
            return;
        }
        String query = normalised.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        if (!deps.policy().mayAtAll(p, Action.VIEW_RECORDING)) {
            deny(ctx, p, "recording-list", asked.agentId(), Optional.empty(),
                    p.role() + " may not list recordings");
            return;
        }
        Optional<Set<String>> visible = visibleAgents(p);
        if (asked.agentId().isPresent() && visible.isPresent() && !visible.get().contains(asked.agentId().get())) {
            deny(ctx, p, "recording-list", asked.agentId(), Optional.empty(),
                    p.username() + " may not see the recordings of agent " + asked.agentId().get());
            return;
        }
        RecordingSearch.Filter f = new RecordingSearch.Filter(asked.from(), asked.to(), asked.queueId(),
                asked.agentId(), asked.outcome(), asked.wrapUpCode(), asked.minHoldMillis(), asked.ringMillisAbove(),
                asked.callId(), visible, asked.page(), asked.size());
        rec.get().search().find(f).onSuccess(page -> {
            JsonArray items = new JsonArray();
            page.hits().forEach(h -> items.add(RecordingJson.summary(h.recording(), h.call(),
                    deps.config().compliance())));
            JsonObject body = new JsonObject().put("recordings", items).put("page", f.page()).put("size", f.size())
                    .put("total", page.total());
            api.auditThen(ctx, audit(p, "recording-list", asked.agentId(), Optional.empty(),
                    (query.isEmpty() ? "all" : query) + "; " + items.size() + " of " + page.total()),
                    () -> ApiError.json(ctx, 200, body));
        }).onFailure(ctx::fail);
    }

    /** GET /api/recordings/{id}: the index row, the paused and hold spans, and the call's timeline. */
    void get(RoutingContext ctx) {
        Optional<Recordings> rec = recordings(ctx);
        if (rec.isEmpty()) {
            return;
        }
        Principal p = HttpApiVerticle.session(ctx).principal();
        String id = ctx.pathParam("id");
        load(ctx, rec.get(), id).onSuccess(found -> {
            if (found.isEmpty()) {
                return;
            }
            Loaded l = found.get();
            AuthorizationPolicy.Decision d = decide(p, Action.VIEW_RECORDING, l.agentId());
            if (!d.allowed()) {
                deny(ctx, p, "recording-view", l.agentId(), Optional.of(l.row().callId()), d.reason());
                return;
            }
            rec.get().timelines().timeline(l.row().callId()).onSuccess(t -> {
                JsonObject body = new JsonObject()
                        .put("recording", RecordingJson.detail(l.row(), l.call(), deps.config().compliance()))
                        .put("timeline", Timeline.of(l.row(), t))
                        .put("audioUrl", "/api/recordings/" + l.row().id() + "/audio");
                api.auditThen(ctx, audit(p, "recording-view", l.agentId(), Optional.of(l.row().callId()),
                        "recording " + l.row().id()), () -> ApiError.json(ctx, 200, body));
            }).onFailure(ctx::fail);
        }).onFailure(ctx::fail);
    }

    /**
     * POST /api/recordings/{id}/ticket: a playback ticket for a page's audio element, audited as the playback
     * ({@code recording-play}); the requests made with it are not audited again.
     */
    void ticket(RoutingContext ctx) {
        Optional<Recordings> rec = recordings(ctx);
        if (rec.isEmpty()) {
            return;
        }
        Session s = HttpApiVerticle.session(ctx);
        Principal p = s.principal();
        load(ctx, rec.get(), ctx.pathParam("id")).onSuccess(found -> {
            if (found.isEmpty()) {
                return;
            }
            Loaded l = found.get();
            AuthorizationPolicy.Decision d = decide(p, Action.PLAY_RECORDING, l.agentId());
            if (!d.allowed()) {
                playback("forbidden");
                deny(ctx, p, "recording-play", l.agentId(), Optional.of(l.row().callId()), d.reason());
                return;
            }
            if (l.row().deletedAt().isPresent()) {
                playback("deleted");
                ApiError.send(ctx, 410, "recording_deleted", "the recording was deleted by the retention policy");
                return;
            }
            PlaybackTickets.Ticket t = rec.get().tickets().issue(l.row().id(), p, s.id(), s.expiresAt());
            String url = "/api/recordings/" + l.row().id() + "/audio?ticket=" + t.value();
            api.auditThen(ctx, audit(p, "recording-play", l.agentId(), Optional.of(l.row().callId()),
                    "recording " + l.row().id() + "; ticket until idle " + PlaybackTickets.IDLE.toMinutes() + " min"),
                    () -> {
                        playback("ticket");
                        ApiError.json(ctx, 201, new JsonObject().put("ticket", t.value()).put("audioUrl", url)
                                .put("expiresAt", t.expiresAt().toString()));
                    });
        }).onFailure(ctx::fail);
    }

    /** GET /api/recordings/disk: the gateway's last disk report; supervisors, QA and admins. */
    void disk(RoutingContext ctx) {
        Optional<Recordings> rec = recordings(ctx);
        if (rec.isEmpty()) {
            return;
        }
        Principal p = HttpApiVerticle.session(ctx).principal();
        if (p.role() == UserConfig.Role.AGENT) {
            deny(ctx, p, "recording-disk", Optional.empty(), Optional.empty(), "agents do not see the recording disk");
            return;
        }
        ApiError.json(ctx, 200, new JsonObject().put("disk", rec.get().disk().json().orElse(null)));
    }

    /** GET /api/calls/{id}/recording: whether a live call is recorded, paused or not (the pause button's state). */
    void callState(RoutingContext ctx) {
        Optional<Recordings> rec = recordings(ctx);
        if (rec.isEmpty() || deps.calls().isEmpty()) {
            if (rec.isPresent()) {
                ApiError.send(ctx, 503, "no_call_center", "calls are not handled by this server");
            }
            return;
        }
        Principal p = HttpApiVerticle.session(ctx).principal();
        String callId = ctx.pathParam("id");
        deps.calls().get().liveCallAgent(callId).onSuccess(found -> {
            if (found.isEmpty()) {
                ApiError.send(ctx, 404, "unknown_call", "no live call with that id");
                return;
            }
            AuthorizationPolicy.Decision d = decide(p, Action.VIEW_AGENT, found.get());
            if (!d.allowed()) {
                api.forbidden(ctx, d.reason());
                return;
            }
            rec.get().index().state(callId).onSuccess(o -> ApiError.json(ctx, 200, o)).onFailure(ctx::fail);
        }).onFailure(ctx::fail);
    }

    /** POST /api/calls/{id}/recording/pause and /resume. */
    void pause(RoutingContext ctx, boolean pause) {
        Optional<Recordings> rec = recordings(ctx);
        if (rec.isEmpty()) {
            return;
        }
        if (deps.calls().isEmpty()) {
            ApiError.send(ctx, 503, "no_call_center", "calls are not handled by this server");
            return;
        }
        String action = pause ? "recording-pause" : "recording-resume";
        Principal p = HttpApiVerticle.session(ctx).principal();
        String callId = ctx.pathParam("id");
        RecordingControl control = rec.get().control();
        deps.calls().get().liveCallAgent(callId).onSuccess(found -> {
            if (found.isEmpty()) {
                ApiError.send(ctx, 404, "unknown_call", "no live call with that id");
                return;
            }
            Optional<String> agent = found.get();
            AuthorizationPolicy.Decision d = decide(p, Action.PAUSE_RECORDING, agent);
            if (!d.allowed()) {
                deny(ctx, p, action, agent, Optional.of(callId), d.reason());
                return;
            }
            control.check(callId, pause).onSuccess(refused -> {
                if (refused.isPresent()) {
                    ApiError.send(ctx, 409, refused.get().code(), refused.get().reason());
                    return;
                }
                // audited before the command goes to the gateway
                api.auditThen(ctx, audit(p, action, agent, Optional.of(callId), ""), () ->
                        control.send(callId, p.username(), pause).onSuccess(outcome -> answer(ctx, callId, pause,
                                outcome)).onFailure(e -> ApiError.send(ctx, 503, "gateway_unavailable",
                                "the CTI link to the gateway is down")));
            }).onFailure(ctx::fail);
        }).onFailure(ctx::fail);
    }

    private static void answer(RoutingContext ctx, String callId, boolean pause, RecordingControl.Outcome outcome) {
        if (outcome instanceof RecordingControl.Done done) {
            ApiError.json(ctx, 200, new JsonObject().put("callId", callId).put("recordingId", done.recordingId())
                    .put("state", done.paused() ? "paused" : "recording").put("offsetMillis", done.offsetMillis()));
        } else if (outcome instanceof RecordingControl.Refused r) {
            ApiError.send(ctx, r.code().equals("unknown_call") ? 404 : 409, r.code(), r.reason());
        } else {
            ApiError.json(ctx, 202, new JsonObject().put("callId", callId).put("sent", pause ? "pause" : "resume"));
        }
    }

    // ---- shared with AudioRoute ------------------------------------------------------------------

    /** The recordings feature, or empty after answering 503 (a server without it). */
    Optional<Recordings> recordings(RoutingContext ctx) {
        if (deps.recordings().isEmpty()) {
            ApiError.send(ctx, 503, "no_recordings", "recordings are not handled by this server");
        }
        return deps.recordings();
    }

    /** The recording and its call, or empty after answering 404. */
    Future<Optional<Loaded>> load(RoutingContext ctx, Recordings rec, String id) {
        return rec.store().find(id).compose(row -> {
            if (row.isEmpty()) {
                playback("not_found");
                ApiError.send(ctx, 404, "unknown_recording", "no recording with that id");
                return Future.succeededFuture(Optional.<Loaded>empty());
            }
            return deps.store().call(row.get().callId()).map(call -> Optional.of(new Loaded(row.get(), call,
                    call.flatMap(CallRecord::agentId).or(() -> row.get().agentId()))));
        });
    }

    /**
     * The policy on a recording's (or call's) agent; a recording whose call has no known agent is for those whose
     * scope is every agent (admins).
     */
    AuthorizationPolicy.Decision decide(Principal p, Action action, Optional<String> agentId) {
        Optional<AgentConfig> agent = agentId.flatMap(deps.agents()::agent);
        if (agent.isEmpty()) {
            return deps.policy().scope(p.role(), action) == Scope.ALL
                    ? new AuthorizationPolicy.Decision(true, "allowed")
                    : new AuthorizationPolicy.Decision(false, "the call has no known agent: only admins may");
        }
        return deps.policy().decide(p, action, agent);
    }

    /** Audits a refusal, then answers 403. */
    void deny(RoutingContext ctx, Principal p, String action, Optional<String> agentId, Optional<String> callId,
              String reason) {
        api.auditThen(ctx, audit(p, action, agentId, callId, "denied: " + reason), () -> api.forbidden(ctx, reason));
    }

    AuditEntry audit(Principal p, String action, Optional<String> agentId, Optional<String> callId, String detail) {
        return new AuditEntry(p.username(), action, agentId, callId, Optional.of(detail), deps.clock().instant());
    }

    void playback(String outcome) {
        ServerMeters.RECORDING_PLAYBACK_REQUESTS.counter(deps.meters(), outcome).increment();
    }

    /** The agents whose recordings {@code p} may see; empty when all (admins). */
    private Optional<Set<String>> visibleAgents(Principal p) {
        if (deps.policy().scope(p.role(), Action.VIEW_RECORDING) == Scope.ALL) {
            return Optional.empty();
        }
        Set<String> out = new HashSet<>();
        for (AgentConfig a : deps.config().agents()) {
            if (deps.policy().decide(p, Action.VIEW_RECORDING, Optional.of(a)).allowed()) {
                out.add(a.id());
            }
        }
        return Optional.of(out);
    }
}
