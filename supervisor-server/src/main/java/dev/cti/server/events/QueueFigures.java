package dev.cti.server.events;

import dev.cti.server.agent.AgentState;
import dev.cti.server.kpi.QueueKpis;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One queue's live figures ({@code type: queues} push, {@code GET /api/queues}): live counts, today's KPIs and the
 * agents who may take its calls by state. Immutable, made by {@code call.QueueClock}; JSON at the edge
 * ({@code http.QueueJson}).
 *
 * @param serviceLevelTarget the configured target as a share (0.8 for 80 %)
 * @param today              today's KPIs, absent before the queue has any
 * @param agentsByState      agents by state, in the order the states were first met
 * @param surveys            today's satisfaction surveys, absent when the queue has no survey
 * @param callbacks          today's callbacks that keep their place, absent when the queue offers none
 */
public record QueueFigures(String id, int waiting, long oldestWaitSeconds, double serviceLevelTarget,
                           int thresholdSeconds, Optional<QueueKpis.Figures> today,
                           Map<AgentState, Integer> agentsByState,
                           Optional<dev.cti.server.store.SurveyStore.Counts> surveys,
                           Optional<dev.cti.server.store.FollowUpStore.QueuedCounts> callbacks) {
    public QueueFigures {
        agentsByState = Collections.unmodifiableMap(new LinkedHashMap<>(agentsByState));
    }

    /** A queue's figures without surveys. */
    public QueueFigures(String id, int waiting, long oldestWaitSeconds, double serviceLevelTarget, int thresholdSeconds,
                        Optional<QueueKpis.Figures> today, Map<AgentState, Integer> agentsByState) {
        this(id, waiting, oldestWaitSeconds, serviceLevelTarget, thresholdSeconds, today, agentsByState,
                Optional.empty(), Optional.empty());
    }
}
