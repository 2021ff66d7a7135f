package dev.cti.gateway.sip;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The one binder of the SIP layer: registers every meter of {@link SipMeters} on the registry it is given and
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
            responsesByClass[c] = Counter.builder(SipMeters.RESPONSES_SENT.meterName())
                    .description(SipMeters.RESPONSES_SENT.help())
                    .tag(SipMeters.TAG_CLASS, c + "xx")
                    .register(registry);
        }
        for (RejectReason reason : RejectReason.values()) {
            Map<Action, Counter> byAction = new EnumMap<>(Action.class);
            for (Action action : Action.values()) {
                byAction.put(action, Counter.builder(SipMeters.MESSAGES_REJECTED.meterName())
                        .description(SipMeters.MESSAGES_REJECTED.help())
                        .tag(SipMeters.TAG_REASON, reason.tag())
                        .tag(SipMeters.TAG_ACTION, action.tag())
                        .register(registry));
            }
            rejected.put(reason, byAction);
        }
        lockouts = Counter.builder(SipMeters.REGISTRAR_LOCKOUTS.meterName())
                .description(SipMeters.REGISTRAR_LOCKOUTS.help()).register(registry);
    }

    /** An extension was locked out by the registrar. */
    public void lockout() {
        lockouts.increment();
    }

    public double lockouts() {
        return lockouts.count();
    }

    private Counter requestCounter(String method) {
        return Counter.builder(SipMeters.REQUESTS_RECEIVED.meterName())
                .description(SipMeters.REQUESTS_RECEIVED.help())
                .tag(SipMeters.TAG_METHOD, method)
                .register(registry);
    }

    /** Registers a counter from the catalogue backed by a live count (held weakly by Micrometer: keep the owner). */
    public <T> void bindCounter(SipMeters meter, T owner, java.util.function.ToDoubleFunction<T> count) {
        if (meter.type() != SipMeters.Type.COUNTER) {
            throw new IllegalArgumentException(meter + " is not a counter");
        }
        io.micrometer.core.instrument.FunctionCounter.builder(meter.meterName(), owner, count)
                .description(meter.help())
                .register(registry);
    }

    /** Registers a gauge from the catalogue backed by a live value (held weakly by Micrometer: keep the owner). */
    public void bindGauge(SipMeters meter, Object owner, IntSupplier value) {
        if (meter.type() != SipMeters.Type.GAUGE) {
            throw new IllegalArgumentException(meter + " is not a gauge");
        }
        Gauge.builder(meter.meterName(), owner, o -> value.getAsInt())
                .description(meter.help())
                .register(registry);
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
