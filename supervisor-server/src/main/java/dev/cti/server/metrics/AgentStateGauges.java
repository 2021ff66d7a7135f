package dev.cti.server.metrics;

import dev.cti.server.agent.AgentSnapshot;
import dev.cti.server.agent.AgentState;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code cti_agents{state}} and {@code cti_agents_not_ready{reason}} gauges, read from counts kept up to
 * date as agents change state, so a scrape costs one read per series whatever the number of agents (the T6
 * benchmark found the former gauges, each of which scanned every agent on every scrape, to be the scrape's
 * main cost with 2,000 agents).
 *
 * <p>It remembers each agent's last counted state and reason and moves that agent's count on every update,
 * so an update that repeats a state, or one for an agent it has not seen before, keeps the counts exact.
 * {@link #update} is called on one thread (the call center's context); the gauges read from any thread.
 */
public final class AgentStateGauges {

    /** What one agent counts as: its state and, when not ready, its reason. */
    private record Counted(AgentState state, String reason) {}

    private final Map<AgentState, AtomicInteger> byState = new EnumMap<>(AgentState.class);
    private final Map<String, AtomicInteger> notReadyByReason = new LinkedHashMap<>();
    private final Map<String, Counted> agents = new HashMap<>();

    /**
     * Registers the gauges (one per state, one per listed not-ready reason) and counts the agents as they are now.
     *
     * @param reasons the not-ready reasons to publish (configured codes and the system's own)
     * @param now     every agent's current snapshot
     */
    public AgentStateGauges(MeterRegistry meters, List<String> reasons, Collection<AgentSnapshot> now) {
        for (AgentState s : AgentState.values()) {
            AtomicInteger n = new AtomicInteger();
            byState.put(s, n);
            ServerMeters.AGENTS.gauge(n, AtomicInteger::get, s.name()).strongReference(true).register(meters);
        }
        for (String r : reasons) {
            AtomicInteger n = notReadyByReason.computeIfAbsent(r, k -> new AtomicInteger());
            ServerMeters.AGENTS_NOT_READY.gauge(n, AtomicInteger::get, r).strongReference(true).register(meters);
        }
        for (AgentSnapshot s : now) {
            update(s.agentId(), s.state(), s.reason().orElse(null));
        }
    }

    /** An agent event as published on the event bus ({@code agent}: id, state, reason); others are ignored. */
    public void update(JsonObject agentEvent) {
        JsonObject agent = agentEvent.getJsonObject("agent");
        if (agent == null || agent.getString("id") == null || agent.getString("state") == null) {
            return;
        }
        AgentState state;
        try {
            state = AgentState.valueOf(agent.getString("state"));
        } catch (IllegalArgumentException e) {
            return;
        }
        update(agent.getString("id"), state, agent.getString("reason"));
    }

    /** The agent is now in {@code state} (with {@code reason} when NOT_READY). */
    public void update(String agentId, AgentState state, String reason) {
        Counted now = new Counted(state, state == AgentState.NOT_READY ? reason : null);
        Counted before = agents.put(agentId, now);
        if (now.equals(before)) {
            return;
        }
        if (before != null) {
            count(before, -1);
        }
        count(now, 1);
    }

    private void count(Counted c, int delta) {
        byState.get(c.state()).addAndGet(delta);
        if (c.reason() != null) {
            AtomicInteger n = notReadyByReason.get(c.reason());
            if (n != null) {
                n.addAndGet(delta);
            }
        }
    }

    /** Agents counted in {@code state} now (tests). */
    public int count(AgentState state) {
        return byState.get(state).get();
    }

    /** Agents counted not ready for {@code reason} now (tests); 0 for a reason that is not published. */
    public int notReady(String reason) {
        AtomicInteger n = notReadyByReason.get(reason);
        return n == null ? 0 : n.get();
    }
}
