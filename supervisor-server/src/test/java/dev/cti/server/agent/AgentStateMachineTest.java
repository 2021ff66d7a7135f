package dev.cti.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.server.agent.AgentTransitions.Transition;
import dev.cti.server.testing.TestConfigs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AgentStateMachineTest {
    private static final Instant T0 = Instant.parse("2026-01-05T02:00:00Z");
    private static final Instant NOW = Instant.parse("2026-01-05T02:03:04Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final QueueRules rules = new ConfigQueueRules(TestConfigs.sample("unused", "x"));
    private final RecordingEffects effects = new RecordingEffects();

    /** A machine already in {@code state}: not-ready reason "break", call c1 of queue sales. */
    private AgentStateMachine in(AgentState state, boolean held) {
        Optional<String> reason = state == AgentState.NOT_READY ? Optional.of("break") : Optional.empty();
        boolean busy = Set.of(AgentState.RESERVED, AgentState.ON_CALL, AgentState.WRAP_UP, AgentState.DIALING)
                .contains(state);
        AgentSnapshot s = new AgentSnapshot("a1", state, reason, busy ? Optional.of("c1") : Optional.empty(),
                busy ? Optional.of(TestConfigs.QUEUE_SALES) : Optional.empty(), held, Optional.empty(), T0);
        return new AgentStateMachine(s, rules, effects, clock);
    }

    /** A well-formed event of each type, about call c1 where it names a call. */
    private static AgentEvent eventFor(AgentEventType type) {
        return switch (type) {
            case SET_NOT_READY -> AgentEvent.notReady(Cause.agent("alice"), "lunch");
            case CALL_OFFERED -> AgentEvent.offered("c2", TestConfigs.QUEUE_SALES);
            case DIAL -> AgentEvent.dial(Cause.agent("alice"), "c2", "13812345678", Optional.empty());
            case WRAP_UP_CODE -> AgentEvent.wrapUp(Cause.agent("alice"), "resolved", Optional.of("ok"));
            case FORCE_STATE -> AgentEvent.force(Cause.supervisor("sam"), AgentState.NOT_READY, Optional.of("lunch"));
            case RING_NO_ANSWER, WRAP_UP_TIMEOUT -> AgentEvent.call(type, Cause.timer(), "c1");
            case RING_FAILED, ANSWERED, HELD, RESUMED, CALL_ENDED, DIAL_CONNECTED, DIAL_FAILED ->
                    AgentEvent.call(type, Cause.sip(), "c1");
            case LOGIN, LOGOUT, SET_READY -> AgentEvent.of(type, Cause.agent("alice"));
            case FORCE_LOGOUT -> AgentEvent.of(type, Cause.supervisor("sam"));
        };
    }

    /**
     * The expected outcome of every row, written independently of {@link AgentTransitions}:
     * from, event, to state, to reason ('-' none), pending not-ready after ('-' none), effects (';'-separated).
     */
    private static final String[] EXPECTED = {
            "LOGGED_OUT, LOGIN,          NOT_READY,  system.login,       -,     -",
            "NOT_READY,  SET_READY,      READY,      -,                  -,     -",
            "NOT_READY,  SET_NOT_READY,  NOT_READY,  lunch,              -,     -",
            "NOT_READY,  DIAL,           DIALING,    -,                  break, -",
            "NOT_READY,  LOGOUT,         LOGGED_OUT, -,                  -,     -",
            "NOT_READY,  FORCE_STATE,    NOT_READY,  lunch,              -,     -",
            "NOT_READY,  FORCE_LOGOUT,   LOGGED_OUT, -,                  -,     -",
            "READY,      SET_NOT_READY,  NOT_READY,  lunch,              -,     -",
            "READY,      CALL_OFFERED,   RESERVED,   -,                  -,     start:RING",
            "READY,      DIAL,           DIALING,    -,                  -,     -",
            "READY,      LOGOUT,         LOGGED_OUT, -,                  -,     -",
            "READY,      FORCE_STATE,    NOT_READY,  lunch,              -,     -",
            "READY,      FORCE_LOGOUT,   LOGGED_OUT, -,                  -,     -",
            "RESERVED,   ANSWERED,       ON_CALL,    -,                  -,     cancel:RING",
            "RESERVED,   RING_NO_ANSWER, NOT_READY,  system.rona,        -,     requeue:c1",
            "RESERVED,   RING_FAILED,    NOT_READY,  system.ring-failed, -,     cancel:RING;requeue:c1",
            "RESERVED,   CALL_ENDED,     READY,      -,                  -,     cancel:RING",
            "RESERVED,   SET_NOT_READY,  RESERVED,   -,                  lunch, -",
            "RESERVED,   FORCE_STATE,    NOT_READY,  lunch,              -,     cancel:RING;requeue:c1",
            "RESERVED,   FORCE_LOGOUT,   LOGGED_OUT, -,                  -,     cancel:RING;requeue:c1",
            "ON_CALL,    HELD,           ON_CALL,    -,                  -,     hold:true",
            "ON_CALL,    RESUMED,        ON_CALL,    -,                  -,     hold:false",
            "ON_CALL,    CALL_ENDED,     WRAP_UP,    -,                  -,     start:WRAP_UP",
            "ON_CALL,    SET_NOT_READY,  ON_CALL,    -,                  lunch, -",
            "ON_CALL,    FORCE_STATE,    NOT_READY,  lunch,              -,     -",
            "ON_CALL,    FORCE_LOGOUT,   LOGGED_OUT, -,                  -,     -",
            "DIALING,    DIAL_CONNECTED, ON_CALL,    -,                  -,     -",
            "DIALING,    DIAL_FAILED,    READY,      -,                  -,     -",
            "DIALING,    CALL_ENDED,     READY,      -,                  -,     -",
            "DIALING,    SET_NOT_READY,  DIALING,    -,                  lunch, -",
            "DIALING,    FORCE_STATE,    NOT_READY,  lunch,              -,     -",
            "DIALING,    FORCE_LOGOUT,   LOGGED_OUT, -,                  -,     -",
            "WRAP_UP,    WRAP_UP_CODE,   READY,      -,                  -,     cancel:WRAP_UP;wrapup:resolved",
            "WRAP_UP,    WRAP_UP_TIMEOUT, READY,     -,                  -,     -",
            "WRAP_UP,    SET_READY,      READY,      -,                  -,     cancel:WRAP_UP",
            "WRAP_UP,    SET_NOT_READY,  WRAP_UP,    -,                  lunch, -",
            "WRAP_UP,    FORCE_STATE,    NOT_READY,  lunch,              -,     cancel:WRAP_UP",
            "WRAP_UP,    FORCE_LOGOUT,   LOGGED_OUT, -,                  -,     cancel:WRAP_UP",
    };

    static Stream<Arguments> expectedRows() {
        return Arrays.stream(EXPECTED).map(line -> {
            String[] f = Arrays.stream(line.split(",")).map(String::trim).toArray(String[]::new);
            return Arguments.of(AgentState.valueOf(f[0]), AgentEventType.valueOf(f[1]), AgentState.valueOf(f[2]),
                    f[3], f[4], f[5]);
        });
    }

    @ParameterizedTest(name = "{0} x {1} -> {2}({3})")
    @MethodSource("expectedRows")
    void every_transition_of_the_table(AgentState from, AgentEventType type, AgentState to, String reason,
                                       String pending, String expectedEffects) {
        AgentStateMachine m = in(from, type == AgentEventType.RESUMED);
        AgentEvent event = eventFor(type);

        TransitionResult r = m.fire(event);

        assertThat(r.accepted()).as("%s", r).isTrue();
        AgentSnapshot s = m.snapshot();
        assertThat(s.state()).isEqualTo(to);
        assertThat(s.reason()).isEqualTo(opt(reason));
        assertThat(s.pendingNotReady()).isEqualTo(opt(pending));
        assertThat(effects.calls).containsExactlyElementsOf(
                expectedEffects.equals("-") ? List.of() : List.of(expectedEffects.split(";")));
        assertThat(effects.snapshots).containsExactly(s);
        assertThat(effects.rejections).isEmpty();
        boolean busyAfter = Set.of(AgentState.RESERVED, AgentState.ON_CALL, AgentState.WRAP_UP, AgentState.DIALING)
                .contains(to);
        assertThat(s.callId().isPresent()).as("call kept only while busy").isEqualTo(busyAfter);
        if (type != AgentEventType.HELD) {
            assertThat(s.held()).isFalse();
        }
        if (to != from || !opt(reason).equals(in(from, false).snapshot().reason())) {
            assertThat(effects.changes).hasSize(1);
            AgentStateChange c = effects.changes.get(0);
            assertThat(c.from()).isEqualTo(from);
            assertThat(c.to()).isEqualTo(to);
            assertThat(c.reason()).isEqualTo(opt(reason));
            assertThat(c.cause()).isEqualTo(event.cause());
            assertThat(c.event()).isEqualTo(type);
            assertThat(c.at()).isEqualTo(NOW);
            assertThat(s.since()).isEqualTo(NOW);
        } else {
            assertThat(effects.changes).isEmpty();
            assertThat(s.since()).isEqualTo(T0);
        }
    }

    @Test
    void the_expected_rows_cover_exactly_the_table() {
        Set<String> expected = new HashSet<>();
        expectedRows().forEach(a -> expected.add(a.get()[0] + " x " + a.get()[1]));
        Set<String> table = new HashSet<>();
        for (Transition t : AgentTransitions.TABLE) {
            table.add(t.from() + " x " + t.event());
        }
        assertThat(table).isEqualTo(expected);
        assertThat(AgentTransitions.TABLE).hasSize(EXPECTED.length);
    }

    static Stream<Arguments> illegalPairs() {
        List<Arguments> out = new ArrayList<>();
        for (AgentState s : AgentState.values()) {
            for (AgentEventType e : AgentEventType.values()) {
                if (AgentTransitions.find(s, e).isEmpty()) {
                    out.add(Arguments.of(s, e));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} x {1} is rejected")
    @MethodSource("illegalPairs")
    void every_illegal_pair_is_rejected_logged_and_counted(AgentState state, AgentEventType type) {
        AgentStateMachine m = in(state, false);
        AgentSnapshot before = m.snapshot();

        TransitionResult r = m.fire(eventFor(type));

        assertThat(r).isInstanceOf(TransitionResult.Rejected.class);
        TransitionResult.Rejected rej = (TransitionResult.Rejected) r;
        assertThat(rej.reason()).isEqualTo(RejectReason.ILLEGAL_TRANSITION);
        assertThat(rej.message()).contains(type.name()).contains(state.name());
        assertThat(m.snapshot()).isEqualTo(before);
        assertThat(m.rejectedCount()).isEqualTo(1);
        assertThat(effects.rejections).containsExactly(state + "/" + type + "/ILLEGAL_TRANSITION");
        assertThat(effects.calls).isEmpty();
        assertThat(effects.changes).isEmpty();
    }

    @Test
    void illegal_pairs_plus_rows_are_the_whole_matrix() {
        assertThat(illegalPairs().count() + AgentTransitions.TABLE.size())
                .isEqualTo((long) AgentState.values().length * AgentEventType.values().length);
    }

    @Test
    void not_ready_requested_during_a_call_applies_after_wrap_up() {
        AgentStateMachine m = in(AgentState.READY, false);
        m.fire(AgentEvent.offered("c9", TestConfigs.QUEUE_SALES));
        m.fire(AgentEvent.call(AgentEventType.ANSWERED, Cause.sip(), "c9"));
        assertThat(m.fire(AgentEvent.notReady(Cause.agent("alice"), "lunch")).accepted()).isTrue();
        assertThat(m.snapshot().state()).isEqualTo(AgentState.ON_CALL);
        m.fire(AgentEvent.call(AgentEventType.CALL_ENDED, Cause.sip(), "c9"));
        assertThat(m.snapshot().state()).isEqualTo(AgentState.WRAP_UP);
        assertThat(m.snapshot().pendingNotReady()).contains("lunch");

        m.fire(AgentEvent.call(AgentEventType.WRAP_UP_TIMEOUT, Cause.timer(), "c9"));

        assertThat(m.snapshot().state()).isEqualTo(AgentState.NOT_READY);
        assertThat(m.snapshot().reason()).contains("lunch");
        assertThat(m.snapshot().pendingNotReady()).isEmpty();
        AgentStateChange last = effects.changes.get(effects.changes.size() - 1);
        assertThat(last.cause().kind()).isEqualTo(Cause.Kind.SYSTEM_TIMER);
        assertThat(last.callId()).contains("c9");
    }

    @Test
    void timers_use_the_queue_durations() {
        AgentStateMachine m = in(AgentState.READY, false);
        m.fire(AgentEvent.offered("c9", TestConfigs.QUEUE_SUPPORT));
        m.fire(AgentEvent.call(AgentEventType.ANSWERED, Cause.sip(), "c9"));
        m.fire(AgentEvent.call(AgentEventType.CALL_ENDED, Cause.sip(), "c9"));
        // ring: the queue's 1 s plus the backstop grace (the gateway reports no-answer first); wrap-up: 20 s
        assertThat(effects.timerDurations).containsExactly(Duration.ofSeconds(1).plus(ConfigQueueRules.BACKSTOP_GRACE),
                Duration.ofSeconds(20));
    }

    @Test
    void a_queue_that_requires_a_code_refuses_ready_until_one_is_chosen() {
        AgentStateMachine m = in(AgentState.READY, false);
        m.fire(AgentEvent.offered("c9", TestConfigs.QUEUE_SUPPORT));
        m.fire(AgentEvent.call(AgentEventType.ANSWERED, Cause.sip(), "c9"));
        m.fire(AgentEvent.call(AgentEventType.CALL_ENDED, Cause.sip(), "c9"));

        TransitionResult ready = m.fire(AgentEvent.of(AgentEventType.SET_READY, Cause.agent("alice")));
        assertThat(((TransitionResult.Rejected) ready).reason()).isEqualTo(RejectReason.WRAP_UP_CODE_REQUIRED);
        assertThat(m.snapshot().state()).isEqualTo(AgentState.WRAP_UP);

        TransitionResult unknown = m.fire(AgentEvent.wrapUp(Cause.agent("alice"), "nope", Optional.empty()));
        assertThat(((TransitionResult.Rejected) unknown).reason()).isEqualTo(RejectReason.UNKNOWN_WRAP_UP_CODE);

        TransitionResult code = m.fire(AgentEvent.wrapUp(Cause.agent("alice"), "callback", Optional.of("call at 5")));
        assertThat(code.accepted()).isTrue();
        assertThat(m.snapshot().state()).isEqualTo(AgentState.READY);
        assertThat(effects.wrapUps).singleElement().satisfies(w -> {
            assertThat(w.callId()).isEqualTo("c9");
            assertThat(w.queueId()).contains(TestConfigs.QUEUE_SUPPORT);
            assertThat(w.notes()).contains("call at 5");
            assertThat(w.at()).isEqualTo(NOW);
        });
    }

    @Test
    void queue_specific_codes_are_refused_for_other_queues() {
        AgentStateMachine m = in(AgentState.WRAP_UP, false); // call of queue sales
        TransitionResult r = m.fire(AgentEvent.wrapUp(Cause.agent("alice"), "callback", Optional.empty()));
        assertThat(((TransitionResult.Rejected) r).reason()).isEqualTo(RejectReason.UNKNOWN_WRAP_UP_CODE);
    }

    @Test
    void a_stale_timer_for_another_call_is_rejected() {
        AgentStateMachine m = in(AgentState.RESERVED, false);
        TransitionResult r = m.fire(AgentEvent.call(AgentEventType.RING_NO_ANSWER, Cause.timer(), "old-call"));
        assertThat(((TransitionResult.Rejected) r).reason()).isEqualTo(RejectReason.WRONG_CALL);
        assertThat(m.snapshot().state()).isEqualTo(AgentState.RESERVED);
    }

    @Test
    void unknown_or_missing_reasons_are_rejected() {
        AgentStateMachine m = in(AgentState.READY, false);
        assertThat(((TransitionResult.Rejected) m.fire(AgentEvent.notReady(Cause.agent("alice"), "nap"))).reason())
                .isEqualTo(RejectReason.UNKNOWN_REASON);
        AgentEvent noReason = AgentEvent.of(AgentEventType.SET_NOT_READY, Cause.agent("alice"));
        assertThat(((TransitionResult.Rejected) m.fire(noReason)).reason()).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(m.rejectedCount()).isEqualTo(2);
    }

    @Test
    void hold_twice_and_resume_without_hold_are_rejected() {
        AgentStateMachine m = in(AgentState.ON_CALL, false);
        assertThat(((TransitionResult.Rejected) m.fire(eventFor(AgentEventType.RESUMED))).reason())
                .isEqualTo(RejectReason.NOT_HELD);
        assertThat(m.fire(eventFor(AgentEventType.HELD)).accepted()).isTrue();
        assertThat(((TransitionResult.Rejected) m.fire(eventFor(AgentEventType.HELD))).reason())
                .isEqualTo(RejectReason.ALREADY_HELD);
        assertThat(m.snapshot().held()).isTrue();
    }

    @Test
    void forced_state_must_be_ready_or_not_ready_and_records_the_supervisor() {
        AgentStateMachine m = in(AgentState.READY, false);
        TransitionResult bad = m.fire(AgentEvent.force(Cause.supervisor("sam"), AgentState.ON_CALL, Optional.empty()));
        assertThat(((TransitionResult.Rejected) bad).reason()).isEqualTo(RejectReason.INVALID_TARGET_STATE);

        m.fire(AgentEvent.force(Cause.supervisor("sam"), AgentState.NOT_READY, Optional.empty()));

        assertThat(m.snapshot().reason()).contains(SystemReasons.FORCED);
        assertThat(effects.changes.get(0).cause()).isEqualTo(Cause.supervisor("sam"));
        assertThat(effects.changes.get(0).cause().toString()).isEqualTo("SUPERVISOR(sam)");
    }

    @Test
    void dialling_out_from_not_ready_returns_to_that_reason_after_wrap_up() {
        AgentStateMachine m = in(AgentState.NOT_READY, false);
        m.fire(AgentEvent.dial(Cause.agent("alice"), "o1", "13812345678", Optional.empty()));
        m.fire(AgentEvent.call(AgentEventType.DIAL_CONNECTED, Cause.sip(), "o1"));
        m.fire(AgentEvent.call(AgentEventType.CALL_ENDED, Cause.sip(), "o1"));
        m.fire(AgentEvent.wrapUp(Cause.agent("alice"), "resolved", Optional.empty()));
        assertThat(m.snapshot().state()).isEqualTo(AgentState.NOT_READY);
        assertThat(m.snapshot().reason()).contains("break");
    }

    @Test
    void event_strings_never_show_the_dialled_number() {
        AgentEvent dial = AgentEvent.dial(Cause.agent("alice"), "o1", "13812345678", Optional.empty());
        assertThat(dial.toString()).doesNotContain("13812345678").contains("138****5678");
    }


    private static Optional<String> opt(String s) {
        return s.equals("-") ? Optional.empty() : Optional.of(s);
    }
}
