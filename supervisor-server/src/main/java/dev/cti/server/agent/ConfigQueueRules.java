package dev.cti.server.agent;

import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.config.ReasonCode;
import dev.cti.config.WrapUpCode;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link QueueRules} read from the loaded configuration. Calls without a queue (outbound dialled by an
 * agent outside any campaign) get {@link #DEFAULT_RING} / {@link #DEFAULT_WRAP_UP} and no required code.
 */
public final class ConfigQueueRules implements QueueRules {
    static final Duration DEFAULT_RING = Duration.ofSeconds(20);
    static final Duration DEFAULT_WRAP_UP = Duration.ofSeconds(30);

    private final CtiConfig config;

    public ConfigQueueRules(CtiConfig config) {
        this.config = config;
    }

    private Optional<QueueConfig> queue(Optional<String> queueId) {
        return queueId.flatMap(config::queue);
    }

    /**
     * The server's ring timer is a backstop: the gateway rings for the queue's ring timeout and reports
     * NO_ANSWER itself, so the server waits this much longer before it declares ring-no-answer on its own
     * (otherwise both fire together and the call is offered again while the first phone still rings).
     */
    static final Duration BACKSTOP_GRACE = Duration.ofSeconds(3);

    @Override
    public Duration ringTimeout(Optional<String> queueId) {
        return queue(queueId).map(q -> Duration.ofSeconds(q.ringTimeoutSeconds())).orElse(DEFAULT_RING)
                .plus(BACKSTOP_GRACE);
    }

    @Override
    public Duration wrapUpTime(Optional<String> queueId) {
        return queue(queueId).map(q -> Duration.ofSeconds(q.wrapUpSeconds())).orElse(DEFAULT_WRAP_UP);
    }

    @Override
    public boolean wrapUpCodeRequired(Optional<String> queueId) {
        return queue(queueId).map(QueueConfig::wrapUpCodeRequired).orElse(false);
    }

    @Override
    public boolean wrapUpCodeAllowed(Optional<String> queueId, String code) {
        if (queueId.isPresent()) {
            return config.wrapUpCodesFor(queueId.get()).stream().map(WrapUpCode::code).anyMatch(code::equals);
        }
        return config.wrapUpCodes().stream().filter(c -> c.queues().isEmpty()).map(WrapUpCode::code)
                .anyMatch(code::equals);
    }

    @Override
    public boolean notReadyReasonAllowed(String reason) {
        return config.notReadyReasons().stream().map(ReasonCode::code).anyMatch(reason::equals);
    }
}
