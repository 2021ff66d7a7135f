package dev.cti.gateway.sip;

import static dev.cti.gateway.GatewayMeters.SIP_MESSAGES_REJECTED;
import static dev.cti.gateway.GatewayMeters.SIP_REGISTRAR_LOCKOUTS;
import static dev.cti.gateway.GatewayMeters.SIP_REQUESTS_RECEIVED;
import static dev.cti.gateway.GatewayMeters.SIP_RESPONSES_SENT;

import dev.cti.gateway.GatewayMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The one binder of the SIP layer: registers the {@code sip.*} meters of {@link GatewayMeters} on the registry it is given and
 * offers typed recording methods, so callers never build meter names or tags themselves.
 */
public final class SipMetrics {
    /** Methods that get their own label value; anything else (RFC 4475 intmeth, scanners' junk) is "other". */
    static final Set<String> KNOWN_METHODS = Set.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER",
            "REFER", "NOTIFY", "SUBSCRIBE", "INFO", "UPDATE", "PRACK", "MESSAGE", "PUBLISH");

    /** How a rejected message was disposed of. */
    public enum Action {
        /** We answered with an error response. */
        ANSWERED,
        /** We dropped it without an answer. */
        DROPPED,
        /** jain-sip's parser refused it; the stack then answers 400/505 if it can address a response, else drops. */
        PARSER;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Counter[] responsesByClass = new Counter[7];
    private final Map<RejectReason, Map<Action, Counter>> rejected = new EnumMap<>(RejectReason.class);
    private final Counter lockouts;

    public SipMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String method : KNOWN_METHODS) {
            requests.put(method, requestCounter(method));
        }
        requests.put("other", requestCounter("other"));
        for (int c = 1; c <= 6; c++) {
            responsesByClass[c] = SIP_RESPONSES_SENT.counter(registry, c + "xx");
        }
        for (RejectReason reason : RejectReason.values()) {
            Map<Action, Counter> byAction = new EnumMap<>(Action.class);
            for (Action action : Action.values()) {
                byAction.put(action, SIP_MESSAGES_REJECTED.counter(registry, reason.tag(), action.tag()));
            }
            rejected.put(reason, byAction);
        }
        lockouts = SIP_REGISTRAR_LOCKOUTS.counter(registry);
    }

    /** An extension was locked out by the registrar. */
    public void lockout() {
        lockouts.increment();
    }

    public double lockouts() {
        return lockouts.count();
    }

    private Counter requestCounter(String method) {
        return SIP_REQUESTS_RECEIVED.counter(registry, method);
    }

    /** Registers a counter from the catalogue backed by a live count (held weakly by Micrometer: keep the owner). */
    public <T> void bindCounter(GatewayMeters meter, T owner, java.util.function.ToDoubleFunction<T> count) {
        meter.functionCounter(owner, count).register(registry);
    }

    /** Registers a gauge from the catalogue backed by a live value (held weakly by Micrometer: keep the owner). */
    public void bindGauge(GatewayMeters meter, Object owner, IntSupplier value) {
        meter.gauge(owner, o -> value.getAsInt()).register(registry);
    }

    public void requestReceived(String method) {
        String key = method != null && KNOWN_METHODS.contains(method) ? method : "other";
        requests.get(key).increment();
    }

    public void responseSent(int statusCode) {
        int cls = statusCode / 100;
        if (cls >= 1 && cls <= 6) {
            responsesByClass[cls].increment();
        }
    }

    public void rejected(RejectReason reason, Action action) {
        rejected.get(reason).get(action).increment();
    }

    /** Current count, for tests and the admin page. */
    public double rejectedCount(RejectReason reason, Action action) {
        return rejected.get(reason).get(action).count();
    }

    public double responsesSent(int statusClass) {
        return responsesByClass[statusClass].count();
    }

    public double requestsReceived(String method) {
        Counter c = requests.get(method);
        return c == null ? 0 : c.count();
    }
}
