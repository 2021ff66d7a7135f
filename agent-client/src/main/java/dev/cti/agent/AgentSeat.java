package dev.cti.agent;

import dev.cti.agent.headless.Command;
import dev.cti.agent.media.AudioSink;
import dev.cti.agent.phone.PhoneException;
import dev.cti.agent.phone.PhoneSettings;
import dev.cti.agent.phone.Softphone;
import dev.cti.agent.qa.MyEvaluations;
import dev.cti.agent.server.ServerClient;
import dev.cti.agent.server.ServerException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's seat: the softphone plus the supervisor-server session, driven by text commands and reporting JSON
 * events. Instantiate it as many times as you like in one JVM (load tests): each has its own SIP stack, port and phone
 * thread; the Vert.x instance and the media ticker are shared and passed in.
 *
 * <p>Agent-state commands (ready, not-ready, wrapup, logout) go to the server's REST API; call commands go to the
 * softphone. Every command answers with one JSON object: {@code {"event":"ok","command":...}} or
 * {@code {"event":"error","command":...,"message":...}}.
 */
public final class AgentSeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentSeat.class);

    /**
     * What a seat needs.
     *
     * @param server      the supervisor server's base URL, or null to run the softphone alone
     * @param username    server login (the agent id in conf/people.yaml)
     * @param autoAnswerMs answer incoming calls after this delay; negative: do not
     * @param serverCa    for an https server: the CA certificate (PEM) to trust instead of the JVM's public CAs
     */
    public record Settings(String agentId, PhoneSettings phone, URI server, String username, String password,
                           long autoAnswerMs, AudioSpec audio, Optional<Path> serverCa) {
        /** A server over plain HTTP (loopback), or over HTTPS with a certificate of a public CA. */
        public Settings(String agentId, PhoneSettings phone, URI server, String username, String password,
                        long autoAnswerMs, AudioSpec audio) {
            this(agentId, phone, server, username, password, autoAnswerMs, audio, Optional.empty());
        }

        @Override
        public String toString() {
            return "Settings[agentId=" + agentId + ", phone=" + phone + ", server=" + server + ", username=" + username
                    + ", password=***, autoAnswerMs=" + autoAnswerMs + ", audio=" + audio + ", serverCa=" + serverCa + "]";
        }
    }

    private final Settings settings;
    private final Consumer<JsonObject> events;
    private final Softphone phone;
    private final ServerClient server;
    private final AudioSink sink;
    private final AtomicLong badCommands = new AtomicLong();
    /** The script the server pushed for the current call: {@code [callId, scriptId]} (QA reports name them). */
    private volatile String[] script;
    /** The agent's current call as the server says (its state pushes), for the recording's pause / resume. */
    private volatile String serverCallId;
    private final MyEvaluations evaluations;
    private final dev.cti.agent.campaign.Preview preview;

    public AgentSeat(Settings settings, Vertx vertx, ScheduledExecutorService mediaTicker, Clock clock,
                     Consumer<JsonObject> events) throws IOException {
        this.settings = settings;
        this.events = e -> {
            if ("script".equals(e.getValue("event")) && e.getValue("script") instanceof JsonObject sc
                    && sc.getValue("id") instanceof String scriptId) {
                script = new String[] {e.getString("callId"), scriptId};
            }
            if ("state".equals(e.getValue("event")) || "logged-in".equals(e.getValue("event"))) {
                serverCallId = e.getValue("callId") instanceof String id ? id : null;
            }
            events.accept(e.put("agent", settings.agentId()));
        };
        this.sink = settings.audio().openSink();
        this.phone = new Softphone(settings.phone(), clock, mediaTicker, () -> {
            try {
                return settings.audio().openSource();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, () -> sink, this.events);
        phone.setAutoAnswer(settings.autoAnswerMs());
        this.server = settings.server() == null ? null
                : new ServerClient(vertx, settings.server(), settings.serverCa(), settings.username(),
                        settings.password(), this.events);
        this.evaluations = server == null ? null : new MyEvaluations(server);
        this.preview = server == null ? null : new dev.cti.agent.campaign.Preview(server);
    }

    /** Starts the phone (registration runs on), then logs in to the server and opens its event stream. */
    public CompletableFuture<Void> start() {
        CompletableFuture<Void> started = phone.start();
        if (server == null) return started;
        return started.thenCompose(v -> server.login()
                .compose(login -> server.setState("LOGGED_IN", null))
                .onSuccess(agent -> {
                    events.accept(new JsonObject().put("event", "logged-in").put("state", agent.getString("state")));
                    server.connectEvents();
                })
                .toCompletionStage().toCompletableFuture().thenApply(a -> (Void) null));
    }

    public Softphone phone() {
        return phone;
    }

    public ServerClient server() {
        return server;
    }

    /** Lines that were not commands, or were refused for bad arguments. */
    public long badCommands() {
        return badCommands.get();
    }

    /** Runs one command line; the future never fails: errors are an {@code error} object. */
    public CompletableFuture<JsonObject> execute(String line) {
        Command c;
        try {
            c = Command.parse(line);
        } catch (Command.BadCommand e) {
            badCommands.incrementAndGet();
            return CompletableFuture.completedFuture(error(null, e.getMessage()));
        }
        CompletableFuture<JsonObject> result;
        try {
            result = dispatch(c);
        } catch (IllegalArgumentException e) {
            badCommands.incrementAndGet();
            return CompletableFuture.completedFuture(error(c.name(), e.getMessage()));
        }
        return result.handle((ok, failure) -> {
            if (failure == null) return ok.put("event", "ok").put("command", c.name()).put("agent", settings.agentId());
            Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (!(t instanceof PhoneException) && !(t instanceof ServerException)) LOG.warn("{} failed", c.name(), t);
            JsonObject e = error(c.name(), t.getMessage());
            if (t instanceof ServerException s) e.put("status", s.status()).put("code", s.code());
            return e;
        });
    }

    private CompletableFuture<JsonObject> dispatch(Command c) {
        return switch (c.name()) {
            case "answer" -> done(phone.answer());
            case "reject" -> done(phone.reject(rejectStatus(c)));
            case "hold" -> done(phone.hold());
            case "resume" -> done(phone.resume());
            case "mute" -> done(phone.mute(true));
            case "unmute" -> done(phone.mute(false));
            case "dtmf" -> done(phone.dtmf(c.arg(0)));
            case "hangup" -> done(phone.hangup());
            case "transfer" -> done(phone.transfer(c.arg(0)));
            case "survey" -> onCall("/transfer", new JsonObject().put("kind", "survey")); // the queue's survey
            case "dial" -> done(phone.dial(c.arg(0)));
            case "click-dial" -> clickDial(c.arg(0));
            case "call-colleague" -> callColleague(c.arg(0));
            case "ask-help" -> needServer().post("/api/agents/" + needServer().agentId() + "/help", new JsonObject())
                    .map(r -> new JsonObject().put("hand", r.getJsonObject("hand")))
                    .toCompletionStage().toCompletableFuture();
            case "ask-help-cancel" -> needServer().delete("/api/agents/" + needServer().agentId() + "/help")
                    .toCompletionStage().toCompletableFuture();
            case "consult" -> consult(c.arg(0), c.arg(1));
            case "consult-complete" -> onCall("/consult/complete", new JsonObject());
            case "consult-cancel" -> onCall("/consult/cancel", new JsonObject());
            case "conference" -> onCall("/consult/conference", new JsonObject());
            case "consult-return" -> onCall("/resume", new JsonObject()); // the consulted party hung up: lift the hold
            case "ready" -> agent(needServer().setState("READY", null));
            case "not-ready" -> agent(needServer().setState("NOT_READY", c.arg(0)));
            case "wrapup" -> agent(needServer().wrapUp(c.arg(0), c.args().size() > 1 ? c.arg(1) : null));
            case "callback-wrapup" -> agent(needServer().wrapUp(c.arg(0), c.args().size() > 3 ? c.arg(3) : null,
                    c.arg(1), c.arg(2)));
            case "logout" -> agent(needServer().logout());
            case "shown" -> shown(c.arg(0), c.arg(1));
            case "recording" -> recording(c);
            case "acknowledge" -> myEvaluations().acknowledge(MyEvaluations.id(c.arg(0)), c.args().size() > 1 ? c.arg(1) : null);
            case "dispute" -> myEvaluations().dispute(MyEvaluations.id(c.arg(0)), c.arg(1));
            case "status" -> CompletableFuture.completedFuture(status());
            case "help" -> CompletableFuture.completedFuture(new JsonObject().put("commands", new JsonArray(Command.usages())));
            case "quit" -> CompletableFuture.completedFuture(new JsonObject()); // the runner stops the seat
            default -> throw new IllegalArgumentException("unknown command " + c.name());
        };
    }

    /**
     * Click-to-dial through the server ({@code POST /api/agents/{id}/dial}): the gateway rings this phone, then the
     * number through the trunk; the answer carries the server's {@code requestId}. The server's refusals (dial plan,
     * role, state) come back as an error with its status and code.
     */
    private CompletableFuture<JsonObject> clickDial(String number) {
        ServerClient s = needServer();
        return s.post("/api/agents/" + s.agentId() + "/dial", new JsonObject().put("number", number))
                .map(r -> new JsonObject().put("requestId", r.getString("requestId")))
                .toCompletionStage().toCompletableFuture();
    }

    /**
     * An internal call (issue 18) through the server: {@code POST /api/agents/{id}/dial {kind: agent, target}} with a
     * colleague's extension, seat id or name; the gateway rings this phone, then the colleague's (not the trunk).
     */
    private CompletableFuture<JsonObject> callColleague(String who) {
        ServerClient s = needServer();
        return s.post("/api/agents/" + s.agentId() + "/dial", new JsonObject().put("kind", "agent").put("target", who))
                .map(r -> new JsonObject().put("requestId", r.getString("requestId"))
                        .put("colleague", r.getString("colleague")))
                .toCompletionStage().toCompletableFuture();
    }

    /**
     * What the desktop page needs from the server to label and time things, which it cannot ask itself (no token):
     * {@code site} is GET /api/site (compliance thresholds, reasons, wrap-up codes), {@code queues} the wrap-up
     * seconds, whether a code is required, the codes and the numbers of each queue (from GET /api/queues).
     */
    public CompletableFuture<JsonObject> desktopInfo() {
        ServerClient s = needServer();
        return s.get("/api/site").compose(site -> s.get("/api/queues").map(q -> {
            JsonArray queues = new JsonArray();
            for (Object o : q.getJsonArray("queues", new JsonArray())) {
                if (!(o instanceof JsonObject qu)) continue;
                queues.add(new JsonObject().put("id", qu.getString("id")).put("name", qu.getValue("name"))
                        .put("numbers", qu.getValue("numbers")).put("wrapUpSeconds", qu.getValue("wrapUpSeconds"))
                        .put("wrapUpCodeRequired", qu.getValue("wrapUpCodeRequired"))
                        .put("wrapUpCodes", qu.getValue("wrapUpCodes")));
            }
            return new JsonObject().put("site", site).put("queues", queues);
        })).toCompletionStage().toCompletableFuture();
    }

    /** The agent's own day: GET /api/agents/{id}/today (calls handled, average handle time, last calls). */
    public CompletableFuture<JsonObject> today() {
        ServerClient s = needServer();
        return s.get("/api/agents/" + s.agentId() + "/today").toCompletionStage().toCompletableFuture();
    }

    /**
     * Reports to the server that the desktop showed a script step or a phrase ({@code shown step|phrase|prompt ID}):
     * QA reads it as evidence (docs/API.md, script events). It names the script and call the server last pushed; the
     * server takes the agent's current call and its queue's script when none was pushed.
     */
    private CompletableFuture<JsonObject> shown(String kind, String id) {
        if (!kind.equals("step") && !kind.equals("phrase") && !kind.equals("prompt")) {
            throw new IllegalArgumentException("shown takes step, phrase or prompt, then the id");
        }
        String[] current = script;
        return needServer().scriptEvent(kind, id, current == null ? null : current[1], current == null ? null
                : current[0]).map(r -> new JsonObject().put("kind", kind)
                .put("id", id)).toCompletionStage().toCompletableFuture();
    }

    /**
     * The recording of the agent's current call (issue 12): {@code recording} asks its state, {@code recording pause}
     * and {@code recording resume} pause and resume it (POST /api/calls/{id}/recording/pause|resume: audited, and the
     * paused span is silent in the file). The answer is the server's, under {@code recording}.
     */
    private CompletableFuture<JsonObject> recording(Command c) {
        String action = c.args().isEmpty() ? null : c.arg(0);
        if (action != null && !action.equals("pause") && !action.equals("resume")) {
            throw new IllegalArgumentException("recording takes pause or resume (or nothing: its state)");
        }
        ServerClient s = needServer();
        String path = callPath("/recording");
        if (path == null) {
            return noCall();
        }
        Future<JsonObject> f = action == null ? s.get(path) : s.post(path + "/" + action, new JsonObject());
        return f.map(r -> new JsonObject().put("recording", r)).toCompletionStage().toCompletableFuture();
    }

    /** Preview campaigns (the desktop's campaign panel); needs the server. */
    public dev.cti.agent.campaign.Preview preview() {
        needServer();
        return preview;
    }

    /** Consult (issue 18): the server holds the customer and calls an agent or a number (docs/API.md). */
    private CompletableFuture<JsonObject> consult(String kind, String target) {
        if (!kind.equals("agent") && !kind.equals("number") && !kind.equals("queue")) {
            throw new IllegalArgumentException("consult takes agent, number or queue, then the target");
        }
        return onCall("/consult", new JsonObject().put("kind", kind).put("target", target));
    }

    /** POST {@code suffix} of the agent's current call (the server's id of it), {@code body} as JSON. */
    private CompletableFuture<JsonObject> onCall(String suffix, JsonObject body) {
        ServerClient s = needServer();
        String path = callPath(suffix);
        return path == null ? noCall() : s.post(path, body).toCompletionStage().toCompletableFuture();
    }

    /** /api/calls/{the agent's current call}{suffix}, or null when the server has named no call of the agent's. */
    private String callPath(String suffix) {
        String callId = serverCallId;
        return callId == null ? null
                : "/api/calls/" + java.net.URLEncoder.encode(callId, java.nio.charset.StandardCharsets.UTF_8) + suffix;
    }

    private static CompletableFuture<JsonObject> noCall() {
        return CompletableFuture.failedFuture(new ServerException(409, "no_call", "the agent is on no call"));
    }

    /** The agent's own evaluations (the desktop's 我的质检); needs the server. */
    public MyEvaluations myEvaluations() {
        needServer();
        return evaluations;
    }

    private static int rejectStatus(Command c) {
        if (c.args().isEmpty() || c.arg(0).equals("busy")) return 486;
        if (c.arg(0).equals("decline")) return 603;
        throw new IllegalArgumentException("reject takes busy (486) or decline (603)");
    }

    private ServerClient needServer() {
        if (server == null) throw new IllegalArgumentException("no server configured (--server or network.server)");
        return server;
    }

    private JsonObject status() {
        long[] rtp = phone.rtpCounters();
        JsonObject s = new JsonObject().put("call", phone.state().name()).put("registered", phone.registered())
                .put("rtpSent", rtp[0]).put("rtpReceived", rtp[1])
                .put("unexpectedCallEvents", phone.machine().unexpectedEvents()).put("badCommands", badCommands.get());
        if (server != null) {
            s.put("serverEvents", server.eventsConnected()).put("unreadableServerEvents", server.unreadableEvents());
        }
        return s;
    }

    private static CompletableFuture<JsonObject> done(CompletableFuture<Void> f) {
        return f.thenApply(v -> new JsonObject());
    }

    private static CompletableFuture<JsonObject> agent(Future<JsonObject> f) {
        return f.map(a -> {
            JsonObject r = new JsonObject();
            for (String k : new String[] {"state", "reason", "pendingNotReady"}) {
                if (a.getValue(k) != null) r.put(k, a.getValue(k));
            }
            return r;
        }).toCompletionStage().toCompletableFuture();
    }

    private JsonObject error(String command, String message) {
        JsonObject e = new JsonObject().put("event", "error").put("message", message).put("agent", settings.agentId());
        if (command != null) e.put("command", command);
        return e;
    }

    @Override
    public void close() {
        phone.close();
        if (server != null) server.close();
        sink.close();
    }
}
