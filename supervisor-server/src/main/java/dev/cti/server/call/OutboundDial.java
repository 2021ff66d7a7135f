package dev.cti.server.call;

import dev.cti.config.AgentConfig;
import dev.cti.server.compliance.HoldTimer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** One click-to-dial call of {@link OutboundDialer} (an internal call too), on the call center's context. */
final class OutboundDial {
    final String requestId;
    /** The agent who dialled; after a restart, the one the gateway's snapshot names ({@link #boundAfterRestart}). */
    String agentId;
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
    /** The agents the records left on this request id: an internal call's caller and, when logged in, its colleague. */
    final Set<String> restoredOn = new LinkedHashSet<>();
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

    /** Whether the gateway's call of {@code agent} can be this dial's: its agent's, or one the records left on it. */
    boolean placedBy(String agent) {
        return restored ? restoredOn.contains(agent) : agentId.equals(agent);
    }

    /**
     * A dial restored after a restart bound to the gateway's call of {@code caller} to {@code far}: that agent placed
     * it. It is internal (issue 18) when another agent was restored on the same request id (the colleague who
     * followed the call) or when {@code far} is a seat's extension (a colleague that was not logged in).
     */
    void boundAfterRestart(String caller, String far, Collection<AgentConfig> seats) {
        agentId = caller;
        number = far;
        colleague = restoredOn.stream().filter(a -> !a.equals(caller)).findFirst()
                .or(() -> seats.stream().filter(s -> s.extension().equals(far) && !s.id().equals(caller))
                        .map(AgentConfig::id).findFirst());
        colleagueFollows = colleague.map(restoredOn::contains).orElse(false);
    }

    /** A restored dial the gateway no longer has: the other agent the records left on it (a colleague) ends too. */
    void lostAfterRestart() {
        colleague = restoredOn.stream().filter(a -> !a.equals(agentId)).findFirst();
        colleagueFollows = colleague.isPresent();
    }
}
