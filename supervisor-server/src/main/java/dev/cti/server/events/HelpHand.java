package dev.cti.server.events;

import java.time.Instant;
import java.util.Optional;

/**
 * An agent's raised hand ("ask for help", issue 18), as pushed ({@code type: help}) and served by {@code GET /api/help}:
 * the agent, its call (the agent's call id) and queue, and since when it waits. Made by {@code help.HelpDesk}.
 */
public record HelpHand(String agentId, String callId, Optional<String> queueId, Instant raisedAt) {}
