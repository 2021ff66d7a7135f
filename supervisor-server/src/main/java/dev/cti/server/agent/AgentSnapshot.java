package dev.cti.server.agent;

import java.time.Instant;
import java.util.Optional;

/**
 * What the server knows about one agent at one moment: the per-instance data of the state machine.
 * Immutable; every accepted event produces a new snapshot.
 *
 * @param reason          the not-ready reason, present exactly when {@code state} is NOT_READY
 * @param callId          the call the agent is busy with (RESERVED, ON_CALL, WRAP_UP, DIALING)
 * @param queueId         that call's queue, which decides ring timeout and wrap-up rules
 * @param held            ON_CALL only: the customer is on hold
 * @param pendingNotReady a not-ready reason to apply when the current call's work ends (requested during
 *                        the call, or the reason the agent dialled out from)
 * @param since           when the current state began (READY since = idle since, for longest-idle routing)
 */
public record AgentSnapshot(String agentId, AgentState state, Optional<String> reason, Optional<String> callId,
                            Optional<String> queueId, boolean held, Optional<String> pendingNotReady,
                            Instant since) {

    public static AgentSnapshot loggedOut(String agentId, Instant at) {
        return new AgentSnapshot(agentId, AgentState.LOGGED_OUT, Optional.empty(), Optional.empty(),
                Optional.empty(), false, Optional.empty(), at);
    }

    AgentSnapshot withCall(Optional<String> newCallId, Optional<String> newQueueId) {
        return new AgentSnapshot(agentId, state, reason, newCallId, newQueueId, held, pendingNotReady, since);
    }

    AgentSnapshot withHeld(boolean newHeld) {
        return new AgentSnapshot(agentId, state, reason, callId, queueId, newHeld, pendingNotReady, since);
    }

    AgentSnapshot withPending(Optional<String> newPending) {
        return new AgentSnapshot(agentId, state, reason, callId, queueId, held, newPending, since);
    }

    AgentSnapshot withState(AgentState newState, Optional<String> newReason, Instant at) {
        return new AgentSnapshot(agentId, newState, newReason, callId, queueId, held, pendingNotReady, at);
    }
}
