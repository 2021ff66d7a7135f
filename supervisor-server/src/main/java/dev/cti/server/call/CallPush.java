package dev.cti.server.call;

import dev.cti.config.CtiConfig;
import dev.cti.server.acd.Acd;
import dev.cti.server.events.CallPushEvent;
import dev.cti.server.events.CallSummary;
import dev.cti.server.events.ServerEvents;
import dev.cti.privacy.PhoneMask;
import java.time.Clock;
import java.util.Optional;

/**
 * What the call center pushes on {@link ServerEvents#calls()}: every push gets the next number of the one sequence
 * all call pushes share (the WebSocket clients order by it) and its time ({@link #stamp()}), and a live call is
 * summed up as a {@link CallSummary} with its caller masked. Used on the call center's context only.
 */
final class CallPush {
    private final ServerEvents events;
    private final CtiConfig config;
    private final Acd acd;
    private final Clock clock;
    private long sequence;

    CallPush(ServerEvents events, CtiConfig config, Acd acd, Clock clock) {
        this.events = events;
        this.config = config;
        this.acd = acd;
        this.clock = clock;
    }

    /** The next sequence number and the time, for a new push. */
    CallPushEvent.Stamp stamp() {
        return new CallPushEvent.Stamp(++sequence, clock.instant());
    }

    void publish(CallPushEvent event) {
        events.calls().publish(event);
    }

    /** Pushes {@code call} with what happened to it. */
    void call(LiveCall call, String what) {
        call(call, what, Optional.empty(), Optional.empty());
    }

    /** Pushes {@code call} with what happened to it, and for a cleared call its clear cause and outcome. */
    void call(LiveCall call, String what, Optional<String> cause, Optional<String> outcome) {
        if (call != null) {
            publish(new CallPushEvent.CallChanged(stamp(), what, summary(call), cause, outcome));
        }
    }

    /** The call as the screens see it now (caller masked). */
    CallSummary summary(LiveCall c) {
        Optional<CallSummary.Answered> answered = c.answeredAt == null ? Optional.empty()
                : Optional.of(new CallSummary.Answered(c.answeredAt, c.ringCount,
                        c.ringCount <= config.compliance().ringTargetRings()));
        return new CallSummary.Inbound(c.callId, c.queueId, c.phase.name(), PhoneMask.mask(c.callerNumber),
                c.arrivedAt, c.overflowed, c.takenOver, c.agentId, answered, Optional.ofNullable(c.heldSince),
                acd.position(c.callId));
    }
}
