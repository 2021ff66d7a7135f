package dev.cti.server.followup;

import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.server.agent.AgentRegistry;
import dev.cti.server.agent.AgentSnapshot;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.Cause;
import dev.cti.server.call.CallCenter;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The server's agents and click-to-dial, as the callback scheduler sees them. */
public final class ServerSeats implements Seats {
    private final CtiConfig config;
    private final AgentRegistry agents;
    private final CallCenter calls;

    public ServerSeats(CtiConfig config, AgentRegistry agents, CallCenter calls) {
        this.config = config;
        this.agents = agents;
        this.calls = calls;
    }

    @Override
    public boolean ready(String agentId) {
        return agents.snapshot(agentId).map(s -> s.state() == AgentState.READY).orElse(false);
    }

    @Override
    public List<String> readyAgentsOf(String queueId) {
        Optional<QueueConfig> queue = config.queue(queueId);
        if (queue.isEmpty()) {
            return List.of();
        }
        return agents.snapshots().stream().filter(s -> s.state() == AgentState.READY)
                .filter(s -> agents.agent(s.agentId()).map(AgentConfig::skills).map(queue.get()::accepts)
                        .orElse(false))
                .sorted(Comparator.comparing(AgentSnapshot::since)).map(AgentSnapshot::agentId).toList();
    }

    /** The same click-to-dial as {@code POST /api/agents/{id}/dial}, caused by the scheduler's timer. */
    @Override
    public Future<String> dial(String agentId, String number) {
        return calls.dial(agentId, number, Cause.timer());
    }
}
