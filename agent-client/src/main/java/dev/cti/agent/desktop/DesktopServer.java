package dev.cti.agent.desktop;

import dev.cti.agent.AgentSeat;
import dev.cti.agent.headless.EventOutput;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent desktop in the agent's browser: one page ({@code desktop/index.html}) and a WebSocket {@code /ws} that
 * carries the same line commands and JSON events as the headless interface. Listens on 127.0.0.1 only; the WebSocket
 * needs the per-run random token printed in the desktop URL and, when a browser sends an Origin, this server's own
 * origin, so another local user or a web page cannot drive the seat.
 *
 * <p>Besides the seat's commands the page may send {@code site} and {@code today}: the seat fetches GET /api/site with
 * the queues, and GET /api/agents/{id}/today, with its own session (the page has no server token), answered as a
 * {@code site} / {@code today} event; likewise {@code evaluations}, {@code evaluation-detail ID} (the agent's QA
 * evaluations) and {@code play RECORDING_ID} (a playback ticket kept here: the page's audio element plays
 * {@code /audio/ID} from this server, which relays the server's audio, Range requests included), and the preview
 * campaign panel's {@code campaigns} and {@code preview-next|dial|skip|outcome …} ({@link dev.cti.agent.campaign.Preview}). A page that connects late gets, after the hello, the latest login, registration,
 * server-connection, state and script events again, and a supervisor's monitor of the call while it lasts, so it shows
 * the seat as it is.
 */
public final class DesktopServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopServer.class);

    private final Vertx vertx;
    private final AgentSeat seat;
    private final EventOutput output;
    private final JsonObject hello;
    private final Buffer page;
    /** The page's other scripts by path: QA, the preview campaign panel (issue 18), the callbacks (issue 17). */
    private final Map<String, Buffer> scripts;
    private final String token;
    /** Audio the page may play: random id -> the server's audio URL with its playback ticket (never sent to the page). */
    private final Map<String, String> plays = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_PLAYS;
        }
    });
    private final SecureRandom random = new SecureRandom();
    private final Set<ServerWebSocket> sockets = ConcurrentHashMap.newKeySet();
    /** The latest event of each kind a page opened later still needs (login, registration, state, script). */
    private final Map<String, String> sticky = new ConcurrentHashMap<>();
    private final Consumer<String> broadcaster = line -> {
        remember(line);
        sockets.forEach(s -> s.writeTextMessage(line));
    };
    private HttpServer server;

    /**
     * @param hello sent to each new desktop connection (agent, reasons, wrap-up codes, ring cadence)
     */
    public DesktopServer(Vertx vertx, AgentSeat seat, EventOutput output, JsonObject hello) throws IOException {
        this.vertx = vertx;
        this.seat = seat;
        this.output = output;
        this.hello = hello.copy().put("event", "hello");
        this.page = resource("index.html");
        this.scripts = Map.of("/qa.js", resource("qa.js"), "/campaign.js", resource("campaign.js"),
                "/callback.js", resource("callback.js"), "/help.js", resource("help.js"));
        this.token = randomId();
    }

    private static final int MAX_PLAYS = 8;

    private static Buffer resource(String name) throws IOException {
        try (InputStream in = DesktopServer.class.getResourceAsStream("/desktop/" + name)) {
            if (in == null) throw new IOException("desktop/" + name + " missing from the classpath");
            return Buffer.buffer(in.readAllBytes());
        }
    }

    private String randomId() {
        byte[] t = new byte[24];
        random.nextBytes(t);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(t);
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port). */
    public Future<Integer> start(int port) {
        server = vertx.createHttpServer()
                .requestHandler(this::request)
                .webSocketHandshakeHandler(this::handshake)
                .webSocketHandler(this::onSocket);
        output.subscribe(broadcaster);
        return server.listen(port, "127.0.0.1").map(HttpServer::actualPort);
    }

    /**
     * The page ({@code /}), its QA and callback scripts ({@code /qa.js}, {@code /campaign.js}, {@code /callback.js}) and the audio it plays ({@code /audio/ID}: a recording relayed
     * from the server with the ticket the seat holds for that id; unknown ids are 404). Nothing else.
     */
    private void request(HttpServerRequest req) {
        String path = req.path();
        if ("/".equals(path) || "/index.html".equals(path)) {
            req.response().putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; "
                            + "style-src 'unsafe-inline'; connect-src 'self' ws://" + req.authority())
                    .putHeader("Cache-Control", "no-store").end(page);
        } else if (scripts.containsKey(path)) {
            req.response().putHeader("Content-Type", "text/javascript; charset=utf-8")
                    .putHeader("Cache-Control", "no-store").end(scripts.get(path));
        } else if (path.startsWith("/audio/") && plays.get(path.substring("/audio/".length())) != null) {
            String audio = plays.get(path.substring("/audio/".length()));
            HttpServerResponse res = req.response();
            seat.server().relayAudio(audio, req.getHeader("Range"), res).onFailure(e -> {
                if (!res.headWritten()) {
                    res.setStatusCode(502).end("the recording could not be fetched from the server");
                } else {
                    res.reset();
                }
            });
        } else {
            req.response().setStatusCode(404).end("not found");
        }
    }

    /** The address to open, token included. */
    public String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/?token=" + token;
    }

    private void handshake(ServerWebSocketHandshake h) {
        String origin = h.headers().get("Origin");
        String own = "http://127.0.0.1:" + server.actualPort();
        String ownName = "http://localhost:" + server.actualPort();
        if (!"/ws".equals(h.path())) {
            h.reject(404);
        } else if (origin != null && !origin.equals(own) && !origin.equals(ownName)) {
            LOG.info("desktop WebSocket from origin {} refused", origin);
            h.reject(403);
        } else if (!("token=" + token).equals(h.query())) {
            h.reject(401);
        } else {
            h.accept();
        }
    }

    private void onSocket(ServerWebSocket ws) {
        sockets.add(ws);
        ws.closeHandler(v -> sockets.remove(ws));
        ws.writeTextMessage(hello.encode());
        for (String kind : STICKY_ORDER) {
            String last = sticky.get(kind);
            if (last != null) ws.writeTextMessage(last);
        }
        ws.textMessageHandler(line -> {
            if (line.length() > 4096) {
                ws.writeTextMessage(new JsonObject().put("event", "error").put("message", "command too long").encode());
                return;
            }
            String[] words = line.strip().split("\\s+", 2);
            String verb = words[0];
            String arg = words.length > 1 ? words[1] : "";
            Supplier<CompletableFuture<JsonObject>> desktopOnly = switch (verb) {
                case "site" -> seat::desktopInfo;
                case "today" -> seat::today;
                case "evaluations" -> () -> seat.myEvaluations().list();
                case "evaluation-detail" -> () -> seat.myEvaluations().detail(
                        dev.cti.agent.qa.MyEvaluations.id(arg));
                case "play" -> () -> play(arg);
                case "campaigns" -> () -> seat.preview().campaigns();
                case "preview-next", "preview-dial", "preview-skip", "preview-outcome" ->
                        () -> seat.preview().run(verb, arg);
                default -> null;
            };
            if (desktopOnly != null) {
                fetch(verb, desktopOnly).thenAccept(result -> ws.writeTextMessage(result.encode()));
                return;
            }
            // results go to this page only; the seat's events reach every page through the broadcaster
            seat.execute(line).thenAccept(result -> ws.writeTextMessage(result.encode()));
        });
    }

    private static final String[] STICKY_ORDER = {"registration", "logged-in", "server", "state", "script", "monitored"};

    private void remember(String line) {
        JsonObject event;
        String name;
        try {
            event = new JsonObject(line);
            name = event.getString("event", "");
        } catch (RuntimeException e) {
            return;
        }
        if (forgetsMonitor(event, name)) sticky.remove("monitored");
        String kind = switch (name) {
            case "registered", "registration-failed", "unregistered" -> "registration";
            case "server-connected", "server-disconnected" -> "server";
            case "logged-in", "state", "script" -> name;
            case "monitored" -> "active".equals(event.getString("state")) ? name : null;
            default -> null;
        };
        if (kind != null) sticky.put(kind, line);
    }

    /**
     * Whether a remembered monitor is over for a page opened later: it ended; or the call ended (the server does not
     * tell the agent of the end of a silent one). A take-over stays, its end included, until its wrap-up is done.
     */
    private boolean forgetsMonitor(JsonObject event, String name) {
        String last = sticky.get("monitored");
        if (last == null) return false;
        boolean takeover = "takeover".equals(new JsonObject(last).getString("mode"));
        return switch (name) {
            case "monitored" -> !(takeover && "ended".equals(event.getString("state"))); // ended by the call's end
            case "idle" -> !takeover;
            case "incoming", "dialing" -> true;
            case "state" -> takeover && !"WRAP_UP".equals(event.getString("state"))
                    && !"ON_CALL".equals(event.getString("state"));
            default -> false;
        };
    }

    /**
     * {@code play RECORDING_ID}: a playback ticket from the server (the playback is audited there), kept here under a
     * new random id; the page gets {@code /audio/<that id>} to put in its audio element.
     */
    private CompletableFuture<JsonObject> play(String recordingId) {
        if (recordingId.isBlank() || recordingId.length() > 128) {
            throw new IllegalArgumentException("play takes a recording id");
        }
        return seat.myEvaluations().ticket(recordingId).thenApply(audioUrl -> {
            String id = randomId();
            plays.put(id, audioUrl);
            return new JsonObject().put("recordingId", recordingId).put("url", "/audio/" + id);
        });
    }

    /** A desktop-only request answered as an event named like it; failures become an {@code error} event. */
    private CompletableFuture<JsonObject> fetch(String name, Supplier<CompletableFuture<JsonObject>> call) {
        CompletableFuture<JsonObject> f;
        try {
            f = call.get();
        } catch (IllegalArgumentException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.handle((body, err) -> {
            if (err == null) return body.copy().put("event", name).put("agent", hello.getValue("agent"));
            Throwable t = err.getCause() != null ? err.getCause() : err;
            JsonObject e = new JsonObject().put("event", "error").put("command", name)
                    .put("message", String.valueOf(t.getMessage()));
            if (t instanceof dev.cti.agent.server.ServerException s) e.put("status", s.status()).put("code", s.code());
            return e;
        });
    }

    @Override
    public void close() {
        output.unsubscribe(broadcaster);
        sockets.forEach(ServerWebSocket::close);
        if (server != null) server.close();
    }
}
