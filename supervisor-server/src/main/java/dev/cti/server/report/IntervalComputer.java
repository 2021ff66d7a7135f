package dev.cti.server.report;

import dev.cti.config.ComplianceConfig;
import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.config.WrapUpCode;
import dev.cti.server.compliance.RingCount;
import dev.cti.server.kpi.QueueCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Computes the 15-minute rows of a span [from, to) from its {@link Records} (docs/METRICS.md, "Interval statistics"):
 * <ul>
 *   <li>queue rows count the visits that <b>entered</b> the queue in the interval (a call answered or abandoned later
 *       updates the interval it arrived in);</li>
 *   <li>agent rows split the time in each state exactly at the interval bounds (the state at {@code from} is the
 *       agent's last change before it; the state still open is counted up to {@code now}), count the inbound calls
 *       the agent <b>answered</b> in the interval and the click-to-dial calls <b>started</b> in it, and the RONAs;</li>
 *   <li>a call is handled once its agent left WRAP_UP for it; its after-call work is that WRAP_UP span.</li>
 * </ul>
 * Pure: the same records give the same rows.
 */
final class IntervalComputer {
    private final CtiConfig config;
    private final Map<String, WrapUpCode.Category> categories = new HashMap<>();

    IntervalComputer(CtiConfig config) {
        this.config = config;
        config.wrapUpCodes().forEach(w -> categories.put(w.code(), w.category()));
    }

    /** The rows of one span. */
    record Computed(Map<Instant, Map<String, QueueCounts>> queues, Map<Instant, Map<String, AgentCounts>> agents,
                    Map<Instant, Map<String, Map<String, Long>>> reasons) {}

    Computed compute(Records r, Instant from, Instant to, Instant now) {
        Map<String, Long> wrapUps = wrapUpSpans(r.states());
        Map<Instant, Map<String, QueueCounts>> queues = new TreeMap<>();
        Map<Instant, Map<String, AgentCounts>> agents = new TreeMap<>();
        Map<Instant, Map<String, Map<String, Long>>> reasons = new TreeMap<>();
        ComplianceConfig compliance = config.compliance();
        for (Records.Visit v : r.visits()) {
            boolean answered = "ANSWERED".equals(v.outcome());
            int rings = !answered ? 0 : v.rings() != null ? v.rings()
                    : RingCount.of(Duration.ofMillis(v.ringMillis()), compliance);
            Long wrap = answered && v.endedAt() != null ? wrapUps.get(key(v.agentId(), v.callId())) : null;
            boolean complaint = wrap != null && category(r, v.callId()) == WrapUpCode.Category.COMPLAINT;
            if (within(v.enteredAt(), from, to)) {
                add(queues, Intervals.floor(v.enteredAt()), v.queueId(), queueCounts(v, answered, rings, wrap,
                        complaint, r.transfers().getOrDefault(v.callId(), 0)));
            }
            if (answered && v.agentId() != null && within(v.answeredAt(), from, to)) {
                add(agents, Intervals.floor(v.answeredAt()), v.agentId(), new AgentCounts(0, 0, 0, 0, 0, 0, 0, 1,
                        wrap == null ? 0 : 1, wrap == null ? 0 : v.talkMillis(), wrap == null ? 0 : v.holdMillis(),
                        wrap == null ? 0 : wrap, 0, 0, 0, 0, 0, complaint ? 1 : 0));
            }
        }
        for (Records.Outbound o : r.outbound()) {
            if (o.agentId() == null) {
                continue;
            }
            boolean answered = o.answeredAt() != null;
            Long wrap = answered && o.endedAt() != null ? wrapUps.get(key(o.agentId(), o.callId())) : null;
            WrapUpCode.Category cat = category(r, o.callId());
            add(agents, Intervals.floor(o.startedAt()), o.agentId(), new AgentCounts(0, 0, 0, 0, 0, 0, 0, 0,
                    wrap == null ? 0 : 1, wrap == null ? 0 : o.talkMillis(), wrap == null ? 0 : o.holdMillis(),
                    wrap == null ? 0 : wrap, 1, answered ? 1 : 0, cat == WrapUpCode.Category.SUCCESS ? 1 : 0,
                    o.talkMillis(), 0, wrap != null && cat == WrapUpCode.Category.COMPLAINT ? 1 : 0));
        }
        times(r, from, to, now.isBefore(to) ? now : to, agents, reasons);
        return new Computed(queues, agents, reasons);
    }

    private QueueCounts queueCounts(Records.Visit v, boolean answered, int rings, Long wrap, boolean complaint,
                                    int transfers) {
        QueueConfig.ServiceLevel sl = config.queue(v.queueId()).map(QueueConfig::serviceLevel)
                .orElse(new QueueConfig.ServiceLevel(20, 80, 5, true, true));
        long threshold = sl.thresholdSeconds() * 1000L;
        long wait = v.waitMillis();
        boolean left = v.leftAt() != null;
        return switch (v.outcome()) {
            case "ANSWERED" -> new QueueCounts(1, 1, wait <= threshold ? 1 : 0, 0, 0, 0, 0, 0, transfers, wait, 0,
                    wait, rings, rings <= config.compliance().ringTargetRings() ? 1 : 0, wrap == null ? 0 : 1,
                    wrap == null ? 0 : v.talkMillis(), wrap == null ? 0 : v.holdMillis(), wrap == null ? 0 : wrap,
                    complaint ? 1 : 0);
            case "ABANDONED" -> {
                boolean isShort = wait <= sl.shortAbandonSeconds() * 1000L;
                yield new QueueCounts(1, 0, 0, isShort ? 1 : 0, isShort ? 0 : 1, wait <= threshold ? 1 : 0, 0, 0, 0, 0,
                        wait, wait, 0, 0, 0, 0, 0, 0, 0);
            }
            case "OVERFLOWED" -> new QueueCounts(1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, wait, 0, 0, 0, 0, 0, 0, 0);
            case "TIMED_OUT" -> new QueueCounts(1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, wait, 0, 0, 0, 0, 0, 0, 0);
            default -> new QueueCounts(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, left ? wait : 0, 0, 0, 0, 0, 0, 0, 0);
        };
    }

    /** Time in each state per agent and interval, and RONAs, over [from, end). */
    private static void times(Records r, Instant from, Instant to, Instant end, Map<Instant, Map<String, AgentCounts>> agents,
                              Map<Instant, Map<String, Map<String, Long>>> reasons) {
        Map<String, List<Records.StateChange>> byAgent = new LinkedHashMap<>();
        r.initial().keySet().forEach(a -> byAgent.put(a, new ArrayList<>()));
        for (Records.StateChange s : r.states()) {
            if (s.at().isBefore(to)) {
                byAgent.computeIfAbsent(s.agentId(), k -> new ArrayList<>()).add(s);
                if ("RING_NO_ANSWER".equals(s.event())) {
                    add(agents, Intervals.floor(s.at()), s.agentId(), new AgentCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                            0, 0, 0, 0, 0, 0, 1, 0));
                }
            }
        }
        byAgent.forEach((agent, changes) -> {
            Records.State state = r.initial().getOrDefault(agent, new Records.State("LOGGED_OUT", null));
            Instant t = from;
            for (Records.StateChange ch : changes) {
                span(agent, state, t, ch.at(), agents, reasons);
                state = new Records.State(ch.to(), ch.reason());
                t = ch.at();
            }
            span(agent, state, t, end, agents, reasons);
        });
    }

    private static void span(String agent, Records.State state, Instant start, Instant end,
                             Map<Instant, Map<String, AgentCounts>> agents,
                             Map<Instant, Map<String, Map<String, Long>>> reasons) {
        if ("LOGGED_OUT".equals(state.state()) || !start.isBefore(end)) {
            return;
        }
        Instant i = Intervals.floor(start);
        while (i.isBefore(end)) {
            Instant next = i.plus(Intervals.LENGTH);
            long ms = Duration.between(start.isAfter(i) ? start : i, end.isBefore(next) ? end : next).toMillis();
            if (ms > 0) {
                long ready = 0, notReady = 0, reserved = 0, onCall = 0, dialing = 0, wrapUp = 0;
                switch (state.state()) {
                    case "READY" -> ready = ms;
                    case "NOT_READY" -> notReady = ms;
                    case "RESERVED" -> reserved = ms;
                    case "ON_CALL" -> onCall = ms;
                    case "DIALING" -> dialing = ms;
                    case "WRAP_UP" -> wrapUp = ms;
                    default -> { }
                }
                add(agents, i, agent, new AgentCounts(ms, ready, notReady, reserved, onCall, dialing, wrapUp, 0, 0,
                        0, 0, 0, 0, 0, 0, 0, 0, 0));
                if (notReady > 0) {
                    reasons.computeIfAbsent(i, k -> new TreeMap<>()).computeIfAbsent(agent, k -> new TreeMap<>())
                            .merge(state.reason() == null ? "-" : state.reason(), ms, Long::sum);
                }
            }
            i = next;
        }
    }

    /** Each (agent, call)'s after-call work: from its WRAP_UP change for the call to the agent's next change. */
    static Map<String, Long> wrapUpSpans(List<Records.StateChange> states) {
        Map<String, Records.StateChange> open = new HashMap<>();
        Map<String, Long> out = new HashMap<>();
        for (Records.StateChange s : states) {
            Records.StateChange started = open.remove(s.agentId());
            if (started != null) {
                out.put(key(s.agentId(), started.callId()), Duration.between(started.at(), s.at()).toMillis());
            }
            if ("WRAP_UP".equals(s.to()) && s.callId() != null) {
                open.put(s.agentId(), s);
            }
        }
        return out;
    }

    private WrapUpCode.Category category(Records r, String callId) {
        return Optional.ofNullable(callId).map(c -> r.wrapUpCodes().get(c)).map(categories::get).orElse(null);
    }

    private static String key(String agent, String callId) {
        return agent + "|" + callId;
    }

    private static boolean within(Instant t, Instant from, Instant to) {
        return t != null && !t.isBefore(from) && t.isBefore(to);
    }

    private static <V> void add(Map<Instant, Map<String, V>> rows, Instant interval, String id, V counts) {
        Map<String, V> m = rows.computeIfAbsent(interval, k -> new TreeMap<>());
        m.merge(id, counts, IntervalComputer::sum);
    }

    @SuppressWarnings("unchecked")
    private static <V> V sum(V a, V b) {
        if (a instanceof QueueCounts q) {
            return (V) q.plus((QueueCounts) b);
        }
        return (V) ((AgentCounts) a).plus((AgentCounts) b);
    }
}
