package dev.cti.server.agent;

import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.server.events.AgentUpdate;
import dev.cti.server.events.ServerEvents;
import dev.cti.server.metrics.ServerMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the state machine of every configured agent and is the only way to drive them.
 *
 * <p>All machines run on one Vert.x {@link Context}: {@link #fire} hops onto it, so machines need no locks.
 * Timers run on the same context. Each accepted event's records (state change, wrap-up, hold) are written
 * through the {@link AgentJournal} in one transaction before the machine applies the event: only after the
 * COMMIT does the agent move, and is the new snapshot published on {@link ServerEvents#agents()} (an
 * {@link AgentUpdate.Changed} with a sequence number) and the caller answered. A failed write changes nothing.
 *
 * <p>Later components (ACD, CTI link, compliance timers) drive agents through {@link #fire} with
 * {@link Cause#sip()} / {@link Cause#reconciliation()} and subscribe to {@link ServerEvents#agents()}; a call a
 * machine gives back goes to the {@link CallRequeue} set with {@link #requeueTo} (the call center). In the server the
 * context is the {@link dev.cti.server.CoreVerticle}'s.
 */
public final class AgentRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRegistry.class);

    private final Vertx vertx;
    private final Context context;
    private final ServerEvents events;
    private final AgentJournal journal;
    private final MeterRegistry meters;
    private final QueueRules rules;
    private final Clock clock;
    private final Effects effects = new Effects();
    private final Map<String, AgentStateMachine> machines = new LinkedHashMap<>();
    private final Map<String, AgentConfig> agents = new LinkedHashMap<>();
    private final Map<String, Map<AgentTimer, Long>> timers = new HashMap<>();
    private final Map<String, AgentSnapshot> latest = new ConcurrentHashMap<>();
    /** Per agent, the events waiting for the one being stored; only touched on {@link #context}. */
    private final Map<String, Deque<Pending>> waiting = new HashMap<>();
    /** Agents with an event being applied (its records being stored); only touched on {@link #context}. */
    private final Set<String> busy = new HashSet<>();
    private long sequence;
    /** Where given-back calls go; none until the call center starts (such a call then waits for reconciliation). */
    private volatile CallRequeue requeue = (callId, queueId, agentId) ->
            LOG.debug("call {} given back by agent {} before the call center started", callId, agentId);

    public AgentRegistry(Vertx vertx, Context context, CtiConfig config, QueueRules rules, AgentJournal journal,
                         ServerEvents events, MeterRegistry meters, Clock clock) {
        this.vertx = vertx;
        this.context = context;
        this.events = events;
        this.journal = journal;
        this.meters = meters;
        this.rules = rules;
        this.clock = clock;
        for (AgentConfig a : config.agents()) {
            AgentStateMachine m = new AgentStateMachine(a.id(), rules, effects, clock);
            machines.put(a.id(), m);
            agents.put(a.id(), a);
            latest.put(a.id(), m.snapshot());
        }
    }

    /** Sends the calls the machines give back (a ring not answered or failed) to {@code requeue}. */
    public void requeueTo(CallRequeue requeue) {
        this.requeue = java.util.Objects.requireNonNull(requeue, "requeue");
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
     * Applies an event to an agent. The machine decides first ({@link AgentStateMachine#propose}); the records the
     * event produces are stored in one transaction; only when that is committed does the machine move, its timers
     * start, its snapshot go out ({@link ServerEvents#agents()}) and the future complete with the machine's answer.
     * When the write fails the future fails and the agent stays exactly as it was: memory is never ahead of the
     * database. Events for one agent are applied one at a time, in the order they were fired; the future fails if the
     * agent is unknown or a record could not be stored.
     */
    public Future<TransitionResult> fire(String agentId, AgentEvent event) {
        AgentStateMachine machine = machines.get(agentId);
        if (machine == null) {
            return Future.failedFuture(new IllegalArgumentException("unknown agent " + agentId));
        }
        Promise<TransitionResult> promise = Promise.promise();
        onContext(() -> {
            waiting.computeIfAbsent(agentId, k -> new ArrayDeque<>()).add(new Pending(event, promise));
            if (busy.add(agentId)) {
                next(agentId, machine);
            }
        });
        return promise.future();
    }

    /** An event waiting for the agent's previous one to be stored. */
    private record Pending(AgentEvent event, Promise<TransitionResult> promise) {}

    /** Applies the agent's waiting events in order; an event with records to store continues once they are. */
    private void next(String agentId, AgentStateMachine machine) {
        Deque<Pending> queue = waiting.get(agentId);
        while (true) {
            Pending p = queue.poll();
            if (p == null) {
                busy.remove(agentId);
                return;
            }
            Proposal proposal;
            try {
                proposal = machine.propose(p.event());
            } catch (RuntimeException e) {
                LOG.error("agent {} machine failed on {}", agentId, p.event(), e);
                p.promise().fail(e);
                continue;
            }
            if (!proposal.result().accepted()) {
                p.promise().complete(proposal.result());
                continue;
            }
            AgentRecords records = proposal.records();
            if (records.isEmpty()) {
                apply(machine, proposal, p);
                continue;
            }
            journal.recordTransition(records).onComplete(ar -> onContext(() -> {
                if (ar.failed()) {
                    ServerMeters.AGENT_EVENTS_UNSTORED.counter(meters, p.event().type().name()).increment();
                    LOG.error("agent {}: {} not applied, its records could not be stored ({}); the agent stays {}",
                            agentId, p.event().type(), ar.cause().toString(), machine.snapshot().state());
                    p.promise().fail(ar.cause());
                } else {
                    apply(machine, proposal, p);
                }
                next(agentId, machine);
            }));
            return;
        }
    }

    private void apply(AgentStateMachine machine, Proposal proposal, Pending p) {
        try {
            machine.commit(proposal);
        } catch (RuntimeException e) {
            LOG.error("agent {} could not apply {}", machine.snapshot().agentId(), p.event(), e);
            p.promise().fail(e);
            return;
        }
        publish(proposal.after(), proposal.result());
        p.promise().complete(proposal.result());
    }

    private void onContext(Runnable r) {
        if (Vertx.currentContext() == context) {
            r.run();
        } else {
            context.runOnContext(v -> r.run());
        }
    }

    private void publish(AgentSnapshot snap, TransitionResult result) {
        publish(snap, ((TransitionResult.Accepted) result).change(), false);
    }

    private void publish(AgentSnapshot snap, Optional<AgentStateChange> change, boolean restored) {
        latest.put(snap.agentId(), snap);
        long seq;
        synchronized (this) {
            seq = ++sequence;
        }
        events.agents().publish(new AgentUpdate.Changed(seq, snap, Optional.ofNullable(agents.get(snap.agentId())),
                change, restored));
    }

    /**
     * Puts agents back in the states read from the durable history after a restart (no transition, nothing
     * written: nothing changed) and publishes each one with {@code "restored": true}. Timers resume: a WRAP_UP
     * keeps the REST of its queue's wrap-up time, counted from when it began ({@code since}), and ends at once when
     * that is already over; a RESERVED agent gets a whole ring timeout, time for the gateway's first snapshot to
     * settle the ring. Agents not configured any more are skipped. Completes on the agents' context.
     */
    public Future<Void> restore(Collection<AgentSnapshot> restored) {
        Promise<Void> done = Promise.promise();
        onContext(() -> {
            Instant now = clock.instant();
            for (AgentSnapshot s : restored) {
                AgentStateMachine m = machines.get(s.agentId());
                if (m == null) {
                    continue;
                }
                m.restore(s);
                if (s.state() == AgentState.WRAP_UP && s.callId().isPresent()) {
                    Duration left = rules.wrapUpTime(s.queueId()).minus(Duration.between(s.since(), now));
                    effects.startTimer(s.agentId(), AgentTimer.WRAP_UP, left.isNegative() ? Duration.ZERO : left,
                            s.callId().get());
                } else if (s.state() == AgentState.RESERVED && s.callId().isPresent()) {
                    effects.startTimer(s.agentId(), AgentTimer.RING, rules.ringTimeout(s.queueId()), s.callId().get());
                }
                LOG.info("agent {} restored {}{}{} since {}", s.agentId(), s.state(),
                        s.reason().map(r -> "(" + r + ")").orElse(""), s.callId().map(c -> " on " + c).orElse(""),
                        s.since());
                publish(s, Optional.empty(), true);
            }
            done.complete();
        });
        return done.future();
    }

    /** The machines' side effects, all executed on {@link #context}. */
    private final class Effects implements AgentEffects {
        @Override
        public void stateChanged(AgentStateChange change) {
            // stored with the event's other records before the machine applied it
            ServerMeters.AGENT_TRANSITIONS.counter(meters, change.to().name()).increment();
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
            requeue.requeue(callId, queueId, agentId);
        }

        @Override
        public void holdChanged(String agentId, String callId, boolean held, Instant at) {
            // stored with the event's other records
        }

        @Override
        public void wrapUpRecorded(WrapUpRecord wrapUp) {
            // stored with the event's other records
        }

        @Override
        public void rejected(AgentState state, AgentEventType event, RejectReason reason) {
            ServerMeters.AGENT_EVENTS_REJECTED.counter(meters, state.name(), event.name(), reason.name()).increment();
        }
    }
}
