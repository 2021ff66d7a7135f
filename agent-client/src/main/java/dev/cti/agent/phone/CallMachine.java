package dev.cti.agent.phone;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seat's call state, moved only through {@link CallTransitions}. Confined to the seat's phone thread (no locks);
 * the counters are atomics so other threads may read them. An event the current state does not expect is logged,
 * counted and refused: the caller then answers the far end or the agent with an error instead of acting.
 */
public final class CallMachine {
    private static final Logger LOG = LoggerFactory.getLogger(CallMachine.class);

    /** Observes accepted transitions (the softphone turns them into JSON events). */
    public interface Listener {
        void onTransition(CallState from, CallEvent event, CallState to);
    }

    private final String name;
    private final Clock clock;
    private final Listener listener;
    private final AtomicLong unexpected = new AtomicLong();
    private volatile CallState state = CallState.IDLE;
    private volatile Instant since;

    public CallMachine(String name, Clock clock, Listener listener) {
        this.name = name;
        this.clock = clock;
        this.listener = listener;
        this.since = clock.instant();
    }

    public CallState state() {
        return state;
    }

    /** When the current state was entered (hold timer, call duration). */
    public Instant since() {
        return since;
    }

    /** Whether {@code event} is expected now (no side effect, nothing counted). */
    public boolean can(CallEvent event) {
        return CallTransitions.next(state, event).isPresent();
    }

    /** Applies {@code event}; false (logged and counted) if the current state does not expect it. */
    public boolean fire(CallEvent event) {
        CallState from = state;
        var to = CallTransitions.next(from, event);
        if (to.isEmpty()) {
            unexpected.incrementAndGet();
            LOG.info("{}: unexpected call event {} in state {} (ignored)", name, event, from);
            return false;
        }
        state = to.get();
        if (to.get() != from) since = clock.instant();
        listener.onTransition(from, event, to.get());
        return true;
    }

    /** Events refused so far. */
    public long unexpectedEvents() {
        return unexpected.get();
    }
}
