package dev.cti.gateway.b2bua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.protocol.statemachine.StateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Walks every transition of the monitor session's table ({@link MonitorTransitions}), checks every pair it leaves
 * out is refused and reported to the unexpected-event handler, and pins the rules the link contract states: take-over
 * is final (no SWITCH, no STOP after it), nothing leaves ENDED, and every live state can end with the call.
 */
class MonitorTransitionsTest {

    @Test
    void everyTransitionIsTakenAndEveryOtherPairIsReported() {
        int allowed = 0;
        for (MonitorState from : MonitorState.values()) {
            for (MonitorTrigger trigger : MonitorTrigger.values()) {
                List<String> unexpected = new ArrayList<>();
                StateMachine<MonitorState, MonitorTrigger> m = new StateMachine<>(MonitorTransitions.TABLE, from,
                        (s, t) -> unexpected.add(s + "/" + t));
                List<String> seen = new ArrayList<>();
                m.onTransition((f, t, to) -> seen.add(f + "-" + t + "-" + to));
                var expected = MonitorTransitions.TABLE.next(from, trigger);
                boolean moved = m.fire(trigger);
                assertThat(moved).as(from + " --" + trigger).isEqualTo(expected.isPresent());
                if (moved) {
                    allowed++;
                    assertThat(m.state()).isEqualTo(expected.get());
                    assertThat(unexpected).isEmpty();
                    assertThat(seen).containsExactly(from + "-" + trigger + "-" + expected.get());
                } else {
                    assertThat(m.state()).isEqualTo(from);
                    assertThat(unexpected).containsExactly(from + "/" + trigger);
                    assertThat(seen).isEmpty();
                }
            }
        }
        assertThat(allowed).isEqualTo(MonitorTransitions.TABLE.asMap().values().stream().mapToInt(Map::size).sum());
    }

    @Test
    void takeoverIsFinalAndEndedIsTerminal() {
        var t = MonitorTransitions.TABLE;
        assertThat(t.next(MonitorState.TAKEN_OVER, MonitorTrigger.SWITCH)).isEmpty();
        assertThat(t.next(MonitorState.TAKEN_OVER, MonitorTrigger.STOP)).isEmpty();
        assertThat(t.next(MonitorState.TAKEN_OVER, MonitorTrigger.TAKEOVER)).isEmpty();
        assertThat(t.next(MonitorState.CALLING, MonitorTrigger.SWITCH)).as("no switch while ringing").isEmpty();
        assertThat(t.asMap().get(MonitorState.ENDED)).isNull();
        for (MonitorState s : List.of(MonitorState.CALLING, MonitorState.ACTIVE, MonitorState.TAKEN_OVER)) {
            assertThat(t.next(s, MonitorTrigger.CALL_ENDED)).contains(MonitorState.ENDED);
            assertThat(t.next(s, MonitorTrigger.CALL_MOVED)).contains(MonitorState.ENDED);
        }
    }

    @Test
    void aSessionsLifecycleThroughTheTable() {
        StateMachine<MonitorState, MonitorTrigger> m = new StateMachine<>(MonitorTransitions.TABLE,
                MonitorState.CALLING, (s, t) -> { throw new AssertionError(s + "/" + t); });
        for (MonitorTrigger t : List.of(MonitorTrigger.HOLD_CHANGED, MonitorTrigger.ANSWERED, MonitorTrigger.SWITCH,
                MonitorTrigger.HOLD_CHANGED, MonitorTrigger.SWITCH, MonitorTrigger.TAKEOVER,
                MonitorTrigger.CALL_ENDED)) {
            m.fire(t);
        }
        assertThat(m.state()).isEqualTo(MonitorState.ENDED);
    }
}
