package dev.cti.protocol.statemachine;

import java.util.Objects;

/**
 * One running instance of a {@link TransitionTable}: the current state and the handler for triggers the state
 * does not expect (logged and counted by the owner, never thrown). Not thread-safe by design: each instance is
 * fired from one thread only (a B2BUA call's serial executor, a leg's event loop, a softphone's phone thread);
 * {@link #state()} may be read from any thread (the field is volatile: the softphone's status page reads it).
 */
public final class StateMachine<S extends Enum<S>, T extends Enum<T>> {

    /** Told about a trigger the current state does not expect. */
    @FunctionalInterface
    public interface UnexpectedHandler<S, T> {
        void unexpected(S state, T trigger);
    }

    /** Told about every transition taken (after the state changed). */
    @FunctionalInterface
    public interface TransitionListener<S, T> {
        void transition(S from, T trigger, S to);
    }

    private final TransitionTable<S, T> table;
    private final java.util.List<TransitionListener<S, T>> listeners = new java.util.ArrayList<>();
    private final UnexpectedHandler<S, T> unexpected;
    private volatile S state;

    public StateMachine(TransitionTable<S, T> table, S initial, UnexpectedHandler<S, T> unexpected) {
        this.table = Objects.requireNonNull(table);
        this.state = Objects.requireNonNull(initial);
        this.unexpected = Objects.requireNonNull(unexpected);
    }

    public S state() {
        return state;
    }

    public boolean is(S s) {
        return state == s;
    }

    /** Applies the trigger; returns false (after telling the unexpected handler) when the table has no row. */
    public boolean fire(T trigger) {
        var next = table.next(state, trigger);
        if (next.isEmpty()) {
            unexpected.unexpected(state, trigger);
            return false;
        }
        S from = state;
        state = next.get();
        for (TransitionListener<S, T> l : listeners) {
            l.transition(from, trigger, state);
        }
        return true;
    }

    /**
     * Adds a listener told about every transition, in the order added (features that follow the call's hold state:
     * the monitor mixer, the recording's hold spans).
     */
    public void onTransition(TransitionListener<S, T> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    /** Whether {@code trigger} would be accepted now, without firing it. */
    public boolean accepts(T trigger) {
        return table.next(state, trigger).isPresent();
    }
}
