package dev.cti.server.monitor;

import dev.cti.server.agent.Cause;
import dev.cti.server.events.CallPushEvent;
import java.util.Optional;

/**
 * What {@link Monitors} needs of the call center, called on the call center's context only: which call an
 * agent is connected on, which phones are registered, and the hand-over of a taken-over call.
 */
public interface CallView {
    /**
     * The gateway call id of the call {@code agentId} is connected on (answered, possibly held), if any: an inbound
     * queue call or the agent's click-to-dial call; never one a supervisor took over.
     */
    Optional<String> connectedCall(String agentId);

    /** Whether a phone is registered for {@code extension}. */
    boolean phoneRegistered(String extension);

    /**
     * The supervisor took the call over: it is now {@code seatId}'s and its agent goes to wrap-up with
     * {@code cause}.
     */
    void takenOver(String callId, String seatId, Cause cause);

    /** The call center's next push sequence number and the time, for a new push. */
    CallPushEvent.Stamp stamp();

    /** Pushes {@code event} to the screens, in the call center's push sequence. */
    void publish(CallPushEvent event);
}
