package dev.cti.agent.phone;

import dev.cti.protocol.statemachine.StateMachine;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seat's call state, moved only through {@link CallTransitions} by the shared {@link StateMachine} kernel.
 * Confined to the seat's phone thread (no locks); the state and the counters may be read from other threads. An
 * event the current state does not expect is logged, counted and refused: the caller then answers the far end or
 * the agent with an error instead of acting.
 */
public final class CallMachine {
    private static final Logger LOG = LoggerFactory.getLogger(CallMachine.class);

    /** Observes accepted transitions (the softphone turns them into JSON events). */
    public interface Listener {
        void onTransition(CallState from, CallEvent event, CallState to);
    }

    private final AtomicLong unexpected = new AtomicLong();
    private final StateMachine<CallState, CallEvent> fsm;
    private volatile Instant since;

    public CallMachine(String name, Clock clock, Listener listener) {
        this.since = clock.instant();
        this.fsm = new StateMachine<>(CallTransitions.TABLE, CallState.IDLE, (state, event) -> {
            unexpected.incrementAndGet();
            LOG.info("{}: unexpected call event {} in state {} (ignored)", name, event, state);
        });
        fsm.onTransition((from, event, to) -> {
            if (to != from) since = clock.instant();
            listener.onTransition(from, event, to);
        });
    }

    public CallState state() {
        return fsm.state();
    }

    /** When the current state was entered (hold timer, call duration). */
    public Instant since() {
        return since;
    }

    /** Whether {@code event} is expected now (no side effect, nothing counted). */
    public boolean can(CallEvent event) {
        return fsm.accepts(event);
    }

    /** Applies {@code event}; false (logged and counted) if the current state does not expect it. */
    public boolean fire(CallEvent event) {
        return fsm.fire(event);
    }

    /** Events refused so far. */
    public long unexpectedEvents() {
        return unexpected.get();
    }
}
