package dev.cti.link.message;

/** Where a {@link Consult} stands ({@link ConsultProgress}). */
public enum ConsultState {
    /** The customer is held (a {@link CallHeld} came first) and the target is being called. */
    DIALING,
    /**
     * A consult to a queue waits in it (the customer held on music, the agent hearing the queue's greeting and music)
     * until the server's ACD picks one of its agents; also after a picked agent was not reached ({@code FAILED}).
     */
    QUEUED,
    /** The target answered: the agent and the target talk, the customer still hears music. */
    CONNECTED,
    /**
     * The target did not answer or could not be called: the customer stays held, the agent resumes (a queue's agent
     * not reached: the consult waits in the queue again, {@code QUEUED} follows).
     */
    FAILED,
    /** The target hung up: the customer stays held, the agent resumes. */
    ENDED,
    /** The agent cancelled: the agent is back with the customer ({@link CallResumed} follows). */
    CANCELLED,
    /**
     * {@link Conference}: the customer, the agent and the target each hear the other two; the customer's hold is over
     * ({@link CallResumed} follows). {@code COMPLETED} when the agent leaves, {@code CANCELLED} when the agent drops
     * the target, {@code ENDED} when the target hangs up (the customer and the agent talk on).
     */
    CONFERENCED,
    /**
     * Customer and target are joined, the agent's leg is hung up: the call is the target's from now on (its
     * {@code agentId} in the snapshot; null for a number) and the agent's part of it is over.
     */
    COMPLETED
}
