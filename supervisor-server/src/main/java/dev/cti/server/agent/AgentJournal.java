package dev.cti.server.agent;

import io.vertx.core.Future;
import java.time.Instant;

/**
 * Durable storage of what agents do. Each future completes only once the record is committed, so the
 * {@link AgentRegistry} acknowledges nothing that a crash could lose (design principle 5).
 * Implemented by {@code dev.cti.server.store.Store}.
 */
public interface AgentJournal {
    Future<Void> recordStateChange(AgentStateChange change);

    Future<Void> recordWrapUp(WrapUpRecord wrapUp);

    /** A hold began ({@code held}) or ended on a call. */
    Future<Void> recordHold(String callId, String agentId, boolean held, Instant at);
}
