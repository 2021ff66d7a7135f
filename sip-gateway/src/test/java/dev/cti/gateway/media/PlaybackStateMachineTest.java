package dev.cti.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.gateway.media.PlaybackStateMachine.Event;
import dev.cti.gateway.media.PlaybackStateMachine.State;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Walks every transition of the table, and every unexpected event. */
class PlaybackStateMachineTest {

    /** The shortest event sequence from CREATED to each state. */
    private static final Map<State, List<Event>> PATH = Map.of(
            State.CREATED, List.of(),
            State.PLAYING_PROMPTS, List.of(Event.START),
            State.PLAYING_MUSIC, List.of(Event.START, Event.PROMPTS_SENT),
            State.FINISHED, List.of(Event.START, Event.AUDIO_EXHAUSTED),
            State.STOPPED, List.of(Event.STOP));

    private static PlaybackStateMachine in(State state) {
        PlaybackStateMachine m = new PlaybackStateMachine();
        PATH.get(state).forEach(m::fire);
        assertThat(m.state()).isEqualTo(state);
        return m;
    }

    @Test
    void everyTransitionInTheTableLeadsWhereItSays() {
        int walked = 0;
        for (State from : State.values()) {
            for (Map.Entry<Event, State> t : PlaybackStateMachine.TRANSITIONS.get(from).entrySet()) {
                PlaybackStateMachine m = in(from);
                assertThat(m.fire(t.getKey())).as("%s --%s-->", from, t.getKey()).contains(t.getValue());
                assertThat(m.state()).isEqualTo(t.getValue());
                assertThat(m.unexpectedEvents()).isZero();
                walked++;
            }
        }
        assertThat(walked).isEqualTo(9);
    }

    @Test
    void everyOtherEventIsUnexpectedCountedAndChangesNothing() {
        int unexpected = 0;
        for (State from : State.values()) {
            for (Event e : Event.values()) {
                if (PlaybackStateMachine.TRANSITIONS.get(from).containsKey(e)) {
                    continue;
                }
                PlaybackStateMachine m = in(from);
                assertThat(m.fire(e)).as("%s in %s", e, from).isEmpty();
                assertThat(m.state()).isEqualTo(from);
                assertThat(m.unexpectedEvents()).isEqualTo(1);
                unexpected++;
            }
        }
        assertThat(unexpected).isEqualTo(State.values().length * Event.values().length - 9);
    }

    @Test
    void onlyThePlayingStatesArePlaying() {
        assertThat(in(State.PLAYING_PROMPTS).isPlaying()).isTrue();
        assertThat(in(State.PLAYING_MUSIC).isPlaying()).isTrue();
        assertThat(in(State.CREATED).isPlaying()).isFalse();
        assertThat(in(State.FINISHED).isPlaying()).isFalse();
        assertThat(in(State.STOPPED).isPlaying()).isFalse();
    }
}
