package dev.cti.agent.qa;

import dev.cti.agent.server.ServerClient;
import dev.cti.agent.server.ServerException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;

/**
 * The agent's own quality evaluations (我的质检, issue 12) through the seat's session (docs/API.md, "Quality
 * assurance"): the submitted ones with their score, one in full with the recording of its call when the server lets
 * agents play their own calls ({@code recording.agentsHearOwnCalls}, from GET /api/site: the desktop says why not
 * rather than be refused), acknowledging and disputing, and playback tickets for the desktop's audio relay.
 */
public final class MyEvaluations {
    /** What an agent sees: never drafts (the server would not list them anyway). */
    static final String LISTED = "submitted,disputed,acknowledged";

    private final ServerClient server;

    public MyEvaluations(ServerClient server) {
        this.server = server;
    }

    /** GET /api/qa/evaluations of the agent's own, newest first: {@code {"evaluations": [summary…]}}. */
    public CompletableFuture<JsonObject> list() {
        return done(server.get("/api/qa/evaluations?status=" + LISTED + "&limit=100"));
    }

    /**
     * One evaluation in full ({@code evaluation}), with its call's {@code recording} (id, status, duration) when the
     * agent may play it, else {@code recordingUnavailable}: {@code not_allowed} (the site does not let agents hear
     * their own calls, or the server refused), {@code none} (the call was not recorded), {@code deleted}.
     */
    public CompletableFuture<JsonObject> detail(long id) {
        return done(server.get("/api/qa/evaluations/" + id).compose(e -> {
            JsonObject ev = e.getJsonObject("evaluation");
            JsonObject out = new JsonObject().put("evaluation", ev);
            return server.get("/api/site").compose(site -> {
                if (!site.getJsonObject("recording", new JsonObject()).getBoolean("agentsHearOwnCalls", false)) {
                    return Future.succeededFuture(out.put("recordingUnavailable", "not_allowed"));
                }
                return recordingOf(ev).map(r -> r == null ? out.put("recordingUnavailable", "none")
                        : r.getValue("deletedAt") != null ? out.put("recordingUnavailable", "deleted")
                        : out.put("recording", new JsonObject().put("id", r.getString("id"))
                                .put("status", r.getString("status")).put("durationMillis", r.getValue("durationMillis"))))
                        .recover(err -> err instanceof ServerException s && s.status() == 403
                                ? Future.succeededFuture(out.put("recordingUnavailable", "not_allowed"))
                                : Future.failedFuture(err));
            });
        }));
    }

    /** The recording of the evaluated call: the agent's recordings that began while it lasted. */
    private Future<JsonObject> recordingOf(JsonObject ev) {
        JsonObject call = ev.getJsonObject("call");
        Instant start;
        Instant end;
        try {
            start = Instant.parse(call.getString("startedAt"));
            end = call.getString("endedAt") == null ? start.plusSeconds(86_400) : Instant.parse(call.getString("endedAt"));
        } catch (NullPointerException | DateTimeParseException e) {
            return Future.succeededFuture(null);
        }
        String query = "agent=" + enc(ev.getString("agentId")) + "&from=" + enc(start.minusSeconds(1).toString())
                + "&to=" + enc(end.plusSeconds(1).toString()) + "&size=200";
        return server.get("/api/recordings?" + query).map(list -> {
            for (Object o : list.getJsonArray("recordings", new JsonArray())) {
                if (o instanceof JsonObject r && ev.getString("callId").equals(r.getString("callId"))) {
                    return r;
                }
            }
            return (JsonObject) null;
        });
    }

    /** POST /api/qa/evaluations/{id}/acknowledge, with an optional comment. */
    public CompletableFuture<JsonObject> acknowledge(long id, String comment) {
        JsonObject body = new JsonObject();
        if (comment != null && !comment.isBlank()) body.put("comment", comment.strip());
        return done(server.post("/api/qa/evaluations/" + id + "/acknowledge", body).map(MyEvaluations::summary));
    }

    /** POST /api/qa/evaluations/{id}/dispute with the agent's comment (the server requires one). */
    public CompletableFuture<JsonObject> dispute(long id, String comment) {
        if (comment == null || comment.isBlank()) {
            throw new IllegalArgumentException("a dispute needs a comment: dispute ID COMMENT");
        }
        return done(server.post("/api/qa/evaluations/" + id + "/dispute", new JsonObject().put("comment", comment.strip()))
                .map(MyEvaluations::summary));
    }

    /** A playback ticket for the recording: the server-relative audio URL to relay (audited by the server). */
    public CompletableFuture<String> ticket(String recordingId) {
        return done(server.post("/api/recordings/" + enc(recordingId) + "/ticket", new JsonObject())
                .map(t -> t.getString("audioUrl")));
    }

    /** An evaluation id as the agent typed it. */
    public static long id(String raw) {
        try {
            long id = Long.parseLong(raw);
            if (id > 0) return id;
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("an evaluation id is a positive whole number, got '"
                + (raw.length() > 20 ? raw.substring(0, 20) + "…" : raw) + "'");
    }

    private static JsonObject summary(JsonObject answer) {
        JsonObject e = answer.getJsonObject("evaluation", new JsonObject());
        JsonObject s = new JsonObject();
        for (String k : new String[] {"id", "callId", "status", "score", "passed", "grade"}) {
            s.put(k, e.getValue(k));
        }
        return new JsonObject().put("evaluation", s);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    private static <T> CompletableFuture<T> done(Future<T> f) {
        return f.toCompletionStage().toCompletableFuture();
    }
}
