package dev.cti.server.agent;

import io.vertx.core.Future;

/**
 * Durable storage of what agents do. The future completes only once the records are committed, so the
 * {@link AgentRegistry} changes, publishes and acknowledges nothing that a crash could lose, and nothing at all when
 * the write fails (design principle 5). Implemented by {@code dev.cti.server.store.Store}.
 */
public interface AgentJournal {
    /** Writes one event's records in one transaction: all of them or none. */
    Future<Void> recordTransition(AgentRecords records);
}
