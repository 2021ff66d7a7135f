package dev.cti.server.agent;

import java.time.Instant;
import java.util.Optional;

/**
 * The durable record of one change of state or not-ready reason (table {@code agent_state_history}).
 *
 * @param event what triggered it
 * @param callId the call involved, if any
 */
public record AgentStateChange(String agentId, AgentState from, Optional<String> fromReason, AgentState to,
                               Optional<String> reason, AgentEventType event, Cause cause,
                               Optional<String> callId, Instant at) {}
