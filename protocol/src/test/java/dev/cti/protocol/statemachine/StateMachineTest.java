package dev.cti.protocol.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kernel on a small door: every row is taken, every other pair goes to the unexpected handler. */
class StateMachineTest {
    enum Door { OPEN, CLOSED, LOCKED }

    enum Push { CLOSE, OPEN, LOCK, UNLOCK }

    private static final TransitionTable<Door, Push> TABLE = TransitionTable.builder(Door.class, Push.class)
            .on(Door.OPEN, Push.CLOSE, Door.CLOSED)
            .on(Door.CLOSED, Push.OPEN, Door.OPEN)
            .on(Door.CLOSED, Push.LOCK, Door.LOCKED)
            .on(Door.LOCKED, Push.UNLOCK, Door.CLOSED)
            .onAny(Push.CLOSE, Door.CLOSED, Door.CLOSED)
            .build();

    @Test
    void everyRowMovesTheMachineAndTellsTheListenersInOrder() {
        int rows = 0;
        for (Map.Entry<Door, Map<Push, Door>> from : TABLE.asMap().entrySet()) {
            for (Map.Entry<Push, Door> row : from.getValue().entrySet()) {
                List<String> seen = new ArrayList<>();
                StateMachine<Door, Push> m = new StateMachine<>(TABLE, from.getKey(),
                        (s, t) -> seen.add("unexpected " + s + "/" + t));
                m.onTransition((f, t, to) -> seen.add("1:" + f + ">" + t + ">" + to));
                m.onTransition((f, t, to) -> seen.add("2:" + m.state()));
                assertThat(m.accepts(row.getKey())).isTrue();
                assertThat(m.fire(row.getKey())).isTrue();
                assertThat(m.state()).isEqualTo(row.getValue());
                assertThat(m.is(row.getValue())).isTrue();
                assertThat(seen).containsExactly("1:" + from.getKey() + ">" + row.getKey() + ">" + row.getValue(),
                        "2:" + row.getValue());
                rows++;
            }
        }
        assertThat(rows).isEqualTo(5);
    }

    @Test
    void everyOtherPairIsUnexpectedAndChangesNothing() {
        int pairs = 0;
        for (Door s : Door.values()) {
            for (Push p : Push.values()) {
                if (TABLE.next(s, p).isPresent()) {
                    continue;
                }
                List<String> seen = new ArrayList<>();
                StateMachine<Door, Push> m = new StateMachine<>(TABLE, s, (st, t) -> seen.add(st + "/" + t));
                m.onTransition((f, t, to) -> seen.add("transition"));
                assertThat(m.accepts(p)).isFalse();
                assertThat(m.fire(p)).isFalse();
                assertThat(m.state()).isEqualTo(s);
                assertThat(seen).containsExactly(s + "/" + p);
                pairs++;
            }
        }
        assertThat(pairs).isEqualTo(Door.values().length * Push.values().length - 5);
    }

    @Test
    void aDuplicateRowIsAProgrammingError() {
        assertThatThrownBy(() -> TransitionTable.builder(Door.class, Push.class)
                .on(Door.OPEN, Push.CLOSE, Door.CLOSED)
                .on(Door.OPEN, Push.CLOSE, Door.LOCKED))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("duplicate");
    }
}
