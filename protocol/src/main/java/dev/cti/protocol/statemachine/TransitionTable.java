package dev.cti.protocol.statemachine;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * One declarative transition table of a state machine: (state, trigger) → next state. Exists so every machine (the
 * B2BUA's call, leg and monitor, the gateway's playback, the softphone's call) writes its rules in one place that a
 * test can walk, instead of spreading them over if-statements in the handlers.
 */
public final class TransitionTable<S extends Enum<S>, T extends Enum<T>> {
    private final Map<S, Map<T, S>> table;

    private TransitionTable(Map<S, Map<T, S>> table) {
        this.table = table;
    }

    public static <S extends Enum<S>, T extends Enum<T>> Builder<S, T> builder(Class<S> states, Class<T> triggers) {
        return new Builder<>(states, triggers);
    }

    /** The next state, or empty when {@code trigger} is not expected in {@code state}. */
    public Optional<S> next(S state, T trigger) {
        Map<T, S> row = table.get(state);
        return row == null ? Optional.empty() : Optional.ofNullable(row.get(trigger));
    }

    /** Every allowed transition, for tests and docs. */
    public Map<S, Map<T, S>> asMap() {
        return table;
    }

    /** Collects rows; duplicates are a programming error. */
    public static final class Builder<S extends Enum<S>, T extends Enum<T>> {
        private final Class<T> triggers;
        private final EnumMap<S, Map<T, S>> rows;

        private Builder(Class<S> states, Class<T> triggers) {
            this.triggers = triggers;
            this.rows = new EnumMap<>(states);
        }

        public Builder<S, T> on(S from, T trigger, S to) {
            Map<T, S> row = rows.computeIfAbsent(from, s -> new EnumMap<>(triggers));
            if (row.put(trigger, to) != null) {
                throw new IllegalStateException("duplicate transition " + from + " --" + trigger + "-->");
            }
            return this;
        }

        /** The same trigger from several states to one target. */
        @SafeVarargs
        public final Builder<S, T> onAny(T trigger, S to, S... from) {
            for (S s : from) {
                on(s, trigger, to);
            }
            return this;
        }

        public TransitionTable<S, T> build() {
            EnumMap<S, Map<T, S>> copy = new EnumMap<>(rows);
            copy.replaceAll((s, row) -> Collections.unmodifiableMap(new EnumMap<>(row)));
            return new TransitionTable<>(Collections.unmodifiableMap(copy));
        }
    }
}
