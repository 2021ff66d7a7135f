package dev.cti.server.agent;

import java.util.Optional;

/**
 * The answer of {@link AgentStateMachine#fire}: never an exception, so a bad event cannot kill the caller.
 */
public sealed interface TransitionResult {

    boolean accepted();

    /**
     * The event was applied.
     *
     * @param change present when the state or the not-ready reason changed
     */
    record Accepted(AgentSnapshot snapshot, Optional<AgentStateChange> change) implements TransitionResult {
        @Override
        public boolean accepted() {
            return true;
        }
    }

    /** The event was refused; the machine is unchanged. */
    record Rejected(AgentSnapshot snapshot, AgentEventType event, RejectReason reason, String message)
            implements TransitionResult {
        @Override
        public boolean accepted() {
            return false;
        }
    }
}
