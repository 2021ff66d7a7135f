package dev.cti.server.kpi;

import dev.cti.server.agent.AgentState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Agent occupancy (CSR占有率): time on call work (RESERVED, ON_CALL, WRAP_UP, DIALING) ÷ that time plus
 * time READY, over all agents, from the state changes. Not-ready and logged-out time count in neither.
 */
public final class OccupancyTally {
    private final Map<String, AgentState> state = new HashMap<>();
    private final Map<String, Instant> since = new HashMap<>();
    private long busyMillis;
    private long idleMillis;

    public void changed(String agentId, AgentState to, Instant at) {
        AgentState from = state.put(agentId, to);
        Instant start = since.put(agentId, at);
        if (from != null && start != null) {
            add(from, Duration.between(start, at).toMillis());
        }
    }

    /** Occupancy including the states agents are in now, up to {@code now}. */
    public OptionalDouble occupancy(Instant now) {
        long busy = busyMillis;
        long idle = idleMillis;
        for (Map.Entry<String, AgentState> e : state.entrySet()) {
            long ms = Duration.between(since.get(e.getKey()), now).toMillis();
            if (isBusy(e.getValue())) {
                busy += ms;
            } else if (e.getValue() == AgentState.READY) {
                idle += ms;
            }
        }
        return busy + idle == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) busy / (busy + idle));
    }

    private void add(AgentState s, long ms) {
        if (isBusy(s)) {
            busyMillis += ms;
        } else if (s == AgentState.READY) {
            idleMillis += ms;
        }
    }

    static boolean isBusy(AgentState s) {
        return s == AgentState.RESERVED || s == AgentState.ON_CALL || s == AgentState.WRAP_UP
                || s == AgentState.DIALING;
    }
}
