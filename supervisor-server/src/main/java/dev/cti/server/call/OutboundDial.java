package dev.cti.server.call;

import dev.cti.server.compliance.HoldTimer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** One click-to-dial call of {@link OutboundDialer} (an internal call too), on the call center's context. */
final class OutboundDial {
    final String requestId;
    final String agentId;
    /** The number dialled (an internal call's: the colleague's extension); for a dial restored after a restart,
     *  from the gateway's snapshot when it binds. */
    String number;
    /** An internal call's colleague (its seat); empty for a customer's number. */
    Optional<String> colleague = Optional.empty();
    /** Whether the colleague's state follows the call (it was logged in when called). */
    boolean colleagueFollows;
    final Instant startedAt;
    /** Restored after a restart from the agent's history (the Originate's progress was not seen by this server). */
    boolean restored;
    /** Restored with the agent already ON_CALL: the answer is taken from the snapshot, not fired again. */
    boolean restoredConnected;
    String callId;
    Instant answeredAt;
    Instant heldSince;
    Duration held = Duration.ZERO;
    /** A supervisor took the call over: it is now {@code seatId}'s and the agent is in wrap-up. */
    String takenOverBy;
    /** The compliance hold timer (thresholds pushed and stored as for queue calls), from the answer on. */
    HoldTimer holdTimer;

    OutboundDial(String requestId, String agentId, String number, Instant startedAt) {
        this.requestId = requestId;
        this.agentId = agentId;
        this.number = number;
        this.startedAt = startedAt;
    }
}
