package dev.cti.server.call;

import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.link.message.AgentRingFailed;
import dev.cti.link.message.AgentRinging;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.CallTransferred;
import dev.cti.link.message.CommandRejected;
import dev.cti.link.message.DtmfReceived;
import dev.cti.link.message.LinkCommand;
import dev.cti.link.message.LinkEvent;
import dev.cti.link.message.MonitorEnded;
import dev.cti.link.message.MonitorModeChanged;
import dev.cti.link.message.MonitorStarted;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.PhoneUnregistered;
import dev.cti.link.message.Snapshot;
import dev.cti.server.acd.Acd;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.agent.Cause;
import dev.cti.server.events.AgentUpdate;
import dev.cti.server.events.CallPushEvent;
import dev.cti.server.events.QueueFigures;
import dev.cti.server.events.ServerEvents;
import dev.cti.server.kpi.QueueKpis;
import dev.cti.server.metrics.ServerMeters;
import dev.cti.server.monitor.Monitors;
import dev.cti.server.store.CallTimelineStore;
import dev.cti.server.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's half of call handling: it turns the gateway's call events into queue and agent decisions
 * and the gateway commands that carry them out. Runs entirely on one Vert.x context (the agents' one: the
 * {@link dev.cti.server.CoreVerticle}'s in the server, also the CTI link's), so its maps need no locks; REST callers
 * reach it through methods that hop onto that context and answer with futures. The gateway owns the calls; the
 * server owns queues and agents (design.md §1).
 * This class is the entry point (link events, REST, timers) and routes to one collaborator per feature,
 * all sharing the live calls:
 * <ul>
 *   <li>{@link CallLifecycle}: CallOffered queues the call in the ACD; answer, hold and resume drive the
 *       agent's state, the ring count and the hold timer; CallCleared writes the call detail record and
 *       ends the agent's call (wrap-up).</li>
 *   <li>{@link CallDispatcher}: the ACD matches waiting calls with READY agents whose phone is registered
 *       ({@link Phones}); the agent is RESERVED (durably) before DeliverToAgent is sent, and the queue's
 *       script is rendered for the agent and pushed. A failed ring puts the agent NOT_READY (system reason)
 *       and the call back at the head of its queue.</li>
 *   <li>{@link Reconciler}: a snapshot from the gateway (on every link connect, and every
 *       {@link #RECONCILE_EVERY}) is reconciled with the agents: nobody stays ON_CALL without a gateway
 *       call, nobody READY while the gateway has them on one; each correction is logged and counted.</li>
 *   <li>{@link RestartRecovery}: after a restart, agents back in their stored states and the last run's calls
 *       settled by the gateway's first snapshot (adopted with their records, or closed as LOST_ON_RESTART).</li>
 *   <li>{@link GatewayCommands}: commands for REST callers and the gateway's refusals of them;
 *       {@link QueueClock}: queue time limits, announcements and figures every {@link #TICK};
 *       {@link OutboundDialer}: click-to-dial; {@link CallMenus}: the voice menus (IVR) before a call is
 *       queued; {@link QueueCallbackOffers}: the callback that keeps its place; {@link CallPush}: what is pushed to the screens (typed
 *       {@link dev.cti.server.events.CallPushEvent}s on {@link ServerEvents#calls()}).</li>
 * </ul>
 */
public final class CallCenter {
    private static final Logger LOG = LoggerFactory.getLogger(CallCenter.class);
    static final Duration TICK = Duration.ofSeconds(1);
    static final Duration RECONCILE_EVERY = Duration.ofSeconds(30);

    /** Where commands to the gateway go (the link server in production, a recorder in tests). */
    public interface CommandSink {
        Future<Long> send(LinkCommand command);
    }

    private final Vertx vertx;
    private final Context context;
    private final ServerEvents events;
    private final AgentRegistry agents;
    private final MeterRegistry meters;
    /** The inbound calls the server knows, by call id, in arrival order; shared by the collaborators. */
    private final Map<String, LiveCall> calls = new LinkedHashMap<>();
    private final List<Long> timers = new ArrayList<>();
    private final List<dev.cti.server.events.Topic.Subscription<?>> subscriptions = new ArrayList<>();
    private final CallPush push;
    private final Phones phones;
    private final QueueKpis kpis;
    private final OutboundDialer outbound;
    private final CallDispatcher dispatcher;
    private final CallLifecycle lifecycle;
    private final Monitors monitors;
    private final Reconciler reconciler;
    private final RestartRecovery recovery;
    private final GatewayCommands commands;
    private final CallConsults consults;
    private final QueueClock queueClock;
    private final CallTimelineStore timelines;
    private final CallKeys keys;
    private final CallMenus menus;
    private final QueueCallbackOffers callbackOffers;
    private final CallSurveys surveys;
    private final dev.cti.server.kpi.SurveyTally surveyTally;
    private final Store store;
    private final dev.cti.server.security.GatewaySecurityEvents security;

    /**
     * @param context the context everything here runs on: the {@link dev.cti.server.CoreVerticle}'s in the server
     * @param events  where the pushes go and the agents' changes come from
     */
    public CallCenter(Vertx vertx, Context context, CtiConfig config, AgentRegistry agents, Store store,
                      CommandSink gateway, ServerEvents events, MeterRegistry meters, Clock clock) {
        this.vertx = vertx;
        this.context = context;
        this.events = events;
        this.agents = agents;
        this.store = store;
        this.meters = meters;
        Acd acd = new Acd(config, clock);
        this.push = new CallPush(events, config, acd, clock);
        this.phones = new Phones(config, push);
        WaitingNow waitingNow = new WaitingNow(config, acd, clock);
        this.dispatcher = new CallDispatcher(context, config, agents, store, gateway, clock, acd, calls, phones,
                waitingNow, push);
        this.kpis = new QueueKpis(config, meters, clock, waitingNow, agents::snapshots);
        this.kpis.onWrapUpEnded((callId, wrapUp) -> store.alerts().durably("wrap_up_time", callId,
                () -> store.recordWrapUpTime(callId, wrapUp)));
        VisitRecorder visits = new VisitRecorder(new dev.cti.server.store.QueueVisitStore(store), store.alerts());
        this.lifecycle = new CallLifecycle(vertx, config, agents, store, gateway, clock, acd, kpis, meters, calls,
                dispatcher, push, visits);
        this.outbound = new OutboundDialer(agents, store, gateway, clock, agentId -> push.publish(
                new CallPushEvent.Dial(push.stamp(), agentId)), lifecycle::holdTimer, push);
        this.monitors = new Monitors(vertx, context, config, new MonitoredCalls(lifecycle, outbound, phones, push),
                gateway::send, meters, () -> "m-" + UUID.randomUUID());
        this.commands = new GatewayCommands(gateway, agents, clock, meters, calls, push, lifecycle, dispatcher,
                monitors);
        this.consults = new CallConsults(context, agents, calls, commands, push, acd, dispatcher, clock);
        dispatcher.consults(consults::assigned);
        this.surveyTally = new dev.cti.server.kpi.SurveyTally(config.queues(), meters, clock,
                java.time.ZoneId.of(config.site().timeZone()));
        this.queueClock = new QueueClock(config, agents, gateway, clock, acd, kpis, calls, push, dispatcher, visits,
                surveyTally);
        this.timelines = new CallTimelineStore(store);
        this.keys = new CallKeys(context, timelines, store.alerts());
        this.callbackOffers = new QueueCallbackOffers(vertx, config, gateway, keys, clock, acd, meters);
        this.menus = new CallMenus(vertx, config, gateway, keys, clock, meters, callbackOffers::offerOnArrival,
                lifecycle::recordCall);
        this.queueClock.offers(callbackOffers);
        this.recovery = new RestartRecovery(vertx, config, store, meters, clock, menus::resume);
        this.reconciler = new Reconciler(config, agents, clock, acd, meters, calls, phones, lifecycle, dispatcher,
                monitors, outbound, recovery);
        var surveyStore = new dev.cti.server.store.SurveyStore(store);
        this.surveys = new CallSurveys(vertx, config, gateway, keys, surveyStore, store.alerts(), surveyTally, clock,
                meters);
        java.time.ZoneId site = java.time.ZoneId.of(config.site().timeZone()); // the site's day, not the clock's zone
        java.time.Instant today = java.time.LocalDate.ofInstant(clock.instant(), site).atStartOfDay(site).toInstant();
        surveyStore.countsByQueue(today, today.plus(java.time.Duration.ofDays(2))).onSuccess(surveyTally::start)
                .onFailure(err -> LOG.warn("today's surveys not read: {}", err.getMessage()));
        this.security = new dev.cti.server.security.GatewaySecurityEvents(config, store, meters, push::stamp,
                push::publish);
    }

    /** The supervisor monitor sessions (issue 7); their link events arrive through {@link #onEvent}. */
    public Monitors monitors() {
        return monitors;
    }

    /**
     * Told (request id, gateway call id) when the gateway names a click-to-dial call: the agent's records of it
     * (holds, wrap-up) are kept under the request id, its CDR under the call id.
     */
    public void onDialNamed(java.util.function.BiConsumer<String, String> listener) {
        outbound.onNamed(listener);
    }

    /** Consult and attended transfer (issue 18). */
    public CallConsults consults() { return consults; }

    /** Told (request id, whether the customer answered) when a click-to-dial call is over (scheduled callbacks). */
    public void onDialEnded(java.util.function.BiConsumer<String, Boolean> listener) {
        outbound.onEnded(listener);
    }

    /**
     * Where the callbacks that keep their place are stored and dialled (issue 17: the scheduled callbacks'); until it
     * is given, no announcement offers a callback.
     */
    public void useCallbackQueue(CallbackQueue queue) {
        context.runOnContext(v -> {
            callbackOffers.use(queue, dispatcher);
            dispatcher.callbacks(callbackOffers::assigned);
        });
    }

    /** Once the callbacks are read back after a (re)start: the QUEUED ones back at their place in the ACD. */
    public Future<Integer> restoreQueuedCallbacks() {
        return onContext(callbackOffers::restore);
    }

    /** The keys pressed on calls, and the flows that own them (issue 17). */
    public CallKeys keys() { return keys; }

    /** The queue KPIs (wallboard figures, Prometheus meters). */
    public QueueKpis kpis() {
        return kpis;
    }

    /**
     * After a (re)start, before the CTI link listens: agents back in their last stored state, the calls the last run
     * left in progress read back for the gateway's first snapshot to settle ({@link RestartRecovery};
     * docs/STORAGE.md, "Restart: restoring from the records").
     */
    public Future<Void> restoreFromRecords() {
        return onContext(() -> recovery.restore(agents, outbound, kpis)).compose(f -> f);
    }

    /**
     * Starts the queue clock, the periodic reconciliation and the listeners on agent changes; from now on a call the
     * agents' machines give back goes to the head of its queue ({@link AgentRegistry#requeueTo}).
     */
    public void start() {
        context.runOnContext(v -> {
            dispatcher.refreshAll();
            timers.add(vertx.setPeriodic(TICK.toMillis(), id -> queueClock.tick()));
            timers.add(vertx.setPeriodic(RECONCILE_EVERY.toMillis(), id -> requestSnapshot()));
            // a later task on this context, as the event bus delivered it: never inside the agent's commit
            agents.requeueTo((callId, queueId, agentId) -> context.runOnContext(x -> dispatcher.requeue(callId)));
            subscriptions.add(events.agents().subscribe(context, this::agentChanged));
        });
    }

    private void agentChanged(AgentUpdate update) {
        assert Vertx.currentContext() == context : "agent update off the call center's context";
        kpis.agentEvent(update);
        dispatcher.agentChanged(update.agentId());
        dispatcher.dispatch();
    }

    public void stop() {
        context.runOnContext(v -> {
            timers.forEach(vertx::cancelTimer);
            subscriptions.forEach(dev.cti.server.events.Topic.Subscription::cancel);
        });
    }

    /** Entry point for the link: every gateway event, on any thread. */
    public void onEvent(long seq, LinkEvent event) {
        context.runOnContext(v -> {
            try {
                handle(event);
            } catch (RuntimeException e) {
                LOG.error("gateway event {} (seq {}) failed", event.getClass().getSimpleName(), seq, e);
                count(ServerMeters.LINK_EVENTS_FAILED, "type", event.getClass().getSimpleName());
            }
        });
    }

    /**
     * The gateway (re)connected: the events it buffered during the outage come first (applied as history), then its
     * snapshot; no call is routed before the snapshot, since a call queued in a replayed event may have been
     * answered or abandoned in a later one (docs/CTI-LINK.md, "Connection, snapshot and reconnect").
     */
    public void onGatewayConnected() {
        LOG.info("gateway connected; applying what it buffered, then its snapshot");
        context.runOnContext(v -> dispatcher.linkSynced(false));
    }

    public void onGatewayDisconnected(String reason) {
        LOG.warn("gateway link down ({}); calls keep going on the gateway, their events are replayed on reconnect",
                reason);
        context.runOnContext(v -> dispatcher.linkSynced(false));
    }

    /** Asks the gateway for a snapshot; its answer is reconciled like the one sent on connect. */
    public void requestSnapshot() {
        commands.requestSnapshot();
    }

    /** Live calls (queue calls, then click-to-dial calls) as JSON for the REST API; numbers masked. */
    public Future<JsonArray> callsJson() {
        return onContext(() -> {
            JsonArray out = new JsonArray();
            calls.values().forEach(c -> out.add(CallJson.call(push.summary(c))));
            outbound.liveCalls().forEach(c -> out.add(CallJson.call(c)));
            return out;
        });
    }

    /** Queue figures for the REST API and the wallboard: live counts and today's KPIs. */
    public Future<List<QueueFigures>> queues() {
        return onContext(queueClock::figures);
    }

    /** Which extensions have a registered phone; empty until the gateway's first snapshot says (screens). */
    public Future<Optional<Set<String>>> phoneStates() {
        return onContext(phones::knownExtensions);
    }

    /** Which extensions have a registered phone (REST / tests). */
    public Future<Set<String>> registeredExtensions() {
        return onContext(phones::extensions);
    }

    /** A supervisor or agent asks to end a call. */
    public Future<Long> hangUp(String callId) {
        return commands.hangUp(callId);
    }

    /** A request to the gateway on behalf of a REST caller (transfer, originate, …). */
    public Future<Long> command(LinkCommand command) {
        return commands.send(command);
    }

    /**
     * Click-to-dial for {@code agentId}: the agent goes DIALING, the gateway rings the agent's phone and
     * then {@code number}. Completes with the request id (see docs/API.md).
     */
    public Future<String> dial(String agentId, String number, Cause cause) {
        return dial(agentId, number, cause, Optional.empty());
    }

    /** Click-to-dial showing {@code scriptId} (a campaign's; else {@code outbound.script}) once commanded. */
    public Future<String> dial(String agentId, String number, Cause cause, Optional<String> scriptId) {
        return dial(agentId, number, cause, scriptId, Optional.empty());
    }

    /** As above; {@code queueId} gives the call its wrap-up rules (a preview campaign's queue). */
    public Future<String> dial(String agentId, String number, Cause cause, Optional<String> scriptId,
                               Optional<String> queueId) {
        AgentConfig agent = agents.agent(agentId).orElse(null);
        if (agent == null) {
            return Future.failedFuture(new IllegalArgumentException("unknown agent " + agentId));
        }
        return onContext(() -> outbound.dial(agent, number, cause, queueId)).compose(f -> f).onSuccess(requestId ->
                context.runOnContext(v -> dispatcher.scripts().showOutbound(requestId, scriptId, agent, number)));
    }

    /**
     * An internal call (issue 18) from {@code agentId} to the colleague {@code to}: both go DIALING, the gateway rings
     * the agent's phone and then the colleague's (not the trunk). Fails with {@link CallConsults.Refused} when the
     * colleague cannot take a call now.
     */
    public Future<String> dialColleague(String agentId, AgentConfig to, Cause cause) {
        AgentConfig agent = agents.agent(agentId).orElse(null);
        if (agent == null) {
            return Future.failedFuture(new IllegalArgumentException("unknown agent " + agentId));
        }
        return onContext(() -> outbound.dialColleague(agent, to, cause)).compose(f -> f);
    }

    /**
     * The agent of a live call, inbound or click-to-dial (the supervisor's seat after a take-over); empty when the
     * call is not live or has no agent. Call on the call center's context only (the recording index runs there).
     */
    public Optional<String> agentOf(String callId) {
        LiveCall c = calls.get(callId);
        return c != null ? c.agentId : outbound.agentOf(callId);
    }

    /**
     * Like {@link #callAgent} but for click-to-dial calls too: empty for a call that is not live, else the agent it
     * is with, if any.
     */
    public Future<Optional<Optional<String>>> liveCallAgent(String callId) {
        return onContext(() -> {
            LiveCall c = calls.get(callId);
            if (c != null) {
                return Optional.of(c.agentId);
            }
            Optional<String> out = outbound.agentOf(callId);
            return out.isPresent() ? Optional.of(out) : Optional.<Optional<String>>empty();
        });
    }

    /** The agent a live inbound call is with, if any; empty also for calls the server does not know. */
    /** The queue of a live call the server knows, if it knows the call (the survey a transfer sends it to). */
    public Future<Optional<String>> callQueue(String callId) {
        return onContext(() -> Optional.ofNullable(calls.get(callId)).map(c -> c.queueId));
    }

    public Future<Optional<Optional<String>>> callAgent(String callId) {
        return onContext(() -> Optional.ofNullable(calls.get(callId)).map(c -> c.agentId));
    }

    private void handle(LinkEvent event) {
        assert Vertx.currentContext() == context : "gateway event off the call center's context";
        if (event instanceof CallCleared e) {
            boolean keptPlace = callbackOffers.keepsPlace(e.callId()) && lifecycle.clearedForCallback(e);
            callbackOffers.cleared(e.callId(), keptPlace);
            if (!keptPlace && !outbound.handle(e)) {
                lifecycle.cleared(e);
            }
            // inbound or click-to-dial, and also a session adopted on a call this server does not know
            monitors.callEnded(e.callId());
            consults.callEnded(e.callId());
            keys.release(e.callId());
            menus.cleared(e.callId(), java.time.Instant.ofEpochMilli(e.at()));
            return;
        }
        if (outbound.handle(event)) {
            return;
        }
        if (event instanceof CallOffered e) {
            lifecycle.offered(e);
            callbackOffers.queued(calls.get(e.callId()));
        } else if (event instanceof AgentRinging e) {
            lifecycle.ringing(e);
        } else if (event instanceof AgentRingFailed e) {
            lifecycle.ringFailed(e);
        } else if (event instanceof CallAnswered e) {
            lifecycle.answered(e);
        } else if (event instanceof CallHeld e) {
            lifecycle.held(e.callId(), true, java.time.Instant.ofEpochMilli(e.at()));
        } else if (event instanceof CallResumed e) {
            lifecycle.held(e.callId(), false, java.time.Instant.ofEpochMilli(e.at()));
        } else if (event instanceof CallTransferred e) {
            // kept for the recording's timeline (the V1 schema had no transfers)
            store.alerts().durably("call_transfer", e.callId(), () -> timelines.recordTransfer(e.callId(),
                    Optional.of(e.agentId()), e.kind().name(), e.target(), e.outcome().name(),
                    java.time.Instant.ofEpochMilli(e.at())));
            lifecycle.transferred(e);
        } else if (event instanceof DtmfReceived e) {
            keys.received(e);
        } else if (event instanceof dev.cti.link.message.CallInMenu e) {
            menus.arrived(e);
        } else if (event instanceof dev.cti.link.message.PromptsPlayed e) {
            if (!callbackOffers.played(e)) {
                menus.played(e);
                surveys.played(e);
            }
        } else if (event instanceof dev.cti.link.message.CallInSurvey e) {
            surveys.arrived(e);
        } else if (event instanceof dev.cti.link.message.SurveyLeft e) {
            surveys.left(e);
        } else if (event instanceof PhoneRegistered e) {
            phones.update(e.extension(), e.contact());
            dispatcher.phoneChanged(e.extension());
            dispatcher.dispatch();
        } else if (event instanceof PhoneUnregistered e) {
            phones.update(e.extension(), null);
            dispatcher.phoneChanged(e.extension());
            dispatcher.dispatch();
        } else if (event instanceof Snapshot s) {
            reconciler.reconcile(s);
            dispatcher.linkSynced(true); // the view is the gateway's again: routing resumes
        } else if (event instanceof CommandRejected e) {
            consults.rejected(e);
            if (!menus.rejected(e) && !surveys.rejected(e)) {
                commands.rejected(e);
            }
        } else if (event instanceof dev.cti.link.message.ConsultProgress e) {
            consults.progress(e);
        } else if (event instanceof MonitorStarted e) {
            monitors.started(e);
        } else if (event instanceof MonitorModeChanged e) {
            monitors.modeChanged(e);
        } else if (event instanceof MonitorEnded e) {
            monitors.ended(e);
        } else if (event instanceof dev.cti.link.message.DialRefused e) {
            security.dialRefused(e);
        } else if (event instanceof dev.cti.link.message.RegistrationLockout e) {
            security.lockout(e);
        } else {
            LOG.warn("unexpected gateway event {}", event.getClass().getSimpleName());
            count(ServerMeters.LINK_EVENTS_UNEXPECTED, "type", event.getClass().getSimpleName());
        }
    }

    private void count(ServerMeters meter, String tag, String value) {
        meter.counter(meters, value).increment(); // tag: the catalogue's one key, named here for the reader
    }

    private <T> Future<T> onContext(Callable<T> work) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> {
            try {
                p.complete(work.call());
            } catch (Exception e) {
                p.fail(e);
            }
        });
        return p.future();
    }
}
