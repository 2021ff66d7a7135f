package dev.cti.server.events;

import dev.cti.link.message.MonitorMode;
import dev.cti.server.monitor.MonitorState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A monitor session as pushed ({@code type: monitor}) and served by {@code /api/monitors}: immutable, made by
 * {@code monitor.Monitors} on the core context; its JSON is made at the edge ({@code http.MonitorJson}).
 */
public sealed interface MonitorView {
    String monitorId();

    String callId();

    String agentId();

    /** Username of the supervisor (or admin) who started it. */
    String supervisor();

    /**
     * The session as it is now.
     *
     * @param startedAt when the supervisor's phone answered (empty while calling)
     * @param endReason why it ended (empty until it has)
     */
    record Session(String monitorId, String callId, String agentId, String supervisor, MonitorMode mode,
                   MonitorState state, Optional<Instant> startedAt, Optional<String> endReason) implements MonitorView {
        public Session {
            Objects.requireNonNull(monitorId, "monitorId");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * To the agent only: the supervisor switched from a mode the agent is told of to a silent one, so to the agent
     * the supervisor has left (state ended, end reason {@code left}); nothing in it names the silent mode.
     */
    record Left(String monitorId, String callId, String agentId, String supervisor) implements MonitorView {}
}
