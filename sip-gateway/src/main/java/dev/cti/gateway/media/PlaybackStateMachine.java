package dev.cti.gateway.media;

import dev.cti.protocol.statemachine.StateMachine;
import dev.cti.protocol.statemachine.TransitionTable;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one playback ({@link PromptPlayer}) as an explicit state machine.
 *
 * <pre>
 *  state            | START            | PROMPTS_SENT   | AUDIO_EXHAUSTED | STOP
 *  -----------------+------------------+----------------+-----------------+---------
 *  CREATED          | PLAYING_PROMPTS  | -              | -               | STOPPED
 *  PLAYING_PROMPTS  | -                | PLAYING_MUSIC  | FINISHED        | STOPPED
 *  PLAYING_MUSIC    | -                | -              | -               | STOPPED
 *  FINISHED         | -                | -              | -               | FINISHED
 *  STOPPED          | STOPPED          | -              | -               | STOPPED
 * </pre>
 *
 * (START after STOP: a playback stopped before its first tick never starts.)
 * "-" is unexpected: logged, counted, state unchanged. Used on the leg's event loop only. The kernel is the
 * shared {@link StateMachine} (module {@code protocol}).
 */
final class PlaybackStateMachine {

    private static final Logger LOG = LoggerFactory.getLogger(PlaybackStateMachine.class);

    /** States of a playback. */
    enum State {
        /** Created, not yet ticking. */
        CREATED,
        /** Sending the prompts in order. */
        PLAYING_PROMPTS,
        /** Prompts done, looping music until stopped (exists because music never ends by itself). */
        PLAYING_MUSIC,
        /** Every prompt sent and there is no music: ended by itself. */
        FINISHED,
        /** Stopped by the B2BUA (or the leg was released). */
        STOPPED
    }

    /** What happens to a playback. */
    enum Event { START, PROMPTS_SENT, AUDIO_EXHAUSTED, STOP }

    private static final TransitionTable<State, Event> TABLE = TransitionTable.builder(State.class, Event.class)
            .on(State.CREATED, Event.START, State.PLAYING_PROMPTS)
            .on(State.CREATED, Event.STOP, State.STOPPED)
            .on(State.PLAYING_PROMPTS, Event.PROMPTS_SENT, State.PLAYING_MUSIC)
            .on(State.PLAYING_PROMPTS, Event.AUDIO_EXHAUSTED, State.FINISHED)
            .on(State.PLAYING_PROMPTS, Event.STOP, State.STOPPED)
            .on(State.PLAYING_MUSIC, Event.STOP, State.STOPPED)
            .on(State.FINISHED, Event.STOP, State.FINISHED)
            .on(State.STOPPED, Event.STOP, State.STOPPED)
            .on(State.STOPPED, Event.START, State.STOPPED)
            .build();

    /** Every row of the table above (tests walk it). */
    static final Map<State, Map<Event, State>> TRANSITIONS = TABLE.asMap();

    private long unexpected;
    private final StateMachine<State, Event> fsm = new StateMachine<>(TABLE, State.CREATED, (state, event) -> {
        unexpected++;
        LOG.warn("playback: unexpected {} in state {}", event, state);
    });

    /** Applies {@code event}; returns the new state, or empty if the event was unexpected. */
    Optional<State> fire(Event event) {
        return fsm.fire(event) ? Optional.of(fsm.state()) : Optional.empty();
    }

    State state() {
        return fsm.state();
    }

    boolean isPlaying() {
        return fsm.is(State.PLAYING_PROMPTS) || fsm.is(State.PLAYING_MUSIC);
    }

    /** Events that arrived in a state that does not expect them. */
    long unexpectedEvents() {
        return unexpected;
    }
}
