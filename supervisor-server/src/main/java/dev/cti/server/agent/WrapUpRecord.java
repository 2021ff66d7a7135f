package dev.cti.server.agent;

import java.time.Instant;
import java.util.Optional;

/** A wrap-up code chosen by an agent for a call (table {@code wrap_ups}). */
public record WrapUpRecord(String agentId, String callId, Optional<String> queueId, String code,
                           Optional<String> notes, Cause cause, Instant at) {}
