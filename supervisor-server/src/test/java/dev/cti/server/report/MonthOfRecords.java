package dev.cti.server.report;

import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.AgentStateChange;
import dev.cti.server.agent.Cause;
import dev.cti.server.agent.WrapUpRecord;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.QueueVisit;
import dev.cti.server.store.QueueVisitStore;
import dev.cti.server.store.Store;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A generated month of records (fixture builder for issue 15's tests): per day, agents log in, take calls, hold, wrap
 * up, take a break and log out; calls are answered, abandoned (short and long), overflowed to the other queue, timed
 * out and transferred; some cross interval bounds (entered at hh:14:50, answered after hh:15) and the night agent's
 * calls cross midnight. Written through the store's own write paths (the call center's); what was written is kept as
 * plain truth ({@link #visits}, {@link #spans}) for the tests' hand computation. Site time Asia/Shanghai (no DST).
 */
final class MonthOfRecords {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** One visit as the hand computation sees it. */
    record VisitTruth(String callId, String queue, Instant entered, String outcome, long waitMs, String agent,
                      Instant answered, int rings, long talkMs, long holdMs, Long wrapMs, boolean complaint,
                      int transfers) {}

    /** An agent's time in one state. */
    record Span(String agent, String state, String reason, Instant from, Instant to) {}

    final List<VisitTruth> visits = new ArrayList<>();
    final List<Span> spans = new ArrayList<>();
    private final Store store;
    private final QueueVisitStore visitStore;
    private final Random rnd;
    private final Map<String, AgentState> state = new HashMap<>();
    private final Map<String, String> reason = new HashMap<>();
    private final Map<String, Instant> since = new HashMap<>();
    private int callNo;
    /** The fixture's agent and queue names (a1..a4, sales, support) as the configuration in use names them. */
    private final Map<String, String> names;

    MonthOfRecords(Store store, long seed) {
        this(store, seed, Map.of());
    }

    MonthOfRecords(Store store, long seed, Map<String, String> names) {
        this.store = store;
        this.visitStore = new QueueVisitStore(store);
        this.rnd = new Random(seed);
        this.names = names;
    }

    private String n(String name) {
        return name == null ? null : names.getOrDefault(name, name);
    }

    /** Days {@code first}..{@code last}: day agents a1, a3 on sales, a2 on support; the night agent a4 across midnight. */
    MonthOfRecords month(LocalDate first, LocalDate last) throws Exception {
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            day(d);
        }
        return this;
    }

    private void day(LocalDate d) throws Exception {
        Instant open = at(d, 9, 0);
        for (String a : List.of("a1", "a2", "a3")) {
            change(a, AgentState.NOT_READY, "system.login", AgentEventType.LOGIN, null, open.plusSeconds(rnd.nextInt(120)));
        }
        for (String a : List.of("a1", "a2", "a3")) {
            change(a, AgentState.READY, null, AgentEventType.SET_READY, null, open.plusSeconds(300 + rnd.nextInt(60)));
        }
        Instant t = at(d, 9, 10);
        int calls = 4 + rnd.nextInt(3);
        for (int k = 0; k < calls; k++) {
            call(t, k % 3 == 0 ? "support" : "sales");
            t = t.plusSeconds(1800 + rnd.nextInt(900));
        }
        // one entering a few seconds before a quarter hour, answered after it
        answered(at(d, 15, 14).plusSeconds(50), "sales", state.get("a1") == AgentState.READY ? "a1" : "a3", 25, 4,
                null);
        change("a1", AgentState.NOT_READY, "break", AgentEventType.SET_NOT_READY, null, at(d, 16, 20));
        change("a1", AgentState.READY, null, AgentEventType.SET_READY, null, at(d, 16, 50).plusSeconds(rnd.nextInt(30)));
        for (String a : List.of("a1", "a2", "a3")) {
            change(a, AgentState.NOT_READY, "lunch", AgentEventType.SET_NOT_READY, null, at(d, 17, 0));
            change(a, AgentState.LOGGED_OUT, null, AgentEventType.LOGOUT, null, at(d, 17, 1).plusSeconds(rnd.nextInt(30)));
        }
        // the night agent: logs in before midnight, a call that enters before midnight and is answered after it
        change("a4", AgentState.NOT_READY, "system.login", AgentEventType.LOGIN, null, at(d, 23, 40));
        change("a4", AgentState.READY, null, AgentEventType.SET_READY, null, at(d, 23, 45));
        answered(at(d, 23, 59).plusSeconds(40), "sales", "a4", 35, 4, null);
        change("a4", AgentState.LOGGED_OUT, null, AgentEventType.LOGOUT, null, at(d, 23, 59).plusSeconds(40 + 35 + 900));
    }

    /** A call to {@code queue} at {@code t} with a random fate. */
    private void call(Instant t, String queue) throws Exception {
        int fate = rnd.nextInt(10);
        String agent = queue.equals("support") ? "a2" : rnd.nextBoolean() ? "a1" : "a3";
        if (state.get(agent) != AgentState.READY) {
            agent = queue.equals("sales") ? (agent.equals("a1") ? "a3" : "a1") : agent;
        }
        if (fate < 6 && state.get(agent) == AgentState.READY) {
            answered(t, queue, agent, 3 + rnd.nextInt(43), 1 + rnd.nextInt(9), null);
        } else if (fate < 8) {
            abandoned(t, queue, 1 + rnd.nextInt(40));
        } else if (fate == 8) {
            String other = queue.equals("sales") ? "support" : "sales";
            String id = "c" + (++callNo);
            Instant moved = t.plusSeconds(60);
            visit(id, 1, queue, t, t, QueueVisit.Outcome.OVERFLOWED, moved, 60_000, null, null, 0, 0, null, 0, 0, other);
            visits.add(new VisitTruth(id, n(queue), t, "OVERFLOWED", 60_000, null, null, 0, 0, 0, null, false, 0));
            Instant gone = moved.plusSeconds(2 + rnd.nextInt(8));
            long wait = Duration.between(t, gone).toMillis();
            visit(id, 2, other, t, moved, QueueVisit.Outcome.ABANDONED, gone, wait, null, null, 0, 0, null, 0, 0, null);
            visits.add(new VisitTruth(id, n(other), moved, "ABANDONED", wait, null, null, 0, 0, 0, null, false, 0));
            cdr(id, queue, t, null, gone, CallRecord.Outcome.ABANDONED, null);
        } else {
            String id = "c" + (++callNo);
            Instant out = t.plusSeconds(300);
            visit(id, 1, queue, t, t, QueueVisit.Outcome.TIMED_OUT, out, 300_000, null, null, 0, 0, null, 0, 0, null);
            visits.add(new VisitTruth(id, n(queue), t, "TIMED_OUT", 300_000, null, null, 0, 0, 0, null, false, 0));
            cdr(id, queue, t, null, out, CallRecord.Outcome.TIMED_OUT, null);
        }
    }

    private void abandoned(Instant t, String queue, int waitSeconds) throws Exception {
        String id = "c" + (++callNo);
        Instant gone = t.plusSeconds(waitSeconds);
        visit(id, 1, queue, t, t, QueueVisit.Outcome.ABANDONED, gone, waitSeconds * 1000L, null, null, 0, 0, null, 0, 0,
                null);
        visits.add(new VisitTruth(id, n(queue), t, "ABANDONED", waitSeconds * 1000L, null, null, 0, 0, 0, null, false,
                0));
        cdr(id, queue, t, null, gone, CallRecord.Outcome.ABANDONED, null);
    }

    /** A call answered by {@code agent} after {@code waitSeconds} (of which {@code ringSeconds} ringing). */
    private void answered(Instant t, String queue, String agent, int waitSeconds, int ringSeconds, String forced)
            throws Exception {
        String id = "c" + (++callNo);
        int ring = Math.min(ringSeconds, waitSeconds);
        Instant offered = t.plusSeconds(waitSeconds - ring);
        Instant answeredAt = t.plusSeconds(waitSeconds);
        long talk = (30 + rnd.nextInt(570)) * 1000L;
        long hold = rnd.nextInt(3) == 0 ? (10 + rnd.nextInt(80)) * 1000L : 0;
        long wrap = (5 + rnd.nextInt(55)) * 1000L;
        Instant ended = answeredAt.plusMillis(talk + hold);
        Instant wrapped = ended.plusMillis(wrap);
        String code = forced != null ? forced : List.of("resolved", "resolved", "callback", "complaint").get(rnd.nextInt(4));
        if (queue.equals("sales") && code.equals("callback")) {
            code = "resolved";
        }
        int rings = Math.max(1, (int) Math.ceil(ring / 2.0));
        change(agent, AgentState.RESERVED, null, AgentEventType.CALL_OFFERED, id, offered);
        change(agent, AgentState.ON_CALL, null, AgentEventType.ANSWERED, id, answeredAt);
        if (hold > 0) {
            get(store.recordHold(id, n(agent), true, answeredAt.plusSeconds(10)));
            get(store.recordHold(id, n(agent), false, answeredAt.plusSeconds(10).plusMillis(hold)));
        }
        change(agent, AgentState.WRAP_UP, null, AgentEventType.CALL_ENDED, id, ended);
        get(store.recordWrapUp(new WrapUpRecord(n(agent), id, Optional.of(n(queue)), code, Optional.empty(),
                Cause.agent(n(agent)), wrapped)));
        change(agent, AgentState.READY, null, AgentEventType.WRAP_UP_CODE, id, wrapped);
        int transfers = rnd.nextInt(6) == 0 ? 1 : 0;
        if (transfers > 0) {
            MonthFixtureSql.transfer(store, id, n(agent), ended);
        }
        visit(id, 1, queue, t, t, QueueVisit.Outcome.ANSWERED, answeredAt, waitSeconds * 1000L, agent, answeredAt,
                ring * 1000L, rings, ended, talk, hold, null);
        visits.add(new VisitTruth(id, n(queue), t, "ANSWERED", waitSeconds * 1000L, n(agent), answeredAt, rings, talk,
                hold, wrap, code.equals("complaint"), transfers));
        cdr(id, queue, t, answeredAt, ended, CallRecord.Outcome.ANSWERED, agent);
    }

    private void visit(String id, int no, String queue, Instant arrived, Instant entered, QueueVisit.Outcome outcome,
                       Instant left, long wait, String agent, Instant answered, long ring, int rings, Instant ended,
                       long talk, long hold, String to) throws Exception {
        boolean a = outcome == QueueVisit.Outcome.ANSWERED;
        get(visitStore.record(new QueueVisit(id, no, n(queue), Optional.of("1380000" + (1000 + callNo % 50)), arrived,
                entered, outcome, Optional.of(left), Optional.of(wait), Optional.ofNullable(n(agent)),
                Optional.ofNullable(answered),
                a ? Optional.of(ring) : Optional.empty(), a ? Optional.of(rings) : Optional.empty(),
                Optional.ofNullable(ended), a ? Optional.of(talk) : Optional.empty(),
                a ? Optional.of(hold) : Optional.empty(), Optional.ofNullable(n(to)))));
    }

    private void cdr(String id, String queue, Instant started, Instant answered, Instant ended, CallRecord.Outcome o,
                     String agent) throws Exception {
        get(store.recordCall(new CallRecord(id, CallRecord.Direction.INBOUND, Optional.of(n(queue)),
                Optional.of("13800001234"), Optional.of("4001"), Optional.ofNullable(n(agent)), o, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Optional.empty(), Optional.empty(), started,
                Optional.ofNullable(answered), Optional.of(ended))));
    }

    void change(String agent, AgentState to, String why, AgentEventType event, String callId, Instant at)
            throws Exception {
        AgentState from = state.getOrDefault(agent, AgentState.LOGGED_OUT);
        Instant s = since.get(agent);
        if (s != null && from != AgentState.LOGGED_OUT) {
            spans.add(new Span(n(agent), from.name(), reason.get(agent), s, at));
        }
        get(store.recordStateChange(new AgentStateChange(n(agent), from, Optional.ofNullable(reason.get(agent)), to,
                Optional.ofNullable(why), event, Cause.agent(n(agent)), Optional.ofNullable(callId), at)));
        state.put(agent, to);
        reason.put(agent, why);
        since.put(agent, at);
    }

    static Instant at(LocalDate d, int h, int m) {
        return d.atTime(LocalTime.of(h, m)).atZone(ZONE).toInstant();
    }

    static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
