package dev.cti.server.agent;

import java.util.Objects;
import java.util.Optional;

/**
 * Who or what caused a change: recorded with every state change so that the history answers "why was
 * this agent not ready at 10:42".
 *
 * @param kind  the kind of cause
 * @param actor the user id for {@link Kind#AGENT} and {@link Kind#SUPERVISOR}; empty for system causes
 */
public record Cause(Kind kind, Optional<String> actor) {

    /** The kinds of cause the storage and the APIs know. */
    public enum Kind { AGENT, SUPERVISOR, SYSTEM_TIMER, SIP_EVENT, RECONCILIATION }

    public Cause {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(actor, "actor");
    }

    public static Cause agent(String userId) {
        return new Cause(Kind.AGENT, Optional.of(userId));
    }

    public static Cause supervisor(String userId) {
        return new Cause(Kind.SUPERVISOR, Optional.of(userId));
    }

    public static Cause timer() {
        return new Cause(Kind.SYSTEM_TIMER, Optional.empty());
    }

    public static Cause sip() {
        return new Cause(Kind.SIP_EVENT, Optional.empty());
    }

    public static Cause reconciliation() {
        return new Cause(Kind.RECONCILIATION, Optional.empty());
    }

    @Override
    public String toString() {
        return actor.map(a -> kind + "(" + a + ")").orElse(kind.name());
    }
}
