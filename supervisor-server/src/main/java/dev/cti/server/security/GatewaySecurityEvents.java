package dev.cti.server.security;

import dev.cti.config.AgentConfig;
import dev.cti.config.CtiConfig;
import dev.cti.config.UserConfig;
import dev.cti.link.message.DialRefused;
import dev.cti.link.message.RegistrationLockout;
import dev.cti.server.metrics.ServerMeters;
import dev.cti.privacy.PhoneMask;
import dev.cti.server.store.AuditEntry;
import dev.cti.server.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import dev.cti.server.events.CallPushEvent;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gateway reports about attacks and refusals (issue 13), made durable and visible: a {@link DialRefused}
 * (a REFER, Transfer or Originate to a number the dial plan refused) and a {@link RegistrationLockout} (an extension
 * locked after failed REGISTERs) each become an audit row and a count; a lockout is also pushed to supervisors
 * and admins ({@code sip-lockout}) and shown on the wallboard as an alert until it ends. Runs on the call center's
 * context (the link events' one).
 */
public final class GatewaySecurityEvents {
    private static final Logger LOG = LoggerFactory.getLogger(GatewaySecurityEvents.class);

    private final CtiConfig config;
    private final Store store;
    private final MeterRegistry meters;
    private final Supplier<CallPushEvent.Stamp> newPush;
    private final Consumer<CallPushEvent> publish;

    /**
     * @param newPush the call center's next push sequence number and the time
     * @param publish sends a push to the WebSocket clients allowed to see it
     */
    public GatewaySecurityEvents(CtiConfig config, Store store, MeterRegistry meters,
                                 Supplier<CallPushEvent.Stamp> newPush, Consumer<CallPushEvent> publish) {
        this.config = config;
        this.store = store;
        this.meters = meters;
        this.newPush = newPush;
        this.publish = publish;
    }

    /** Audits and counts a dial the gateway refused. */
    public void dialRefused(DialRefused e) {
        String action = switch (e.source()) {
            case REFER -> "refer";
            case TRANSFER -> "transfer";
            case ORIGINATE -> "dial";
        };
        String reason = e.reason().name().toLowerCase(Locale.ROOT);
        ServerMeters.DIALS_REFUSED.counter(meters, action, reason).increment();
        String actor = Optional.ofNullable(e.agentId()).flatMap(this::userOfSeat)
                .orElse(e.extension() != null ? "sip:" + e.extension() : "gateway");
        audit(new AuditEntry(actor, action, Optional.ofNullable(e.agentId()), Optional.ofNullable(e.callId()),
                Optional.of("refused by the gateway: " + reason + " (number " + PhoneMask.mask(e.number()) + ")"),
                Instant.ofEpochMilli(e.at())));
    }

    /** Audits, counts and pushes a registrar lockout. */
    public void lockout(RegistrationLockout e) {
        ServerMeters.SIP_LOCKOUTS.counter(meters).increment();
        Optional<AgentConfig> seat = config.agentByExtension(e.extension());
        Instant until = Instant.ofEpochMilli(e.lockedUntil());
        CallPushEvent push = new CallPushEvent.SipLockout(newPush.get(), e.extension(), e.failures(), until,
                seat.map(AgentConfig::id), Optional.ofNullable(e.source()));
        // durable first, then shown (a failed write is logged; the alert is shown all the same)
        audit(new AuditEntry("gateway", "sip-lockout", Optional.of(seat.map(AgentConfig::id).orElse(e.extension())),
                Optional.empty(), Optional.of("extension " + e.extension() + " locked until " + until + " after "
                + e.failures() + " failed REGISTERs" + (e.source() == null ? "" : ", the last from " + e.source())),
                Instant.ofEpochMilli(e.at()))).onComplete(ar -> publish.accept(push));
    }

    private Optional<String> userOfSeat(String agentId) {
        return config.users().stream().filter(u -> u.agent().filter(agentId::equals).isPresent())
                .map(UserConfig::username).findFirst();
    }

    private io.vertx.core.Future<Void> audit(AuditEntry entry) {
        return store.alerts().durably("audit", entry.action(), () -> store.recordAudit(entry))
                .onFailure(err -> LOG.error("audit write failed for {} ({}): {}", entry.action(),
                        entry.detail().orElse(""), err.toString()));
    }
}
