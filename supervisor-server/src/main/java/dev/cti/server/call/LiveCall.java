package dev.cti.server.call;

import dev.cti.server.acd.WaitingCall;
import dev.cti.server.compliance.HoldTimer;
import java.time.Instant;
import java.util.Optional;

/**
 * The server's view of one call the gateway reported, mutable, touched only on the call center's context.
 * The gateway owns the call itself; this holds what the server decides and measures about it.
 */
final class LiveCall {
    /** Where the call stands from the server's point of view. */
    enum Phase {
        /** Waiting in a queue for an agent. */
        QUEUED,
        /** Given to an agent, delivery commanded, no ringing reported yet. */
        OFFERING,
        /** The agent's phone rings. */
        RINGING,
        CONNECTED,
        HELD
    }

    final String callId;
    String queueId;
    final String callerNumber;
    final String dialledNumber;
    final Instant arrivedAt;
    /** The visit to the current queue (1, then 2 after an overflow …) and when it began (docs/STORAGE.md, V5). */
    int visitNo = 1;
    Instant enteredAt;
    Phase phase = Phase.QUEUED;
    WaitingCall waiting;
    Optional<String> agentId = Optional.empty();
    Instant offeredAt;
    Instant answeredAt;
    long ringMillis;
    int ringCount;
    HoldTimer holdTimer;
    Instant heldSince;
    Instant lastAnnouncedAt;
    boolean overflowed;
    /** A supervisor took the call over: agentId is now the supervisor's seat, the agent is in wrap-up. */
    boolean takenOver;

    LiveCall(String callId, String queueId, String callerNumber, String dialledNumber, Instant arrivedAt) {
        this.callId = callId;
        this.queueId = queueId;
        this.callerNumber = callerNumber;
        this.dialledNumber = dialledNumber;
        this.arrivedAt = arrivedAt;
        this.enteredAt = arrivedAt;
        this.lastAnnouncedAt = arrivedAt;
    }

    boolean withAgent() {
        return phase != Phase.QUEUED;
    }
}
