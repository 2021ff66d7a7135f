package dev.cti.server.http;

import dev.cti.config.NetworkConfig;
import dev.cti.server.auth.Session;
import dev.cti.server.metrics.ServerMeters;
import dev.cti.pki.Credential;
import dev.cti.server.store.AuditEntry;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST and WebSocket API of the supervisor server (docs/API.md).
 *
 * <p>Handlers never block: logins (PBKDF2) run on a pool of their own, storage goes through the store's own worker,
 * agents are driven through the {@code AgentRegistry}. Every request under {@code /api} except login and
 * health needs a bearer token; every supervisor action is in the audit log before it is answered.
 *
 * <p>The same routes are served twice: over HTTPS on {@code network.server.https} (for every machine; wss for the
 * WebSocket) and over plain HTTP on {@code network.server.host}, which the configuration allows on a loopback
 * address only, so nothing crosses a network in clear.
 */
public final class HttpApiVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiVerticle.class);
    static final String SESSION = "cti.session";
    /** The login body: a user name and a password. */
    static final int LOGIN_BODY_BYTES = 4 * 1024;
    /** Every other JSON body. */
    static final int SMALL_BODY_BYTES = 64 * 1024;

    private final ApiDependencies deps;
    /** The HTTPS certificate; null: plain HTTP only (unit tests of the routes). */
    private final Credential https;
    private HttpServer server;
    private HttpServer httpsServer;
    private EventsSocket events;
    /** "Ask for help" (issue 18): its desk takes the server's events on this verticle's context until stop. */
    private HelpRoutes help;
    private CampaignRoutes campaigns;
    private Counter badRequests;
    private Counter authFailures;
    private Counter forbidden;
    private Counter timeouts;

    /** Plain HTTP only: for tests of the routes (the configuration keeps it on loopback). */
    public HttpApiVerticle(ApiDependencies deps) {
        this(deps, null);
    }

    /** Plain HTTP on loopback and HTTPS with {@code https} (the configured or the generated certificate). */
    public HttpApiVerticle(ApiDependencies deps, Credential https) {
        this.deps = deps;
        this.https = https;
    }

    /** The plain-HTTP port actually bound (the configured one, or an ephemeral one when configured as 0). */
    public int actualPort() {
        return server.actualPort();
    }

    /** The push channel (tests read its per-socket budget figures). */
    EventsSocket events() {
        return events;
    }

    /** The HTTPS port actually bound; -1 without HTTPS. */
    public int actualHttpsPort() {
        return httpsServer == null ? -1 : httpsServer.actualPort();
    }

    @Override
    public Future<?> start() {
        badRequests = counter(ServerMeters.HTTP_BAD_REQUESTS);
        authFailures = counter(ServerMeters.HTTP_AUTH_FAILURES);
        forbidden = counter(ServerMeters.HTTP_FORBIDDEN);
        timeouts = counter(ServerMeters.HTTP_TIMEOUTS);
        Router router = Router.router(vertx);
        // a request not answered in time gets 503 timeout; the push socket and the audio stream live long on purpose
        TimeoutHandler timeout = TimeoutHandler.create(TimeUnit.SECONDS.toMillis(
                deps.config().network().server().requestTimeoutSeconds()), 503);
        router.route("/api/*").handler(ctx -> {
            String path = ctx.normalizedPath();
            if (path.equals("/api/events") || path.startsWith("/api/recordings/") && path.endsWith("/audio")) {
                ctx.next();
            } else {
                timeout.handle(ctx);
            }
        });
        router.get("/api/health").handler(this::health);
        // The pages: static files from the classpath (webroot/), talking to /api like any client: the front door
        // (home/: one login, then the role's page), the wallboard, the QA console (质检台), the reports, and the
        // scripts they share (common/).
        router.get("/").handler(ctx -> ctx.redirect("/home/"));
        // (a route's path matches with and without a trailing slash: only the bare one is redirected)
        for (String bare : new String[] {"/home", "/qa", "/reports", "/campaigns", "/desk"}) {
            router.get(bare).handler(ctx -> {
                if (ctx.request().path().equals(bare)) {
                    ctx.redirect(bare + "/");
                } else {
                    ctx.next();
                }
            });
        }
        for (String page : new String[] {"home", "wallboard", "qa", "reports", "campaigns", "desk", "common"}) {
            router.route("/" + page + "/*").handler(StaticHandler.create("webroot/" + page).setCachingEnabled(false));
        }
        // the desk page's phone: JsSIP from the npm registry, bundled once (webroot/vendor/jssip/README.md)
        router.route("/vendor/jssip/*").handler(StaticHandler.create("webroot/vendor/jssip").setCachingEnabled(false));
        // the reports page's chart library: Apache ECharts from its WebJar (Maven Central), served as shipped
        router.route("/vendor/echarts/*").handler(StaticHandler.create("META-INF/resources/webjars/echarts/5.3.1/dist")
                .setCachingEnabled(false));
        // Bodies (docs/SECURITY.md, "HTTP API"): the login's is the only one read before authentication, and it is
        // small; every other body is read only after the token is checked, with its limit checked against
        // Content-Length before a byte is buffered; no route takes multipart, and nothing is ever written to disk.
        LoginRoutes logins = new LoginRoutes(deps, this, authFailures);
        router.post("/api/login").handler(RequestBodies::refuseMultipart).handler(RequestBodies.limited(LOGIN_BODY_BYTES))
                .handler(logins::login);
        router.get("/metrics").handler(this::metrics);
        events = new EventsSocket(vertx, deps, counter(ServerMeters.WS_REJECTED));
        router.get("/api/events").handler(events::handle);
        RecordingRoutes recordings = new RecordingRoutes(deps, this);
        // before the bearer check: a page's audio element authenticates with a playback ticket in the URL
        router.get("/api/recordings/:id/audio").handler(new AudioRoute(deps, this, recordings)::handle);
        router.route("/api/*").handler(this::authenticate);
        Handler<RoutingContext> smallBodies = RequestBodies.limited(SMALL_BODY_BYTES);
        Handler<RoutingContext> csvBodies = RequestBodies.limited(CustomerRoutes.MAX_IMPORT_BYTES);
        router.put("/api/*").handler(RequestBodies::refuseMultipart).handler(smallBodies);
        router.post("/api/*").handler(RequestBodies::refuseMultipart)
                .handler(ctx -> (ctx.normalizedPath().equals("/api/customers/import")
                        || CampaignRoutes.isImport(ctx.normalizedPath()) ? csvBodies : smallBodies).handle(ctx));
        router.post("/api/logout").handler(logins::logout);
        OverviewRoutes overview = new OverviewRoutes(deps, this);
        router.get("/api/me").handler(overview::me);
        router.get("/api/queues").handler(overview::queues);
        router.get("/api/calls").handler(overview::calls);
        router.get("/api/site").handler(overview::site);
        AgentRoutes agents = new AgentRoutes(deps, this);
        router.get("/api/agents").handler(agents::list);
        router.get("/api/agents/:id").handler(agents::get);
        router.get("/api/agents/:id/today").handler(agents::today);
        router.get("/api/agents/:id/phone").handler(agents::phone);
        router.post("/api/agents/:id/state").handler(agents::setState);
        router.post("/api/agents/:id/wrapup").handler(agents::wrapUp);
        router.post("/api/agents/:id/force-state").handler(agents::forceState);
        router.post("/api/agents/:id/logout").handler(agents::logout);
        CallRoutes callRoutes = new CallRoutes(deps, this);
        router.post("/api/agents/:id/dial").handler(callRoutes::dial);
        router.post("/api/calls/:id/hangup").handler(callRoutes::hangUp);
        router.post("/api/calls/:id/transfer").handler(callRoutes::transfer);
        router.post("/api/calls/:id/hold").handler(callRoutes::hold);
        router.post("/api/calls/:id/resume").handler(callRoutes::resume);
        router.post("/api/calls/:id/answer").handler(callRoutes::answer);
        campaigns = new CampaignRoutes(deps, this, callRoutes);
        campaigns.mount(router);
        help = new HelpRoutes(deps, this, context);
        help.mount(router);
        router.post("/api/calls/:id/consult").handler(callRoutes::consult);
        router.post("/api/calls/:id/consult/complete").handler(callRoutes::completeConsult);
        router.post("/api/calls/:id/consult/cancel").handler(callRoutes::cancelConsult);
        router.post("/api/calls/:id/consult/conference").handler(callRoutes::conference);
        MonitorRoutes monitors = new MonitorRoutes(deps, this);
        router.get("/api/monitors").handler(monitors::list);
        router.post("/api/monitors").handler(monitors::start);
        router.put("/api/monitors/:monitorId").handler(monitors::switchMode);
        router.delete("/api/monitors/:monitorId").handler(monitors::stop);
        QaRoutes qa = new QaRoutes(deps, this);
        router.post("/api/qa/evaluations").handler(qa::open);
        router.get("/api/qa/evaluations").handler(qa::list);
        router.get("/api/qa/evaluations/:id").handler(qa::get);
        router.put("/api/qa/evaluations/:id").handler(qa::save);
        router.post("/api/qa/evaluations/:id/submit").handler(qa::submit);
        router.post("/api/qa/evaluations/:id/acknowledge").handler(qa::acknowledge);
        router.post("/api/qa/evaluations/:id/dispute").handler(qa::dispute);
        router.get("/api/qa/worklist").handler(qa::workList);
        router.get("/api/qa/kpis").handler(qa::kpis);
        router.get("/api/qa/forms").handler(qa::forms);
        router.post("/api/agents/:id/script-events").handler(new ScriptEventRoutes(deps, this)::report);
        router.get("/api/recordings").handler(recordings::list);
        router.get("/api/recordings/disk").handler(recordings::disk);
        router.get("/api/recordings/:id").handler(recordings::get);
        router.post("/api/recordings/:id/ticket").handler(recordings::ticket);
        router.get("/api/calls/:id/recording").handler(recordings::callState);
        router.post("/api/calls/:id/recording/pause").handler(ctx -> recordings.pause(ctx, true));
        router.post("/api/calls/:id/recording/resume").handler(ctx -> recordings.pause(ctx, false));
        ReportRoutes reports = new ReportRoutes(deps, this);
        router.get("/api/reports/:kind").handler(reports::report);
        HistoryRoutes history = new HistoryRoutes(deps, this, reports);
        router.get("/api/calls/history").handler(history::history);
        router.get("/api/audit").handler(history::audit);
        FollowUpRoutes followUps = new FollowUpRoutes(deps, this);
        router.get("/api/callbacks").handler(followUps::callbacks);
        router.get("/api/complaints").handler(followUps::complaints);
        router.post("/api/complaints/:id/close").handler(followUps::close);
        CustomerRoutes customers = new CustomerRoutes(deps, this);
        router.post("/api/customers/import").handler(customers::importCsv);
        router.get("/api/customers/:number").handler(customers::get);
        router.route().last().handler(ctx -> {
            RequestBodies.closeAfterAnswerIfBodyPending(ctx);
            ApiError.send(ctx, 404, "not_found", "no such endpoint");
        });
        router.errorHandler(500, ctx -> {
            if (ApiError.storeUnavailable(ctx, ctx.failure())) {
                return;
            }
            LOG.error("unhandled error on {} {}", ctx.request().method(), ctx.normalizedPath(), ctx.failure());
            ApiError.send(ctx, 500, "internal", "internal error");
        });
        router.errorHandler(503, ctx -> {
            timeouts.increment();
            LOG.warn("{} {} not answered within {} s: 503", ctx.request().method(), ctx.normalizedPath(),
                    deps.config().network().server().requestTimeoutSeconds());
            ApiError.send(ctx, 503, "timeout", "the request was not answered in time");
        });
        router.errorHandler(413, ctx -> {
            badRequests.increment();
            RequestBodies.closeAfterAnswerIfBodyPending(ctx);
            ApiError.send(ctx, 413, "too_large", "request body too large (4 KiB for a login, 64 KiB, 8 MiB for a "
                    + "customer import)");
        });
        router.errorHandler(415, ctx -> {
            badRequests.increment();
            RequestBodies.closeAfterAnswerIfBodyPending(ctx);
            ApiError.send(ctx, 415, "unsupported_media_type", "multipart bodies are not accepted: send JSON (or "
                    + "text/csv to the customer import)");
        });
        var cfg = deps.config().network().server();
        Future<HttpServer> plain = vertx.createHttpServer(new HttpServerOptions().setHost(cfg.host()).setPort(cfg.httpPort()))
                .requestHandler(router)
                .listen()
                .onSuccess(s -> {
                    server = s;
                    LOG.info("HTTP API listening on http://{}:{} (this machine only)", cfg.host(), s.actualPort());
                });
        if (https == null) {
            return plain;
        }
        NetworkConfig.Https h = cfg.https();
        return plain.compose(p -> vertx.createHttpServer(new HttpServerOptions().setHost(h.host()).setPort(h.port())
                        .setSsl(true).setEnabledSecureTransportProtocols(Set.of("TLSv1.3", "TLSv1.2"))
                        .setKeyCertOptions(new PemKeyCertOptions().setKeyValue(Buffer.buffer(https.keyPem()))
                                .setCertValue(Buffer.buffer(https.chainPem()))))
                .requestHandler(router)
                .listen()
                .onSuccess(s -> {
                    httpsServer = s;
                    LOG.info("HTTP API listening on https://{}:{} (certificate sha256 {})", h.host(), s.actualPort(),
                            https.fingerprint());
                }));
    }

    @Override
    public Future<?> stop() {
        if (events != null) {
            events.close(); // the server's events outlive this verticle: stop taking them
        }
        if (help != null) {
            help.close();
        }
        if (campaigns != null) {
            campaigns.close();
        }
        Future<Void> a = server == null ? Future.succeededFuture() : server.close();
        Future<Void> b = httpsServer == null ? Future.succeededFuture() : httpsServer.close();
        return Future.all(a, b);
    }

    private Counter counter(ServerMeters m) {
        return m.counter(deps.meters());
    }

    // ---- shared helpers for the route classes -------------------------------------------------------

    /** The JSON object body, or empty after answering 400 (counted). */
    Optional<JsonObject> body(RoutingContext ctx) {
        try {
            JsonObject o = ctx.body().asJsonObject();
            if (o == null) {
                return badRequest(ctx, "bad_json", "a JSON object body is required");
            }
            return Optional.of(o);
        } catch (DecodeException | ClassCastException e) {
            return badRequest(ctx, "bad_json", "the body is not a JSON object");
        }
    }

    /** An optional string field, or empty after answering 400 when it has another type. */
    Optional<Optional<String>> stringField(RoutingContext ctx, JsonObject o, String name) {
        Object v = o.getValue(name);
        if (v == null) {
            return Optional.of(Optional.empty());
        }
        if (!(v instanceof String s)) {
            badRequest(ctx, "bad_request", "'" + name + "' must be a string");
            return Optional.empty();
        }
        return Optional.of(Optional.of(s));
    }

    <T> Optional<T> badRequest(RoutingContext ctx, String code, String message) {
        badRequests.increment();
        ApiError.send(ctx, 400, code, message);
        return Optional.empty();
    }

    /** 400 with more than the code and message (e.g. the fields a campaign definition got wrong); counted. */
    void badRequest(RoutingContext ctx, String code, String message, JsonObject details) {
        badRequests.increment();
        ApiError.json(ctx, 400, details.copy().put("error", code).put("message", message));
    }

    void forbidden(RoutingContext ctx, String message) {
        forbidden.increment();
        ApiError.send(ctx, 403, "forbidden", message);
    }

    /** Answers a refusal found elsewhere (QA), counted like the others: 400 as bad requests, 403 as forbidden. */
    void refused(RoutingContext ctx, int status, String code, String message) {
        if (status == 400) {
            badRequests.increment();
        } else if (status == 403) {
            forbidden.increment();
        }
        ApiError.send(ctx, status, code, message);
    }

    static Session session(RoutingContext ctx) {
        return ctx.get(SESSION);
    }

    /** Writes the audit entry, then answers; a failed write answers 500 instead of the intended answer. */
    void auditThen(RoutingContext ctx, AuditEntry entry, Runnable answer) {
        deps.store().recordAudit(entry).onComplete(ar -> {
            if (ar.succeeded()) {
                answer.run();
            } else if (!ApiError.storeUnavailable(ctx, ar.cause())) {
                LOG.error("audit write failed for {} by {}", entry.action(), entry.actor());
                ApiError.send(ctx, 500, "audit_failed", "the action could not be recorded in the audit log");
            }
        });
    }

    // ---- handlers ------------------------------------------------------------------------------------

    private void health(RoutingContext ctx) {
        deps.store().ping().timeout(2, TimeUnit.SECONDS).onComplete(ar -> {
            JsonObject o = new JsonObject().put("status", ar.succeeded() ? "UP" : "DOWN")
                    .put("store", ar.succeeded() ? "UP" : "DOWN")
                    .put("agents", deps.agents().agents().size())
                    .put("sessions", deps.auth().activeSessions());
            var failover = deps.config().storage().failover();
            if (failover.enabled()) {
                o.put("node", failover.nodeId()); // docs/CLUSTER.md: the owner; a standby answers STANDBY
            }
            // the store alert: records nobody waited on that could not be stored since the start (docs/STORAGE.md)
            deps.store().alerts().json().ifPresent(lost -> o.put("lostRecords", lost));
            ApiError.json(ctx, ar.succeeded() ? 200 : 503, o);
        });
    }

    private void metrics(RoutingContext ctx) {
        if (deps.prometheus().isEmpty()) {
            ApiError.send(ctx, 404, "not_found", "metrics are not enabled");
            return;
        }
        String scrape = deps.prometheus().get().scrape();
        ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(scrape);
    }

    private void authenticate(RoutingContext ctx) {
        Optional<Session> s = bearer(ctx);
        if (s.isEmpty()) {
            return;
        }
        ctx.put(SESSION, s.get());
        ctx.next();
    }

    /** The session of the request's bearer token, or empty after answering 401 (counted). */
    Optional<Session> bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim()
                : null;
        Optional<Session> s = deps.auth().authenticate(token);
        if (s.isEmpty()) {
            RequestBodies.closeAfterAnswerIfBodyPending(ctx);
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            authFailed(ctx, token == null ? "missing_token" : "invalid_token",
                    token == null ? "an 'Authorization: Bearer <token>' header is required"
                            : "the token is unknown or expired");
        }
        return s;
    }

    /** Answers 401 with {@code code} (counted as an authentication failure). */
    void authFailed(RoutingContext ctx, String code, String message) {
        authFailures.increment();
        ApiError.send(ctx, 401, code, message);
    }
}
