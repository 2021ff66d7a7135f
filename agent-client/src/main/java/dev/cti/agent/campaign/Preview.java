package dev.cti.agent.campaign;

import dev.cti.agent.server.ServerClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Preview campaigns (外呼, issue 18) through the seat's session (docs/API.md, "Campaigns"): the campaigns the agent
 * works, the next record (the customer's data, the number masked), dialling it with one click (the server's
 * click-to-dial), skipping it with a reason and ending it with an outcome. The desktop's campaign panel sends
 * {@code campaigns}, {@code preview-next CAMPAIGN}, {@code preview-dial CAMPAIGN RECORD},
 * {@code preview-skip CAMPAIGN RECORD REASON} and {@code preview-outcome CAMPAIGN RECORD OUTCOME [CALLBACK_AT
 * [CALLBACK_NUMBER]]} (the outcome also ends the call's wrap-up: the server books it).
 */
public final class Preview {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern RECORD = Pattern.compile("[1-9][0-9]{0,17}");

    private final ServerClient server;

    public Preview(ServerClient server) {
        this.server = server;
    }

    /** GET /api/campaigns: the agent's campaigns with their outcomes and whether they may be called now. */
    public CompletableFuture<JsonObject> campaigns() {
        return done(server.get("/api/campaigns"));
    }

    /** The arguments of one of the panel's commands, checked before anything is sent. */
    public CompletableFuture<JsonObject> run(String verb, String args) {
        String[] a = args.strip().split("\\s+", verb.equals("preview-skip") ? 3 : 5);
        if (a.length < 1 || !ID.matcher(a[0]).matches()) {
            throw new IllegalArgumentException(verb + " takes a campaign id first");
        }
        JsonObject body = new JsonObject().put("campaign", a[0]);
        if (verb.equals("preview-next")) {
            return post("next", body);
        }
        if (a.length < 2 || !RECORD.matcher(a[1]).matches()) {
            throw new IllegalArgumentException(verb + " takes a campaign id and a record id");
        }
        body.put("record", Long.parseLong(a[1]));
        return switch (verb) {
            case "preview-dial" -> post("dial", body);
            case "preview-skip" -> {
                if (a.length < 3 || a[2].isBlank()) {
                    throw new IllegalArgumentException("preview-skip takes a reason after the record id");
                }
                yield post("skip", body.put("reason", a[2].strip()));
            }
            case "preview-outcome" -> {
                if (a.length < 3) {
                    throw new IllegalArgumentException("preview-outcome takes an outcome after the record id");
                }
                body.put("outcome", a[2]);
                if (a.length > 3) {
                    body.put("callbackAt", a[3]);
                }
                if (a.length > 4) {
                    body.put("callbackNumber", a[4].strip());
                }
                yield post("outcome", body);
            }
            default -> throw new IllegalArgumentException("unknown command " + verb);
        };
    }

    private CompletableFuture<JsonObject> post(String what, JsonObject body) {
        return done(server.post("/api/agents/" + server.agentId() + "/preview/" + what, body));
    }

    private static CompletableFuture<JsonObject> done(Future<JsonObject> f) {
        return f.toCompletionStage().toCompletableFuture();
    }
}
