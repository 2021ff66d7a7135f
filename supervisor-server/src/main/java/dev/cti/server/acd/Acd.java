package dev.cti.server.acd;

import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The automatic call distributor: the waiting calls of every queue and the choice of agent.
 *
 * <p>Pure logic with an injected clock; the server runs it on one Vert.x context and turns its decisions
 * into commands to the gateway (deliver, hang up) and agent events (reserved). Rules:
 * <ul>
 *   <li>Queues are served by priority (higher first); between queues of equal priority the call that has
 *       waited longest goes first. Within a queue calls are first come, first served, except that a call
 *       whose agent did not answer (RONA) goes back to the head.</li>
 *   <li>An agent is eligible for a queue when it has every required skill at least at the required level.</li>
 *   <li>Among eligible agents the queue's strategy picks: longest idle, round robin over the configured
 *       agent order, or fewest calls handled today (ties: longest idle).</li>
 *   <li>A call that has waited {@code overflow.afterSeconds} in its queue moves once to the overflow queue;
 *       one that has waited {@code maxWaitSeconds} is given up ({@link QueueTimeout.Kind#MAX_WAIT}).</li>
 * </ul>
 */
public final class Acd {
    /** Handle time assumed for the estimated wait before any call of the queue was handled. */
    static final Duration INITIAL_HANDLE_TIME = Duration.ofSeconds(180);
    /** Weight of the newest handle time in the moving average. */
    static final double HANDLE_TIME_WEIGHT = 0.2;

    private final CtiConfig config;
    private final Clock clock;
    private final Map<String, Deque<WaitingCall>> queues = new LinkedHashMap<>();
    private final Map<String, Double> handleSeconds = new HashMap<>();
    private final Map<String, String> lastRoundRobin = new HashMap<>();
    /** Agent id → position in the configuration: round robin's order and the last tie-break. */
    private final Map<String, Integer> agentOrder = new HashMap<>();
    /** Waiting entries that are callbacks (issue 17): they keep their place, never overflow nor time out. */
    private final java.util.Set<String> callbacks = new java.util.HashSet<>();

    public Acd(CtiConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        for (QueueConfig q : config.queues()) {
            queues.put(q.id(), new ArrayDeque<>());
        }
        for (AgentConfig a : config.agents()) {
            agentOrder.putIfAbsent(a.id(), agentOrder.size());
        }
    }

    /** A new call joins the tail of its queue. */
    public WaitingCall enqueue(String callId, String queueId, Instant arrivedAt) {
        Deque<WaitingCall> q = queue(queueId);
        WaitingCall call = new WaitingCall(callId, queueId, arrivedAt, clock.instant(), false);
        q.addLast(call);
        return call;
    }

    /**
     * A waiting entry of the last run put back after a restart (a live call the gateway still has, or a callback that
     * keeps its place): at its place by arrival time, behind every entry that arrived at the same time or earlier, so
     * that the order does not depend on the order in which they are restored.
     */
    public WaitingCall restore(String callId, String queueId, Instant arrivedAt) {
        Deque<WaitingCall> q = queue(queueId);
        WaitingCall call = new WaitingCall(callId, queueId, arrivedAt, clock.instant(), false);
        List<WaitingCall> later = new ArrayList<>();
        while (!q.isEmpty() && q.peekLast().arrivedAt().isAfter(arrivedAt)) {
            later.add(0, q.pollLast());
        }
        q.addLast(call);
        q.addAll(later);
        return call;
    }

    /** A call whose offer failed (ring no answer, busy, unreachable) goes back to the head of its queue. */
    public void requeueAtHead(WaitingCall call) {
        requeueAtHead(call, false);
    }

    /** As {@link #requeueAtHead(WaitingCall)}, a callback keeping its place when {@code callback}. */
    public void requeueAtHead(WaitingCall call, boolean callback) {
        if (callback) {
            callbacks.add(call.callId());
        }
        queue(call.queueId()).addFirst(call);
    }

    /**
     * The waiting caller {@code callId} left a callback (issue 17): the entry stays where it is, with its arrival
     * time, counted in the positions behind it, and is matched like a call; it no longer overflows or times out.
     */
    public void keepPlace(String callId) {
        callbacks.add(callId);
    }

    /** Whether the waiting entry is a callback that keeps its place. */
    public boolean isCallback(String callId) {
        return callbacks.contains(callId);
    }

    /** The call left the queue (abandoned, cleared); empty when it was not waiting. */
    public Optional<WaitingCall> remove(String callId) {
        callbacks.remove(callId);
        for (Deque<WaitingCall> q : queues.values()) {
            Iterator<WaitingCall> it = q.iterator();
            while (it.hasNext()) {
                WaitingCall c = it.next();
                if (c.callId().equals(callId)) {
                    it.remove();
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Matches waiting calls with available agents. Each returned call has left its queue and each agent is
     * used at most once; the caller offers them and calls {@link #requeueAtHead} if an offer fails. Ties
     * between candidates keep the earlier one of {@code available}.
     */
    public List<Assignment> match(Collection<AgentCandidate> available) {
        AgentPool pool = newPool();
        available.forEach(pool::put);
        return match(pool);
    }

    /** An empty pool of available agents for this ACD's queues, for {@link #match(AgentPool)}. */
    public AgentPool newPool() {
        return new AgentPool(this, config.queues());
    }

    /**
     * Matches waiting calls with the agents of {@code pool}, as {@link #match(Collection)} does; every agent
     * assigned leaves the pool. Costs a few set operations per assignment, whatever the pool's size.
     */
    public List<Assignment> match(AgentPool pool) {
        List<Assignment> out = new ArrayList<>();
        boolean progress = true;
        while (progress && !pool.isEmpty() && hasWaiting()) {
            progress = false;
            List<QueueConfig> order = config.queues().stream()
                    .filter(q -> !queues.get(q.id()).isEmpty())
                    .sorted(Comparator.comparingInt(QueueConfig::priority).reversed()
                            .thenComparing(q -> headArrival(q.id())))
                    .toList();
            for (QueueConfig q : order) {
                AgentCandidate agent = pool.best(q, order(lastRoundRobin.getOrDefault(q.id(), "")));
                if (agent == null) {
                    continue; // every call of this queue needs the same skills: none can be served now
                }
                if (q.strategy() == QueueConfig.Strategy.ROUND_ROBIN) {
                    lastRoundRobin.put(q.id(), agent.agentId());
                }
                WaitingCall call = queues.get(q.id()).pollFirst();
                callbacks.remove(call.callId());
                pool.remove(agent.agentId());
                out.add(new Assignment(call, agent.agentId()));
                progress = true;
                break; // re-evaluate from the highest priority
            }
        }
        return out;
    }

    /** Applies overflow and maximum wait; returns what happened so the server can act on it. */
    public List<QueueTimeout> tick() {
        Instant now = clock.instant();
        List<QueueTimeout> out = new ArrayList<>();
        for (QueueConfig q : config.queues()) {
            Iterator<WaitingCall> it = queues.get(q.id()).iterator();
            while (it.hasNext()) {
                WaitingCall c = it.next();
                if (callbacks.contains(c.callId())) {
                    continue;
                }
                Duration inQueue = Duration.between(c.enteredQueueAt(), now);
                if (!c.overflowed() && q.overflow().isPresent()
                        && inQueue.getSeconds() >= q.overflow().get().afterSeconds()) {
                    it.remove();
                    String target = q.overflow().get().queue();
                    WaitingCall moved = new WaitingCall(c.callId(), target, c.arrivedAt(), now, true);
                    insertByArrival(queue(target), moved);
                    out.add(new QueueTimeout(moved, QueueTimeout.Kind.OVERFLOWED, target));
                } else if (inQueue.getSeconds() >= q.maxWaitSeconds()) {
                    it.remove();
                    out.add(new QueueTimeout(c, QueueTimeout.Kind.MAX_WAIT, q.id()));
                }
            }
        }
        return out;
    }

    /** Whether any queue has a call waiting. */
    public boolean hasWaiting() {
        for (Deque<WaitingCall> q : queues.values()) {
            if (!q.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** 1-based position of a waiting call in its queue; empty when it is not waiting. */
    public Optional<Integer> position(String callId) {
        for (Deque<WaitingCall> q : queues.values()) {
            int i = 1;
            for (WaitingCall c : q) {
                if (c.callId().equals(callId)) {
                    return Optional.of(i);
                }
                i++;
            }
        }
        return Optional.empty();
    }

    /**
     * Estimated wait of the call at {@code position}: position × average handle time ÷ staffed agents
     * (agents logged in who are eligible for the queue, at least one). See docs/METRICS.md.
     */
    public Duration estimatedWait(String queueId, int position, int staffedAgents) {
        double aht = handleSeconds.getOrDefault(queueId, (double) INITIAL_HANDLE_TIME.getSeconds());
        return Duration.ofSeconds(Math.round(position * aht / Math.max(1, staffedAgents)));
    }

    /**
     * Feeds the moving average of handle time (talk + hold + wrap-up) used by {@link #estimatedWait}; the
     * queue's first handled call replaces the initial guess.
     */
    public void recordHandleTime(String queueId, Duration handleTime) {
        handleSeconds.merge(queueId, (double) handleTime.getSeconds(),
                (old, now) -> old + HANDLE_TIME_WEIGHT * (now - old));
    }

    public List<WaitingCall> waiting(String queueId) {
        return List.copyOf(queue(queueId));
    }

    /** The longest current wait in the queue (zero when empty), counted from arrival. */
    public Duration oldestWait(String queueId) {
        return queue(queueId).stream().map(WaitingCall::arrivedAt).min(Comparator.naturalOrder())
                .map(a -> Duration.between(a, clock.instant())).orElse(Duration.ZERO);
    }

    /** Size of the round-robin rotation: the number of configured agents (at least one). */
    int rotationSize() {
        return Math.max(1, agentOrder.size());
    }

    /** Position of the agent in the configuration (-1 when it is not configured). */
    int order(String agentId) {
        return agentOrder.getOrDefault(agentId, -1);
    }

    private Instant headArrival(String queueId) {
        WaitingCall head = queues.get(queueId).peekFirst();
        return head == null ? Instant.MAX : head.arrivedAt();
    }

    private static void insertByArrival(Deque<WaitingCall> q, WaitingCall call) {
        List<WaitingCall> all = new ArrayList<>(q);
        int i = 0;
        while (i < all.size() && !all.get(i).arrivedAt().isAfter(call.arrivedAt())) {
            i++;
        }
        all.add(i, call);
        q.clear();
        q.addAll(all);
    }

    private Deque<WaitingCall> queue(String queueId) {
        Deque<WaitingCall> q = queues.get(queueId);
        if (q == null) {
            throw new IllegalArgumentException("unknown queue " + queueId);
        }
        return q;
    }
}
