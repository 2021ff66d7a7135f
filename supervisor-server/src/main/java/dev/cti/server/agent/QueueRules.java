package dev.cti.server.agent;

import java.time.Duration;
import java.util.Optional;

/**
 * The per-queue and site rules the agent machine consults (ring timeout, wrap-up timer, whether a
 * wrap-up code is required and which codes and reasons exist). An interface so the machine's unit tests
 * can give exact rules; production uses {@link ConfigQueueRules}.
 */
public interface QueueRules {
    Duration ringTimeout(Optional<String> queueId);

    Duration wrapUpTime(Optional<String> queueId);

    boolean wrapUpCodeRequired(Optional<String> queueId);

    boolean wrapUpCodeAllowed(Optional<String> queueId, String code);

    /** Whether an agent or supervisor may choose this not-ready reason. */
    boolean notReadyReasonAllowed(String reason);
}
