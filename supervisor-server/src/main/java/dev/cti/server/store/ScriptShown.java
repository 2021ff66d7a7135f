package dev.cti.server.store;

import java.time.Instant;
import java.util.Optional;

/** A script (step) displayed to an agent, kept for quality review. */
public record ScriptShown(Optional<String> callId, String agentId, String scriptId, Optional<String> stepId,
                          String language, Instant at) {}
