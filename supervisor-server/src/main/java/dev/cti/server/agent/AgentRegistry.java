package dev.cti.server.agent;

import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.server.EventAddresses;
import dev.cti.server.metrics.ServerMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the state machine of every configured agent and is the only way to drive them.
 *
 * <p>All machines run on one Vert.x {@link Context}: {@link #fire} hops onto it, so machines need no locks.
 * Timers run on the same context. Each accepted event's records (state change, wrap-up, hold) are written
 * through the {@link AgentJournal}; the returned future completes only after they are committed, and only
 * then is the new snapshot published on {@link EventAddresses#AGENT_EVENTS} with a sequence number.
 *
 * <p>Later components (ACD, CTI link, compliance timers) drive agents through {@link #fire} with
 * {@link Cause#sip()} / {@link Cause#reconciliation()} and listen on the event bus.
 */
public final class AgentRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRegistry.class);

    private final Vertx vertx;
    private final Context context;
    private final AgentJournal journal;
    private final MeterRegistry meters;
    private final Map<String, AgentStateMachine> machines = new LinkedHashMap<>();
    private final Map<String, AgentConfig> agents = new LinkedHashMap<>();
    private final Map<String, Map<AgentTimer, Long>> timers = new HashMap<>();
    private final Map<String, AgentSnapshot> latest = new ConcurrentHashMap<>();
    /** Journal writes started by the event being fired; only touched on {@link #context}. */
    private List<Future<Void>> pendingWrites = new ArrayList<>();
    private long sequence;

    public AgentRegistry(Vertx vertx, Context context, CtiConfig config, QueueRules rules, AgentJournal journal,
                         MeterRegistry meters, Clock clock) {
        this.vertx = vertx;
        this.context = context;
        this.journal = journal;
        this.meters = meters;
        Effects effects = new Effects();
        for (AgentConfig a : config.agents()) {
            AgentStateMachine m = new AgentStateMachine(a.id(), rules, effects, clock);
            machines.put(a.id(), m);
            agents.put(a.id(), a);
            latest.put(a.id(), m.snapshot());
        }
    }

    public boolean knows(String agentId) {
        return agents.containsKey(agentId);
    }

    public Optional<AgentConfig> agent(String agentId) {
        return Optional.ofNullable(agents.get(agentId));
    }

    public Collection<AgentConfig> agents() {
        return agents.values();
    }

    /** The latest published snapshot of an agent; safe from any thread. */
    public Optional<AgentSnapshot> snapshot(String agentId) {
        return Optional.ofNullable(latest.get(agentId));
    }

    /** Latest snapshots in configuration order; safe from any thread. */
    public List<AgentSnapshot> snapshots() {
        List<AgentSnapshot> out = new ArrayList<>();
        for (String id : agents.keySet()) {
            out.add(latest.get(id));
        }
        return out;
    }

    /** Sequence number of the last published agent event. */
    public synchronized long sequence() {
        return sequence;
    }

    /**
     * Applies an event to an agent. The future completes with the machine's answer once every record the
     * event produced is durable; it fails if the agent is unknown or a record could not be stored.
     */
    public Future<TransitionResult> fire(String agentId, AgentEvent event) {
        AgentStateMachine machine = machines.get(agentId);
        if (machine == null) {
            return Future.failedFuture(new IllegalArgumentException("unknown agent " + agentId));
        }
        Promise<TransitionResult> promise = Promise.promise();
        Runnable run = () -> {
            List<Future<Void>> writes = new ArrayList<>();
            pendingWrites = writes;
            TransitionResult result;
            try {
                result = machine.fire(event);
            } catch (RuntimeException e) {
                LOG.error("agent {} machine failed on {}", agentId, event, e);
                promise.fail(e);
                return;
            } finally {
                pendingWrites = new ArrayList<>();
            }
            if (!result.accepted()) {
                promise.complete(result);
                return;
            }
            AgentSnapshot snap = ((TransitionResult.Accepted) result).snapshot();
            Future.all(writes).onComplete(ar -> {
                if (ar.failed()) {
                    LOG.error("agent {}: records of {} were not stored", agentId, event.type(), ar.cause());
                    promise.fail(ar.cause());
                    return;
                }
                publish(snap, result);
                promise.complete(result);
            });
        };
        if (Vertx.currentContext() == context) {
            run.run();
        } else {
            context.runOnContext(v -> run.run());
        }
        return promise.future();
    }

    private void publish(AgentSnapshot snap, TransitionResult result) {
        latest.put(snap.agentId(), snap);
        long seq;
        synchronized (this) {
            seq = ++sequence;
        }
        JsonObject body = new JsonObject().put("type", "agent").put("seq", seq)
                .put("agent", AgentJson.toJson(snap, agents.get(snap.agentId())));
        ((TransitionResult.Accepted) result).change().ifPresent(c -> body.put("change", AgentJson.toJson(c)));
        vertx.eventBus().publish(EventAddresses.AGENT_EVENTS, body);
    }

    /** The machines' side effects, all executed on {@link #context}. */
    private final class Effects implements AgentEffects {
        @Override
        public void stateChanged(AgentStateChange change) {
            ServerMeters.AGENT_TRANSITIONS.counter(meters, "to", change.to().name()).increment();
            pendingWrites.add(journal.recordStateChange(change));
        }

        @Override
        public void snapshotChanged(AgentSnapshot snapshot) {
            // published by fire() once the records are durable
        }

        @Override
        public void startTimer(String agentId, AgentTimer timer, Duration after, String callId) {
            cancelTimer(agentId, timer);
            long delay = Math.max(1, after.toMillis());
            AgentEventType type = timer == AgentTimer.RING
                    ? AgentEventType.RING_NO_ANSWER : AgentEventType.WRAP_UP_TIMEOUT;
            long id = vertx.setTimer(delay, tid -> {
                Map<AgentTimer, Long> mine = timers.get(agentId);
                if (mine != null && Long.valueOf(tid).equals(mine.get(timer))) {
                    mine.remove(timer);
                }
                fire(agentId, AgentEvent.call(type, Cause.timer(), callId));
            });
            timers.computeIfAbsent(agentId, k -> new EnumMap<>(AgentTimer.class)).put(timer, id);
        }

        @Override
        public void cancelTimer(String agentId, AgentTimer timer) {
            Map<AgentTimer, Long> mine = timers.get(agentId);
            Long id = mine == null ? null : mine.remove(timer);
            if (id != null) {
                vertx.cancelTimer(id);
            }
        }

        @Override
        public void requeueAtHead(String agentId, String callId, String queueId) {
            vertx.eventBus().publish(EventAddresses.CALL_REQUEUE,
                    new JsonObject().put("callId", callId).put("queueId", queueId).put("agentId", agentId));
        }

        @Override
        public void holdChanged(String agentId, String callId, boolean held, Instant at) {
            pendingWrites.add(journal.recordHold(callId, agentId, held, at));
        }

        @Override
        public void wrapUpRecorded(WrapUpRecord wrapUp) {
            pendingWrites.add(journal.recordWrapUp(wrapUp));
        }

        @Override
        public void rejected(AgentState state, AgentEventType event, RejectReason reason) {
            Counter.builder(ServerMeters.AGENT_EVENTS_REJECTED.meterName())
                    .description(ServerMeters.AGENT_EVENTS_REJECTED.help())
                    .tag("state", state.name()).tag("event", event.name()).tag("reason", reason.name())
                    .register(meters).increment();
        }
    }
}
