package dev.cti.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.launcher.ComponentFsm.Event;
import dev.cti.launcher.ComponentFsm.State;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every cell of the component's table: the transitions it lists, and every other pair refused. */
class ComponentFsmTest {
    private static final Map<State, Map<Event, State>> EXPECTED = Map.of(
            State.IDLE, Map.of(Event.START, State.RUNNING, Event.STOP, State.STOPPED),
            State.RUNNING, Map.of(Event.EXITED, State.BACKING_OFF, Event.STOP, State.STOPPING),
            State.BACKING_OFF, Map.of(Event.RETRY_DUE, State.RUNNING, Event.STOP, State.STOPPED),
            State.STOPPING, Map.of(Event.EXITED, State.STOPPED),
            State.STOPPED, Map.of());

    @Test
    void everyStateAndEventPair() {
        for (State s : State.values()) {
            for (Event e : Event.values()) {
                Optional<State> expected = Optional.ofNullable(EXPECTED.get(s).get(e));
                assertThat(ComponentFsm.next(s, e)).as(s + " --" + e + "-->").isEqualTo(expected);
            }
        }
    }
}
