package dev.cti.agent.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seat's side of the supervisor server (docs/API.md): login, the agent's own state, wrap-up and logout over REST,
 * and the WebSocket {@code /api/events} turned into the seat's JSON events ({@link ServerEvents}: state, script, call,
 * hold-threshold, monitored, command-rejected, recording, evaluation).
 * The socket reconnects with backoff (0.5 s doubling to 30 s) and logs in again when the server forgot the session;
 * the softphone is independent of it, so a call's audio keeps flowing meanwhile. Non-blocking (Vert.x); callbacks run
 * on a Vert.x event loop.
 *
 * <p>An {@code https://} server is checked like a browser would (the certificate must be valid for the host in the
 * URL), against the given CA only when one is given (the site's generated CA, {@code bin/cti agent --ca}), else
 * against the JVM's public CAs. The WebSocket then runs over TLS too (wss).
 */
public final class ServerClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerClient.class);
    private static final long MIN_BACKOFF_MS = 500;
    private static final long MAX_BACKOFF_MS = 30_000;
    /** A command never hangs the agent's command line: the server answers within this or the command fails. */
    private static final long REQUEST_TIMEOUT_MS = 10_000;

    private final Vertx vertx;
    private final URI base;
    private final String username;
    private final String password;
    private final Consumer<JsonObject> events;
    private final WebClient http;
    /** For the one streamed answer: a recording's audio relayed to the desktop page ({@link #relayAudio}). */
    private final HttpClientAgent streams;
    private final WebSocketClient wsClient;
    private volatile String token;
    private volatile String agentId;
    private volatile WebSocket socket;
    private volatile boolean closed;
    private volatile boolean wantEvents;
    private long backoffMs = MIN_BACKOFF_MS;
    private final AtomicLong unreadableEvents = new AtomicLong();

    public ServerClient(Vertx vertx, URI base, String username, String password, Consumer<JsonObject> events) {
        this(vertx, base, Optional.empty(), username, password, events);
    }

    /** @param ca for an https server: the PEM CA certificate to trust (and only it); empty: the JVM's public CAs */
    public ServerClient(Vertx vertx, URI base, Optional<Path> ca, String username, String password,
                        Consumer<JsonObject> events) {
        this.vertx = vertx;
        this.base = base;
        this.username = username;
        this.password = password;
        this.events = events;
        boolean tls = "https".equals(base.getScheme());
        WebClientOptions web = new WebClientOptions().setDefaultHost(base.getHost())
                .setDefaultPort(port(base)).setSsl(tls).setVerifyHost(true).setConnectTimeout(5000);
        WebSocketClientOptions ws = new WebSocketClientOptions().setSsl(tls).setVerifyHost(true);
        HttpClientOptions stream = new HttpClientOptions().setSsl(tls).setVerifyHost(true).setConnectTimeout(5000);
        if (tls && ca.isPresent()) {
            PemTrustOptions trust = new PemTrustOptions().addCertPath(ca.get().toString());
            web.setTrustOptions(trust);
            ws.setTrustOptions(trust);
            stream.setTrustOptions(trust);
        }
        this.http = WebClient.create(vertx, web);
        this.streams = vertx.createHttpClient(stream);
        this.wsClient = vertx.createWebSocketClient(ws);
    }

    private static int port(URI u) {
        return u.getPort() > 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
    }

    public String agentId() {
        return agentId;
    }

    public boolean eventsConnected() {
        return socket != null;
    }

    /** POST /api/login; remembers the token and the user's agent id. */
    public Future<JsonObject> login() {
        return http.post("/api/login").timeout(REQUEST_TIMEOUT_MS)
                .sendJsonObject(new JsonObject().put("username", username).put("password", password))
                .compose(this::json)
                .map(body -> {
                    token = body.getString("token");
                    JsonObject user = body.getJsonObject("user", new JsonObject());
                    agentId = user.getString("agent", username);
                    return body;
                });
    }

    /** POST /api/agents/{id}/state: LOGGED_IN, READY, NOT_READY (with a reason), LOGGED_OUT. */
    public Future<JsonObject> setState(String state, String reason) {
        JsonObject body = new JsonObject().put("state", state);
        if (reason != null) body.put("reason", reason);
        return post("/api/agents/" + agentId + "/state", body);
    }

    /** POST /api/agents/{id}/wrapup. */
    public Future<JsonObject> wrapUp(String code, String notes) {
        return wrapUp(code, notes, null, null);
    }

    /**
     * POST /api/agents/{id}/wrapup with a code of category callback: the date-time agreed with the customer (in the
     * site's time zone unless it carries an offset) and the number to call back.
     */
    public Future<JsonObject> wrapUp(String code, String notes, String callbackAt, String callbackNumber) {
        JsonObject body = new JsonObject().put("code", code);
        if (notes != null && !notes.isBlank()) body.put("notes", notes);
        if (callbackAt != null) body.put("callbackAt", callbackAt);
        if (callbackNumber != null) body.put("callbackNumber", callbackNumber);
        return post("/api/agents/" + agentId + "/wrapup", body);
    }

    /**
     * POST /api/agents/{id}/script-events: a script step the agent moved to ({@code step}), a phrase the agent used
     * ({@code phrase}) or one the desktop put up by itself ({@code prompt}), stored as QA evidence for the call.
     */
    public Future<JsonObject> scriptEvent(String kind, String id, String scriptId, String callId) {
        JsonObject body = new JsonObject().put("kind", kind).put("id", id);
        if (scriptId != null) body.put("scriptId", scriptId);
        if (callId != null) body.put("callId", callId);
        return post("/api/agents/" + agentId + "/script-events", body);
    }

    /** The agent's logout, then the session's. */
    public Future<JsonObject> logout() {
        wantEvents = false;
        return post("/api/agents/" + agentId + "/logout", new JsonObject())
                .compose(agent -> http.post("/api/logout").timeout(REQUEST_TIMEOUT_MS).bearerTokenAuthentication(token).send().map(r -> agent))
                .onSuccess(a -> {
                    token = null;
                    WebSocket ws = socket;
                    if (ws != null) ws.close();
                });
    }

    /** GET a path of the server's REST API with this session's token (the desktop page has none of its own). */
    public Future<JsonObject> get(String path) {
        if (token == null) return Future.failedFuture(new ServerException(0, "not_logged_in", "not logged in to the server"));
        return http.get(path).timeout(REQUEST_TIMEOUT_MS).bearerTokenAuthentication(token).send().compose(this::json);
    }

    /** POST a JSON body to a path of the server's REST API with this session's token. */
    public Future<JsonObject> post(String path, JsonObject body) {
        if (token == null) return Future.failedFuture(new ServerException(0, "not_logged_in", "not logged in to the server"));
        return http.post(path).timeout(REQUEST_TIMEOUT_MS).bearerTokenAuthentication(token).sendJsonObject(body).compose(this::json);
    }

    /** DELETE a path of the server's REST API with this session's token. */
    public Future<JsonObject> delete(String path) {
        if (token == null) return Future.failedFuture(new ServerException(0, "not_logged_in", "not logged in to the server"));
        return http.delete(path).timeout(REQUEST_TIMEOUT_MS).bearerTokenAuthentication(token).send().compose(this::json);
    }

    /**
     * Streams the server's answer to GET {@code pathAndQuery} (a recording's audio with a playback ticket: no token
     * is sent) into {@code out}, with the page's {@code Range} and the server's status, length and range headers, so
     * the desktop page's audio element plays it from this seat's local server: the page never holds the ticket, and
     * an {@code https} server is checked against the seat's CA as every other request is.
     */
    public Future<Void> relayAudio(String pathAndQuery, String range, HttpServerResponse out) {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost()).setPort(port(base))
                .setSsl("https".equals(base.getScheme())).setURI(pathAndQuery).setConnectTimeout(5000);
        return streams.request(o).compose(req -> {
            if (range != null) req.putHeader("Range", range);
            out.closeHandler(v -> req.reset()); // the page stopped listening: so does the server
            return req.send();
        }).compose(resp -> {
            out.setStatusCode(resp.statusCode());
            for (String h : new String[] {"Content-Type", "Content-Length", "Content-Range", "Accept-Ranges"}) {
                String v = resp.getHeader(h);
                if (v != null) out.putHeader(h, v);
            }
            out.putHeader("Cache-Control", "no-store");
            return resp.pipeTo(out);
        });
    }

    private Future<JsonObject> json(HttpResponse<Buffer> r) {
        JsonObject body;
        try {
            body = r.body() == null || r.body().length() == 0 ? new JsonObject() : r.bodyAsJsonObject();
        } catch (RuntimeException e) {
            return Future.failedFuture(new ServerException(r.statusCode(), "bad_answer", "server answered non-JSON"));
        }
        if (r.statusCode() / 100 != 2) {
            return Future.failedFuture(new ServerException(r.statusCode(), body.getString("error", "http_" + r.statusCode()),
                    body.getString("message", "HTTP " + r.statusCode())));
        }
        return Future.succeededFuture(body);
    }

    /** Opens /api/events and keeps it open until {@link #close()} or {@link #logout()}. */
    public void connectEvents() {
        wantEvents = true;
        connect();
    }

    private void connect() {
        if (closed || !wantEvents) return;
        if (token == null) {
            login().onComplete(ar -> {
                if (ar.succeeded()) connect();
                else retry("login failed: " + ar.cause().getMessage());
            });
            return;
        }
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost(base.getHost()).setPort(port(base))
                .setSsl("https".equals(base.getScheme()))
                .setURI("/api/events?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        wsClient.connect(o).onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof UpgradeRejectedException u && u.getStatus() == 401) token = null; // forgotten
                retry(ar.cause().getMessage());
                return;
            }
            WebSocket ws = ar.result();
            socket = ws;
            backoffMs = MIN_BACKOFF_MS;
            events.accept(new JsonObject().put("event", "server-connected"));
            ws.textMessageHandler(this::onMessage);
            ws.closeHandler(v -> {
                socket = null;
                retry("closed");
            });
        });
    }

    private void retry(String why) {
        if (closed || !wantEvents) return;
        long delay = backoffMs;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        LOG.info("events socket down ({}), retrying in {} ms", why, delay);
        events.accept(new JsonObject().put("event", "server-disconnected").put("retryInMs", delay));
        vertx.setTimer(delay, t -> connect());
    }

    private void onMessage(String text) {
        try {
            ServerEvents.toSeat(new JsonObject(text), agentId).ifPresent(events);
        } catch (RuntimeException e) {
            unreadableEvents.incrementAndGet();
            LOG.info("unreadable event from the server ignored ({})", e.getClass().getSimpleName()); // no content: it may hold numbers
        }
    }

    /** Pushes from the server that were not JSON or had a field of the wrong type (ignored, counted). */
    public long unreadableEvents() {
        return unreadableEvents.get();
    }

    @Override
    public void close() {
        closed = true;
        WebSocket ws = socket;
        if (ws != null) ws.close();
        http.close();
        streams.close();
        wsClient.close();
    }
}
