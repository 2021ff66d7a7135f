package dev.cti.server.call;

import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.server.events.CallPushEvent;
import dev.cti.server.acd.Acd;
import dev.cti.server.acd.AgentCandidate;
import dev.cti.server.acd.AgentPool;
import dev.cti.server.acd.Assignment;
import dev.cti.server.agent.AgentEvent;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.agent.AgentSnapshot;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.Cause;
import dev.cti.server.store.Store;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matching waiting calls with agents: READY agents whose phone is registered are handed to the ACD, each
 * match RESERVEs the agent (durably) before DeliverToAgent is sent, and the queue's script is rendered for
 * the agent and pushed. A call whose delivery fails goes back to the head of its queue. Runs on the call
 * center's context.
 *
 * <p>The available agents (READY, phone registered, with skills) are kept in an {@link AgentPool} updated on
 * every agent event, phone change and handled call, so a matching pass never looks at the other agents.
 */
final class CallDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(CallDispatcher.class);

    private final Context context;
    private final CtiConfig config;
    private final AgentRegistry agents;
    private final Store store;
    private final CallCenter.CommandSink gateway;
    private final Clock clock;
    private final Acd acd;
    private final Map<String, LiveCall> calls;
    private final Phones phones;
    private final WaitingNow waitingNow;
    private final CallPush push;
    private final ScriptShow scripts;
    private final Map<String, Long> handledToday = new HashMap<>();
    private final AgentPool available;
    private boolean dispatchScheduled;
    /** Takes the assignments of waiting callbacks (issue 17); true when it took one. */
    private java.util.function.Predicate<Assignment> callbacks = a -> false;
    /** Takes the assignments of consults waiting in a queue (issue 18); true when it took one. */
    private java.util.function.Predicate<Assignment> consults = a -> false;
    /** False from a gateway's Hello (or a lost link) to its next snapshot: no call is offered meanwhile. */
    private boolean linkSynced = true;

    CallDispatcher(Context context, CtiConfig config, AgentRegistry agents, Store store,
                   CallCenter.CommandSink gateway, Clock clock, Acd acd, Map<String, LiveCall> calls, Phones phones,
                   WaitingNow waitingNow, CallPush push) {
        this.context = context;
        this.config = config;
        this.agents = agents;
        this.store = store;
        this.gateway = gateway;
        this.clock = clock;
        this.acd = acd;
        this.calls = calls;
        this.phones = phones;
        this.waitingNow = waitingNow;
        this.push = push;
        this.scripts = new ScriptShow(config, store, clock, push);
        this.available = acd.newPool();
        refreshAll();
    }

    /** Who takes the waiting entries that are callbacks keeping their place ({@link QueueCallbackOffers}). */
    void callbacks(java.util.function.Predicate<Assignment> taker) {
        this.callbacks = taker;
    }

    /** Who takes the waiting entries that are consults to a queue ({@link CallConsults#assigned}). */
    void consults(java.util.function.Predicate<Assignment> taker) {
        this.consults = taker;
    }

    /** The agent's state may have changed: it joins or leaves the available agents. */
    void agentChanged(String agentId) {
        AgentConfig a = agents.agent(agentId).orElse(null);
        if (a == null) {
            available.remove(agentId);
            return;
        }
        AgentSnapshot s = agents.snapshot(agentId).orElse(null);
        // A seat without skills (a supervisor's monitoring phone) joins no queue's pool: QueueConfig.accepts.
        if (s != null && s.state() == AgentState.READY && phones.registered(a.extension())) {
            available.put(new AgentCandidate(a.id(), a.skills(), s.since(), handledToday.getOrDefault(a.id(), 0L)));
        } else {
            available.remove(agentId);
        }
    }

    /** The phone of this extension registered or unregistered. */
    void phoneChanged(String extension) {
        phones.agentOf(extension).ifPresent(this::agentChanged);
    }

    /** Rebuilds the available agents from every agent (start-up, the gateway's snapshot of registrations). */
    void refreshAll() {
        for (AgentConfig a : agents.agents()) {
            agentChanged(a.id());
        }
    }

    /**
     * Asks for one matching pass. Every event that may free an agent or queue a call asks for one, so the
     * requests of one event-loop turn are coalesced into a single pass, and a pass with no waiting call
     * does not look at the agents at all (the bench found the per-event scan of every agent to be the
     * server's main cost with many agents logged in).
     */
    void dispatch() {
        if (!context.equals(Vertx.currentContext())) {
            context.runOnContext(v -> dispatch());
            return;
        }
        if (dispatchScheduled) {
            return;
        }
        dispatchScheduled = true;
        context.runOnContext(v -> {
            dispatchScheduled = false;
            matchNow();
        });
    }

    /**
     * Whether calls may be offered: false while the link is down and between a gateway's Hello and its snapshot (the
     * events before the snapshot are history: a call they queue may already be answered or gone); true again after
     * the snapshot, with a matching pass.
     */
    void linkSynced(boolean synced) {
        boolean was = linkSynced;
        linkSynced = synced;
        if (synced && !was) {
            dispatch();
        }
    }

    /** An agent handled a call to its end: the ACD favours agents who handled fewer today. */
    void handled(String agentId) {
        handledToday.merge(agentId, 1L, Long::sum);
        agentChanged(agentId);
    }

    /** The agent's machine gave the call back (a failed ring): to the head of its queue unless answered. */
    void requeue(String callId) {
        LiveCall call = calls.get(callId);
        if (call != null && call.phase != LiveCall.Phase.CONNECTED && call.phase != LiveCall.Phase.HELD) {
            backToQueue(call);
            push.call(call, "requeued");
            dispatch();
        }
    }

    /** Frees the call from its agent and puts it at the head of its queue (no-op when already queued). */
    void backToQueue(LiveCall call) {
        if (call.phase == LiveCall.Phase.QUEUED) {
            return;
        }
        call.phase = LiveCall.Phase.QUEUED;
        call.agentId = Optional.empty();
        acd.requeueAtHead(call.waiting);
    }

    private void matchNow() {
        waitingNow.refresh();
        if (!linkSynced || !acd.hasWaiting()) {
            return;
        }
        if (available.isEmpty()) {
            return;
        }
        for (Assignment a : acd.match(available)) {
            if (callbacks.test(a) || consults.test(a)) {
                continue; // a callback keeping its place: dialled through the agent instead of delivered
            }
            offer(calls.get(a.call().callId()), a);
        }
    }

    private void offer(LiveCall call, Assignment a) {
        if (call == null) {
            agentChanged(a.agentId()); // the match took it out of the pool: put it back if still available
            return;
        }
        QueueConfig queue = config.queue(call.queueId).orElseThrow();
        AgentConfig agent = agents.agent(a.agentId()).orElseThrow();
        call.phase = LiveCall.Phase.OFFERING;
        call.agentId = Optional.of(agent.id());
        call.offeredAt = clock.instant();
        agents.fire(agent.id(), AgentEvent.offered(call.callId, call.queueId)).onComplete(ar -> {
            if (ar.failed() || !ar.result().accepted()) {
                // The agent changed state in between (logged out, went not ready): try someone else.
                agentChanged(agent.id());
                backToQueue(call);
                dispatch();
                return;
            }
            gateway.send(new DeliverToAgent(call.callId, agent.id(), agent.extension(), queue.ringTimeoutSeconds()))
                    .onFailure(err -> {
                        LOG.warn("call {} not delivered to agent {}: {}", call.callId, agent.id(), err.getMessage());
                        agents.fire(agent.id(), AgentEvent.call(AgentEventType.CALL_ENDED, Cause.sip(), call.callId));
                        backToQueue(call);
                    });
            scripts.show(call.callId, queue.script().flatMap(config::script), queue.name(), agent,
                    call.callerNumber);
            push.call(call, "offered");
        });
    }

    /** Shows scripts on the agents' desktops: queue calls here, click-to-dial calls through the call center. */
    ScriptShow scripts() {
        return scripts;
    }
}
