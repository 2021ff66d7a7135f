package dev.cti.gateway.b2bua;

import dev.cti.config.CtiConfig;
import dev.cti.config.DialPlan;
import dev.cti.config.TrunkConfig;
import dev.cti.config.UserConfig;
import dev.cti.privacy.PhoneMask;
import dev.cti.link.message.DialRefusal;
import dev.cti.link.message.DialRefused;
import dev.cti.link.message.DialSource;
import dev.cti.link.message.LinkEvent;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's half of the dial plan (issue 13): before anything is sent to the trunk, a number from a REFER, a
 * {@code Transfer} or an {@code Originate} must pass the outbound trunk's {@link DialPlan}, and a REFER's phone must
 * belong to a seat whose role may transfer out ({@code dialing.transferOutRoles}; the server checks the roles of
 * its own users before it commands). A refusal is logged (number masked), counted
 * ({@code b2bua_dials_refused_total{source,reason}}) and reported as {@link DialRefused} so the server audits it.
 * Thread-safe (configuration only).
 */
final class DialPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(DialPolicy.class);
    /** The longest REFER-To user accepted (a queue id or a number); longer ones are malformed. */
    static final int MAX_TARGET_LENGTH = 64;

    private final CtiConfig config;
    private final B2buaMetrics metrics;
    private final Consumer<LinkEvent> events;
    private final Clock clock;

    DialPolicy(CtiConfig config, B2buaMetrics metrics, Consumer<LinkEvent> events, Clock clock) {
        this.config = config;
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
    }

    /** Why {@code number} may not be dialled out through the outbound trunk, or empty when it may. */
    Optional<DialRefusal> numberRefusal(String number) {
        Optional<TrunkConfig> trunk = config.outboundTrunk();
        if (trunk.isEmpty()) {
            return Optional.of(DialRefusal.NO_TRUNK);
        }
        return switch (trunk.get().dialPlan().check(number)) {
            case ALLOWED -> Optional.empty();
            case BAD_NUMBER -> Optional.of(DialRefusal.BAD_NUMBER);
            case DENIED -> Optional.of(DialRefusal.DENIED);
            case NOT_ALLOWED -> Optional.of(DialRefusal.NOT_ALLOWED);
        };
    }

    /**
     * Why the phone of seat {@code agentId} may not REFER the call to {@code number}, or empty when it may: the
     * seat's role (of the user who works it; {@code agent} for a bare phone) must be in
     * {@code dialing.transferOutRoles}, then the number must pass the dial plan.
     */
    Optional<DialRefusal> referRefusal(String agentId, String number) {
        if (agentId == null || config.rolesOfSeat(agentId).stream().noneMatch(this::mayTransferOut)) {
            return Optional.of(DialRefusal.ROLE_NOT_ALLOWED);
        }
        return numberRefusal(number);
    }

    private boolean mayTransferOut(UserConfig.Role role) {
        return config.dialing().mayTransferOut(role);
    }

    /** Logs, counts and reports a refusal. */
    void refused(String callId, String agentId, String extension, DialSource source, String number,
                 DialRefusal reason) {
        LOG.info("call {}: {} to {} refused ({}) for seat {}", callId, source, PhoneMask.mask(number), reason, agentId);
        metrics.dialRefused(source.name().toLowerCase(java.util.Locale.ROOT),
                reason.name().toLowerCase(java.util.Locale.ROOT));
        events.accept(new DialRefused(callId, agentId, extension, source, number, reason, clock.millis()));
    }
}
