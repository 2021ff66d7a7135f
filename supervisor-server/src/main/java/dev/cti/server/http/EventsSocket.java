package dev.cti.server.http;

import dev.cti.config.AgentConfig;
import dev.cti.server.EventAddresses;
import dev.cti.server.agent.AgentJson;
import dev.cti.server.agent.AgentSnapshot;
import dev.cti.server.auth.Action;
import dev.cti.server.auth.Session;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
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
 */
final class EventsSocket {
    private static final Logger LOG = LoggerFactory.getLogger(EventsSocket.class);
    static final long AUTH_TIMEOUT_MS = 10_000;
    /** WebSocket close code "policy violation". */
    static final short POLICY_VIOLATION = 1008;

    private final Vertx vertx;
    private final ApiDependencies deps;
    private final Counter rejected;
    /** Connected clients; added and removed on this verticle's context, iterated over a snapshot (a write may close a socket). */
    private final java.util.Set<Subscriber> subscribers = new java.util.concurrent.CopyOnWriteArraySet<>();
    /** Completes when the shared consumers are registered; null until the first client. */
    private io.vertx.core.Future<Void> subscribed;

    EventsSocket(Vertx vertx, ApiDependencies deps, Counter rejected) {
        this.vertx = vertx;
        this.deps = deps;
        this.rejected = rejected;
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
        long snapshotSeq = deps.agents().sequence();
        Subscriber sub = new Subscriber(ws, session, snapshotSeq);
        fanOut().add(sub);
        ws.closeHandler(v -> subscribers.remove(sub));
        subscribed.onComplete(ar -> {
            JsonArray agents = new JsonArray();
            for (AgentSnapshot s : deps.agents().snapshots()) {
                if (visible(session, s.agentId())) {
                    agents.add(AgentJson.toJson(s, deps.agents().agent(s.agentId()).orElse(null)));
                }
            }
            ws.writeTextMessage(new JsonObject().put("type", "snapshot").put("seq", snapshotSeq)
                    .put("user", HttpApiVerticle.principalJson(session.principal())).put("agents", agents).encode());
        });
    }

    /** One connected, authenticated client: what it may see and the sequence of its snapshot. */
    private record Subscriber(ServerWebSocket ws, Session session, long snapshotSeq) {}

    /**
     * The subscribers, behind one event-bus consumer per address for all of them (registered with the first
     * client, on this verticle's context, where every subscriber is added and removed): each event is
     * encoded once, when the first client that may see it is found, and the same text is written to every
     * such client. (One consumer per client meant one copy and one JSON encoding of every event per client:
     * the T5 benchmark's main cost with 1,000 dashboards.)
     */
    private java.util.Set<Subscriber> fanOut() {
        if (subscribed == null) {
            MessageConsumer<JsonObject> agents = vertx.eventBus().consumer(EventAddresses.AGENT_EVENTS);
            agents.handler(msg -> {
                JsonObject ev = msg.body();
                long seq = ev.getLong("seq", 0L);
                String agentId = ev.getJsonObject("agent").getString("id");
                String text = null;
                for (Subscriber s : subscribers) {
                    if (seq > s.snapshotSeq() && !s.ws().isClosed() && visible(s.session(), agentId)) {
                        if (text == null) {
                            text = ev.encode();
                        }
                        s.ws().writeTextMessage(text);
                    }
                }
            });
            MessageConsumer<JsonObject> calls = vertx.eventBus().consumer(EventAddresses.CALL_EVENTS);
            calls.handler(msg -> {
                String text = null;
                for (Subscriber s : subscribers) {
                    if (!s.ws().isClosed() && callEventVisible(s.session(), msg.body())) {
                        if (text == null) {
                            text = msg.body().encode();
                        }
                        s.ws().writeTextMessage(text);
                    }
                }
            });
            subscribed = io.vertx.core.Future.all(agents.completion(), calls.completion()).mapEmpty();
        }
        return subscribers;
    }

    /**
     * A call event goes to whoever may see the agent it concerns; one without an agent (a queued call)
     * to supervisors and admins only; one with {@code "notifyAgent": false} (a silent monitor) never to agents;
     * {@code "audience"} {@code "agents"} or {@code "supervisors"} narrows an event to agents, or to supervisors and
     * admins.
     */
    private boolean callEventVisible(Session session, JsonObject ev) {
        // Monitor events carry notifyAgent (monitoring.notifyAgent for the mode): agents get only the ones
        // they are meant to know about; supervisors and admins get all they may see.
        boolean agent = session.principal().role() == dev.cti.config.UserConfig.Role.AGENT;
        Object audience = ev.getValue("audience");
        if (agent && (Boolean.FALSE.equals(ev.getValue("notifyAgent")) || "supervisors".equals(audience))
                || !agent && "agents".equals(audience)) {
            return false;
        }
        String agentId = ev.getString("agentId");
        JsonObject call = ev.getJsonObject("call");
        if (agentId == null && call != null) {
            agentId = call.getString("agentId");
        }
        if (agentId != null) {
            return visible(session, agentId);
        }
        return session.principal().role() != dev.cti.config.UserConfig.Role.AGENT;
    }

    private boolean visible(Session session, String agentId) {
        Optional<AgentConfig> a = deps.agents().agent(agentId);
        return a.isPresent() && deps.policy().decide(session.principal(), Action.VIEW_AGENT, a).allowed();
    }
}
