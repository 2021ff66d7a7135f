package dev.cti.server.acd;

import dev.cti.config.QueueConfig;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The agents the ACD may offer a call to right now, kept per queue in the order of the queue's strategy, so
 * a matching pass costs a few set operations per assignment instead of a scan of every agent (the T1 bench
 * found the per-pass scan of 1,000 agents to be the server's main cost). The call center keeps one pool up
 * to date on agent and phone events; {@link Acd#match(java.util.Collection)} builds a throw-away one.
 *
 * <p>Orders reproduce the ACD's rules exactly, down to the last tie-break: a candidate put earlier wins a
 * tie (as the first of a list did). Round robin keeps the agents by configured position (an agent that is
 * not configured ranks with the last position, as the rotation's arithmetic puts it) and picks the first
 * after the last chosen, wrapping around. Not thread-safe: used on the ACD's context only.
 */
public final class AgentPool {
    private final Acd acd;
    private final List<QueueConfig> queues;
    private final Map<String, Entry> byId = new HashMap<>();
    private final Map<String, TreeSet<Entry>> byQueue = new HashMap<>();
    private long sequence;

    /** One candidate with the keys its orders need, computed once when it is put. */
    record Entry(AgentCandidate candidate, int order, int rotation, long seq) {}

    AgentPool(Acd acd, List<QueueConfig> queues) {
        this.acd = acd;
        this.queues = queues;
        Comparator<Entry> bySeq = Comparator.comparingLong(Entry::seq);
        Comparator<Entry> longestIdle = Comparator.<Entry, java.time.Instant>comparing(e -> e.candidate().idleSince())
                .thenComparingInt(Entry::order).thenComparing(bySeq);
        Comparator<Entry> fewestCalls = Comparator.<Entry>comparingLong(e -> e.candidate().callsHandled())
                .thenComparing(longestIdle);
        Comparator<Entry> rotation = Comparator.comparingInt(Entry::rotation).thenComparing(bySeq);
        for (QueueConfig q : queues) {
            byQueue.put(q.id(), new TreeSet<>(switch (q.strategy()) {
                case LONGEST_IDLE -> longestIdle;
                case FEWEST_CALLS -> fewestCalls;
                case ROUND_ROBIN -> rotation;
            }));
        }
    }

    /** Adds the candidate, or replaces what the pool held for the same agent. */
    public void put(AgentCandidate candidate) {
        Entry old = byId.get(candidate.agentId());
        if (old != null && old.candidate().equals(candidate)) {
            return;
        }
        remove(candidate.agentId());
        int order = acd.order(candidate.agentId());
        Entry e = new Entry(candidate, order, Math.floorMod(order, acd.rotationSize()), sequence++);
        byId.put(candidate.agentId(), e);
        for (QueueConfig q : queues) {
            if (q.accepts(candidate.skills())) {
                byQueue.get(q.id()).add(e);
            }
        }
    }

    /** The agent is no longer available (no-op when it was not in the pool). */
    public void remove(String agentId) {
        Entry e = byId.remove(agentId);
        if (e != null) {
            for (TreeSet<Entry> set : byQueue.values()) {
                set.remove(e);
            }
        }
    }

    public boolean contains(String agentId) {
        return byId.containsKey(agentId);
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    public int size() {
        return byId.size();
    }

    /** The strategy's choice for the queue (null when no eligible agent is available). */
    AgentCandidate best(QueueConfig q, int lastRoundRobin) {
        TreeSet<Entry> set = byQueue.get(q.id());
        if (set == null || set.isEmpty()) {
            return null;
        }
        if (q.strategy() != QueueConfig.Strategy.ROUND_ROBIN) {
            return set.first().candidate();
        }
        // rotation rank = floorMod(position - last - 1, size): positions after the last come first, in order
        Entry after = set.ceiling(new Entry(null, 0, lastRoundRobin + 1, Long.MIN_VALUE));
        return (after != null ? after : set.first()).candidate();
    }
}
