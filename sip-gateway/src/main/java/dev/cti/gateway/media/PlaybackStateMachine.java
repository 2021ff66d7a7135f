package dev.cti.gateway.media;

import java.util.EnumMap;
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
 * "-" is unexpected: logged, counted, state unchanged. Used on the leg's event loop only.
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

    static final Map<State, Map<Event, State>> TRANSITIONS = table();

    private State state = State.CREATED;
    private long unexpected;

    private static Map<State, Map<Event, State>> table() {
        Map<State, Map<Event, State>> t = new EnumMap<>(State.class);
        for (State s : State.values()) {
            t.put(s, new EnumMap<>(Event.class));
        }
        t.get(State.CREATED).put(Event.START, State.PLAYING_PROMPTS);
        t.get(State.CREATED).put(Event.STOP, State.STOPPED);
        t.get(State.PLAYING_PROMPTS).put(Event.PROMPTS_SENT, State.PLAYING_MUSIC);
        t.get(State.PLAYING_PROMPTS).put(Event.AUDIO_EXHAUSTED, State.FINISHED);
        t.get(State.PLAYING_PROMPTS).put(Event.STOP, State.STOPPED);
        t.get(State.PLAYING_MUSIC).put(Event.STOP, State.STOPPED);
        t.get(State.FINISHED).put(Event.STOP, State.FINISHED);
        t.get(State.STOPPED).put(Event.STOP, State.STOPPED);
        t.get(State.STOPPED).put(Event.START, State.STOPPED);
        return t;
    }

    /** Applies {@code event}; returns the new state, or empty if the event was unexpected. */
    Optional<State> fire(Event event) {
        State next = TRANSITIONS.get(state).get(event);
        if (next == null) {
            unexpected++;
            LOG.warn("playback: unexpected {} in state {}", event, state);
            return Optional.empty();
        }
        state = next;
        return Optional.of(next);
    }

    State state() {
        return state;
    }

    boolean isPlaying() {
        return state == State.PLAYING_PROMPTS || state == State.PLAYING_MUSIC;
    }

    /** Events that arrived in a state that does not expect them. */
    long unexpectedEvents() {
        return unexpected;
    }
}
