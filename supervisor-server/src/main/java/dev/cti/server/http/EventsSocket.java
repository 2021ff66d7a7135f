package dev.cti.server.http;

import dev.cti.config.AgentConfig;
import dev.cti.server.agent.AgentJson;
import dev.cti.server.agent.AgentSnapshot;
import dev.cti.server.auth.Action;
import dev.cti.server.auth.Session;
import dev.cti.server.events.AgentUpdate;
import dev.cti.server.events.CallPushEvent;
import dev.cti.server.events.Topic;
import dev.cti.server.metrics.ServerMeters;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/events}: the push channel of agent state.
 *
 * <p>The upgrade is refused (403) when the request's {@code Origin} is neither the server's own origin
 * (same scheme-less host:port as the {@code Host} header) nor one of
 * {@code network.server.allowedOrigins}; requests without an Origin (non-browser clients such as the
 * agent client) are accepted, since the token still has to be presented. The token comes as the
 * {@code token} query parameter or, within {@link #AUTH_TIMEOUT_MS}, as the first text message
 * {@code {"type":"auth","token":"..."}}. Then the client gets a {@code snapshot} of the agents it may
 * see and every later {@code agent} event with a larger sequence number.
 *
 * <p>Limits (docs/SECURITY.md, "Sessions"): a session holds at most {@code sessions.maxSocketsPerSession} sockets
 * (one more: 429 before the upgrade, or close 1008); a socket whose unsent pushes would pass
 * {@code sessions.socketBufferKilobytes} is closed (1008 "too slow"), so a client that stops reading costs a bounded
 * amount of memory; every {@link #SESSION_SWEEP_MS} ms the sockets of sessions logged out or expired are closed
 * (1008 "session ended").
 */
final class EventsSocket {
    private static final Logger LOG = LoggerFactory.getLogger(EventsSocket.class);
    static final long AUTH_TIMEOUT_MS = 10_000;
    /** WebSocket close code "policy violation". */
    static final short POLICY_VIOLATION = 1008;

    /** How often live sockets are checked against their session (logout, expiry): they close within this. */
    static final long SESSION_SWEEP_MS = 250;

    private final Vertx vertx;
    private final ApiDependencies deps;
    private final Counter rejected;
    private final Counter droppedSlow;
    private final Counter droppedEnded;
    private final Counter refusedTooMany;
    /** Bytes of pushes a socket may have waiting to be sent; one more and it is dropped. */
    private final long budgetBytes;
    private final int maxSocketsPerSession;
    /** Connected clients; added and removed on this verticle's context, iterated over a snapshot (a write may close a socket). */
    private final java.util.Set<Subscriber> subscribers = new java.util.concurrent.CopyOnWriteArraySet<>();
    /** Open sockets per session id (on this verticle's context). */
    private final java.util.Map<String, Integer> perSession = new java.util.HashMap<>();
    /** The subscriptions to the server's events, made with the first client; empty before. */
    private final java.util.List<Topic.Subscription<?>> subscriptions = new java.util.ArrayList<>();
    private boolean subscribed;
    /** The most bytes any socket ever had waiting (tests: the budget holds). */
    private long highWaterBytes;

    EventsSocket(Vertx vertx, ApiDependencies deps, Counter rejected) {
        this.vertx = vertx;
        this.deps = deps;
        this.rejected = rejected;
        var sessions = deps.config().network().server().sessions();
        this.budgetBytes = sessions.socketBufferKilobytes() * 1024L;
        this.maxSocketsPerSession = sessions.maxSocketsPerSession();
        this.droppedSlow = ServerMeters.WS_DROPPED.counter(deps.meters(), "slow");
        this.droppedEnded = ServerMeters.WS_DROPPED.counter(deps.meters(), "session_ended");
        this.refusedTooMany = ServerMeters.WS_DROPPED.counter(deps.meters(), "too_many");
    }

    /** The most bytes any socket has had waiting to be sent. */
    long highWaterBytes() {
        return highWaterBytes;
    }

    /** Sockets open now. */
    int openSockets() {
        return subscribers.size();
    }

    void handle(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        if (origin != null && !originAllowed(origin, ctx.request().getHeader("Host"))) {
            rejected.increment();
            LOG.warn("WebSocket refused: origin {} not allowed", origin.length() > 100 ? origin.substring(0, 100)
                    : origin);
            ApiError.send(ctx, 403, "origin_not_allowed", "origin not allowed");
            return;
        }
        if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
            ApiError.send(ctx, 400, "websocket_required", "connect with a WebSocket upgrade");
            return;
        }
        String queryToken = ctx.request().getParam("token");
        Optional<Session> fromQuery = queryToken == null ? Optional.empty() : deps.auth().authenticate(queryToken);
        if (queryToken != null && fromQuery.isEmpty()) {
            rejected.increment();
            ApiError.send(ctx, 401, "invalid_token", "the token is unknown or expired");
            return;
        }
        if (fromQuery.isPresent() && perSession.getOrDefault(fromQuery.get().id(), 0) >= maxSocketsPerSession) {
            refusedTooMany.increment();
            ApiError.send(ctx, 429, "too_many_sockets", "this session already has " + maxSocketsPerSession
                    + " WebSockets open");
            return;
        }
        ctx.request().toWebSocket().onSuccess(ws -> {
            if (fromQuery.isPresent()) {
                start(ws, fromQuery.get());
            } else {
                awaitAuthMessage(ws);
            }
        }).onFailure(e -> LOG.debug("WebSocket upgrade failed: {}", e.toString()));
    }

    boolean originAllowed(String origin, String host) {
        if (deps.config().network().server().allowedOrigins().contains(origin)) {
            return true;
        }
        try {
            URI u = URI.create(origin);
            String hostPort = u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
            return host != null && u.getHost() != null && ("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
                    && hostPort.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void awaitAuthMessage(ServerWebSocket ws) {
        long timer = vertx.setTimer(AUTH_TIMEOUT_MS, t -> {
            rejected.increment();
            ws.close(POLICY_VIOLATION, "no auth message");
        });
        ws.textMessageHandler(text -> {
            vertx.cancelTimer(timer);
            Optional<Session> s = Optional.empty();
            try {
                JsonObject o = new JsonObject(text);
                if ("auth".equals(o.getValue("type")) && o.getValue("token") instanceof String token) {
                    s = deps.auth().authenticate(token);
                }
            } catch (DecodeException e) {
                // falls through to the refusal
            }
            if (s.isEmpty()) {
                rejected.increment();
                ws.close(POLICY_VIOLATION, "bad or missing token");
                return;
            }
            start(ws, s.get());
        });
    }

    private void start(ServerWebSocket ws, Session session) {
        ws.textMessageHandler(text -> { /* nothing expected from clients after auth */ });
        if (perSession.getOrDefault(session.id(), 0) >= maxSocketsPerSession) {
            refusedTooMany.increment();
            ws.close(POLICY_VIOLATION, "too many sockets for this session");
            return;
        }
        long snapshotSeq = deps.agents().sequence();
        Subscriber sub = new Subscriber(ws, session, snapshotSeq);
        perSession.merge(session.id(), 1, Integer::sum);
        fanOut().add(sub);
        ws.closeHandler(v -> {
            if (subscribers.remove(sub)) {
                perSession.computeIfPresent(session.id(), (k, n) -> n <= 1 ? null : n - 1);
            }
        });
        io.vertx.core.Context here = vertx.getOrCreateContext();
        deps.calls().map(c -> c.phoneStates()).orElse(Future.succeededFuture(Optional.empty()))
                .otherwise(Optional.empty())
                .onComplete(ar -> here.runOnContext(x -> sendSnapshot(sub, session, snapshotSeq,
                        ar.succeeded() ? ar.result() : Optional.empty())));
    }

    /** The first message of a connection: the agents the user may see (with their phones once known). */
    private void sendSnapshot(Subscriber sub, Session session, long snapshotSeq,
                              Optional<java.util.Set<String>> phones) {
        JsonArray agents = new JsonArray();
        for (AgentSnapshot s : deps.agents().snapshots()) {
            if (visible(session, s.agentId())) {
                var config = deps.agents().agent(s.agentId()).orElse(null);
                JsonObject a = AgentJson.toJson(s, config);
                if (phones.isPresent() && config != null) {
                    a.put("phoneRegistered", phones.get().contains(config.extension()));
                }
                agents.add(a);
            }
        }
        send(sub, new JsonObject().put("type", "snapshot").put("seq", snapshotSeq)
                .put("user", OverviewRoutes.principalJson(session.principal())).put("agents", agents).encode());
    }

    /**
     * One connected, authenticated client: what it may see, the sequence of its snapshot, and the bytes written to it
     * that the connection has not sent yet (touched on this verticle's context only).
     */
    private static final class Subscriber {
        final ServerWebSocket ws;
        final Session session;
        final long snapshotSeq;
        long pendingBytes;
        boolean dropped;

        Subscriber(ServerWebSocket ws, Session session, long snapshotSeq) {
            this.ws = ws;
            this.session = session;
            this.snapshotSeq = snapshotSeq;
        }
    }

    /**
     * Writes one push, or drops the client when it would have more than the budget waiting: a client that stops
     * reading costs at most {@code sessions.socketBufferKilobytes} (plus one push) of the server's memory, never more.
     */
    private void send(Subscriber s, String text) {
        if (s.dropped || s.ws.isClosed()) {
            return;
        }
        long bytes = utf8Length(text);
        if (s.pendingBytes + bytes > budgetBytes) {
            s.dropped = true;
            droppedSlow.increment();
            LOG.info("WebSocket of {} from {} dropped: {} bytes of pushes unsent, {} more to send, budget {}",
                    s.session.principal().username(), s.ws.remoteAddress(), s.pendingBytes, bytes, budgetBytes);
            s.ws.close(POLICY_VIOLATION, "too slow");
            return;
        }
        s.pendingBytes += bytes;
        highWaterBytes = Math.max(highWaterBytes, s.pendingBytes);
        s.ws.writeTextMessage(text).onComplete(ar -> s.pendingBytes -= bytes);
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 2 : 3;
        }
        return n;
    }

    /** Closes the sockets whose session was logged out or expired. */
    private void sweep() {
        for (Subscriber s : subscribers) {
            if (!s.dropped && !deps.auth().isLive(s.session)) {
                s.dropped = true;
                droppedEnded.increment();
                s.ws.close(POLICY_VIOLATION, "session ended");
            }
        }
    }

    /**
     * The subscribers, behind one subscription per stream of the server's events for all of them (made with the first
     * client, on this verticle's context, where every subscriber is added and removed): each event is encoded to its
     * JSON text once, when the first client that may see it is found, and the same text is written to every such
     * client. (One consumer per client meant one JSON encoding of every event per client: the T5 benchmark's main
     * cost with 1,000 dashboards.)
     */
    private java.util.Set<Subscriber> fanOut() {
        if (!subscribed) {
            subscribed = true;
            io.vertx.core.Context here = vertx.getOrCreateContext();
            subscriptions.add(deps.events().agents().subscribe(here, this::pushAgent));
            subscriptions.add(deps.events().calls().subscribe(here, this::pushCall));
            vertx.setPeriodic(SESSION_SWEEP_MS, t -> sweep());
        }
        return subscribers;
    }

    /** Stops taking the server's events (the HTTP verticle stops; the event-bus consumers went with it before). */
    void close() {
        subscriptions.forEach(Topic.Subscription::cancel);
        subscriptions.clear();
    }

    private void pushAgent(AgentUpdate ev) {
        String text = null;
        for (Subscriber s : subscribers) {
            if (ev.seq() > s.snapshotSeq && !s.ws.isClosed() && visible(s.session, ev.agentId())) {
                if (text == null) {
                    text = PushJson.agent(ev).encode();
                }
                send(s, text);
            }
        }
    }

    private void pushCall(CallPushEvent ev) {
        String text = null;
        for (Subscriber s : subscribers) {
            if (!s.ws.isClosed() && callEventVisible(s.session, ev)) {
                if (text == null) {
                    text = PushJson.call(ev).encode();
                }
                send(s, text);
            }
        }
    }

    /**
     * A call event goes to whoever may see the agent it concerns; one without an agent (a queued call)
     * to supervisors and admins only; one hidden from agents ({@code "notifyAgent": false}, a silent monitor) never
     * to agents; an {@link CallPushEvent.Audience} of agents or supervisors narrows an event to agents, or to
     * supervisors and admins.
     */
    private boolean callEventVisible(Session session, CallPushEvent ev) {
        boolean agent = session.principal().role() == dev.cti.config.UserConfig.Role.AGENT;
        CallPushEvent.Audience audience = ev.audience();
        if (agent && (ev.hiddenFromAgents() || audience == CallPushEvent.Audience.SUPERVISORS)
                || !agent && audience == CallPushEvent.Audience.AGENTS) {
            return false;
        }
        if (ev instanceof CallPushEvent.Help h) { // a raised hand: the agent and its team's supervisors (VIEW_HELP)
            return deps.agents().agent(h.hand().agentId())
                    .map(a -> deps.policy().decide(session.principal(), Action.VIEW_HELP, Optional.of(a)).allowed())
                    .orElse(false);
        }
        return CallScope.visible(deps, session.principal(), ev.agentId().orElse(null));
    }

    private boolean visible(Session session, String agentId) {
        Optional<AgentConfig> a = deps.agents().agent(agentId);
        return a.isPresent() && deps.policy().decide(session.principal(), Action.VIEW_AGENT, a).allowed();
    }
}
