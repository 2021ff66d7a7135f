package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cti.protocol.statemachine.StateMachine;
import dev.cti.protocol.statemachine.TransitionTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Walks every transition of the call and leg tables, checks every pair the tables leave out is refused and
 * reported to the unexpected-event handler, and pins the tables' shape (so a change to them is a deliberate one).
 */
class TransitionTablesTest {

    @Test
    void everyCallTransitionIsTakenAndEveryOtherPairIsReported() {
        walk(CallTransitions.TABLE, CallPhase.values(), CallTrigger.values());
    }

    @Test
    void everyLegTransitionIsTakenAndEveryOtherPairIsReported() {
        walk(LegTransitions.TABLE, LegState.values(), LegTrigger.values());
    }

    private static <S extends Enum<S>, T extends Enum<T>> void walk(TransitionTable<S, T> table, S[] states,
                                                                   T[] triggers) {
        int allowed = 0;
        for (S from : states) {
            for (T trigger : triggers) {
                List<String> unexpected = new ArrayList<>();
                StateMachine<S, T> m = new StateMachine<>(table, from, (s, t) -> unexpected.add(s + "/" + t));
                boolean expectedToMove = table.next(from, trigger).isPresent();
                boolean moved = m.fire(trigger);
                assertThat(moved).as(from + " --" + trigger).isEqualTo(expectedToMove);
                if (moved) {
                    allowed++;
                    assertThat(m.state()).isEqualTo(table.next(from, trigger).get());
                    assertThat(unexpected).isEmpty();
                } else {
                    assertThat(m.state()).as("refused trigger leaves the state").isEqualTo(from);
                    assertThat(unexpected).containsExactly(from + "/" + trigger);
                }
            }
        }
        int rows = table.asMap().values().stream().mapToInt(Map::size).sum();
        assertThat(allowed).isEqualTo(rows);
    }

    @Test
    void callLifecycleThroughTheTable() {
        StateMachine<CallPhase, CallTrigger> m = new StateMachine<>(CallTransitions.TABLE, CallPhase.ANSWERING,
                (s, t) -> { throw new AssertionError(s + "/" + t); });
        for (CallTrigger t : List.of(CallTrigger.ANSWERED_CALLER, CallTrigger.ANNOUNCE, CallTrigger.DELIVER,
                CallTrigger.AGENT_PROGRESS, CallTrigger.RING_FAILED, CallTrigger.DELIVER,
                CallTrigger.AGENT_ANSWERED, CallTrigger.HOLD, CallTrigger.RESUME, CallTrigger.TRANSFER_DIAL,
                CallTrigger.TRANSFER_FAILED, CallTrigger.REQUEUE, CallTrigger.DELIVER, CallTrigger.AGENT_ANSWERED,
                CallTrigger.TRANSFER_DIAL, CallTrigger.TRANSFER_ANSWERED, CallTrigger.END)) {
            m.fire(t);
        }
        assertThat(m.state()).isEqualTo(CallPhase.ENDED);
        assertThat(CallTransitions.TABLE.asMap().get(CallPhase.ENDED)).isNull(); // nothing leaves ENDED
    }

    @Test
    void holdAndAnswerThroughTheServerAreExplicitTransitions() {
        var t = CallTransitions.TABLE;
        assertThat(t.next(CallPhase.CONNECTED, CallTrigger.SERVER_HOLD)).contains(CallPhase.HELD_BY_SERVER);
        assertThat(t.next(CallPhase.HELD_BY_SERVER, CallTrigger.SERVER_RESUME)).contains(CallPhase.CONNECTED);
        assertThat(t.next(CallPhase.HELD_BY_SERVER, CallTrigger.HOLD)).contains(CallPhase.HELD);
        assertThat(t.next(CallPhase.RINGING, CallTrigger.REMOTE_ANSWER)).contains(CallPhase.RINGING);
        // A phone's hold is the phone's (RFC 3264 8.4): the server can neither resume it nor hold on top of it.
        assertThat(t.next(CallPhase.HELD, CallTrigger.SERVER_RESUME)).isEmpty();
        assertThat(t.next(CallPhase.HELD, CallTrigger.SERVER_HOLD)).isEmpty();
        assertThat(t.next(CallPhase.HELD_BY_SERVER, CallTrigger.SERVER_HOLD)).isEmpty();
        assertThat(t.next(CallPhase.HELD_BY_SERVER, CallTrigger.RESUME)).isEmpty();
        for (CallPhase p : CallPhase.values()) {
            if (p != CallPhase.RINGING) {
                assertThat(t.next(p, CallTrigger.REMOTE_ANSWER)).as(p.name()).isEmpty();
            }
            if (p != CallPhase.CONNECTED) {
                assertThat(t.next(p, CallTrigger.SERVER_HOLD)).as(p.name()).isEmpty();
            }
        }
        // A server hold leaves like a phone hold does: transfer, requeue, end.
        for (CallTrigger out : List.of(CallTrigger.TRANSFER_DIAL, CallTrigger.REQUEUE, CallTrigger.END)) {
            assertThat(t.next(CallPhase.HELD_BY_SERVER, out)).isEqualTo(t.next(CallPhase.HELD, out));
        }
        assertThat(CallPhase.HELD_BY_SERVER.linkState()).isEqualTo(dev.cti.link.message.CallState.HELD);
        StateMachine<CallPhase, CallTrigger> m = new StateMachine<>(t, CallPhase.RINGING,
                (s, tr) -> { throw new AssertionError(s + "/" + tr); });
        for (CallTrigger tr : List.of(CallTrigger.REMOTE_ANSWER, CallTrigger.AGENT_ANSWERED, CallTrigger.SERVER_HOLD,
                CallTrigger.SERVER_RESUME, CallTrigger.SERVER_HOLD, CallTrigger.HOLD, CallTrigger.RESUME,
                CallTrigger.END)) {
            m.fire(tr);
        }
        assertThat(m.state()).isEqualTo(CallPhase.ENDED);
    }

    @Test
    void onlyEndedAndExternalCallsAreLeftOutOfTheSnapshot() {
        for (CallPhase p : CallPhase.values()) {
            boolean hidden = p == CallPhase.ENDED || p == CallPhase.EXTERNAL;
            assertThat(p.linkState() == null).as(p.name()).isEqualTo(hidden);
        }
    }

    @Test
    void aDuplicateRowIsAProgrammingError() {
        assertThatThrownBy(() -> TransitionTable.builder(LegState.class, LegTrigger.class)
                .on(LegState.CALLING, LegTrigger.SUCCESS, LegState.CONFIRMED)
                .on(LegState.CALLING, LegTrigger.SUCCESS, LegState.TERMINATED))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void failureStatusesMapToRingFailureReasons() {
        assertThat(Call.reasonOf(486)).isEqualTo(dev.cti.link.message.RingFailureReason.BUSY);
        assertThat(Call.reasonOf(600)).isEqualTo(dev.cti.link.message.RingFailureReason.BUSY);
        assertThat(Call.reasonOf(603)).isEqualTo(dev.cti.link.message.RingFailureReason.REJECTED);
        assertThat(Call.reasonOf(404)).isEqualTo(dev.cti.link.message.RingFailureReason.UNREACHABLE);
        assertThat(Call.reasonOf(408)).isEqualTo(dev.cti.link.message.RingFailureReason.UNREACHABLE);
        assertThat(Call.reasonOf(503)).isEqualTo(dev.cti.link.message.RingFailureReason.UNREACHABLE);
    }
}
