package dev.cti.server.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One supervisor or administrative action (table {@code audit_log}), written before the action is
 * acknowledged.
 *
 * @param actor  user name of who acted
 * @param action e.g. {@code force-state}, {@code force-logout}, {@code login}
 * @param target the agent (or other object) acted on
 * @param detail free text: requested state, outcome, refusal reason
 */
public record AuditEntry(String actor, String action, Optional<String> target, Optional<String> callId,
                         Optional<String> detail, Instant at) {}
