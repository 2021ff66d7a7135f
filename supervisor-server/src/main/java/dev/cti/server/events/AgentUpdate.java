package dev.cti.server.events;

import dev.cti.config.AgentConfig;
import dev.cti.server.agent.AgentSnapshot;
import dev.cti.server.agent.AgentStateChange;
import java.util.Objects;
import java.util.Optional;

/** The agent stream ({@link ServerEvents#agents()}). */
public sealed interface AgentUpdate permits AgentUpdate.Changed {
    /** The agent the update is about. */
    String agentId();

    /** The sequence number of the registry's agent events (WebSocket clients compare it with their snapshot's). */
    long seq();

    /**
     * An agent's new snapshot, published after it is durable ({@code type: agent}).
     *
     * @param config   the agent's configuration (name, extension, team), empty when it is not configured
     * @param change   the state change that led here; empty for a restored agent
     * @param restored true when the agent was put back from the records after a restart
     */
    record Changed(long seq, AgentSnapshot snapshot, Optional<AgentConfig> config, Optional<AgentStateChange> change,
                   boolean restored) implements AgentUpdate {
        public Changed {
            Objects.requireNonNull(snapshot, "snapshot");
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(change, "change");
        }

        @Override
        public String agentId() {
            return snapshot.agentId();
        }
    }
}
