package dev.cti.server.agent;

import java.time.Duration;

/**
 * The side effects of an agent's machine: the context it runs in. The machine only decides; the
 * {@link AgentRegistry} implements this interface (timers on the Vert.x context, durable writes, pushes,
 * requeue to the ACD), and unit tests record the calls.
 */
public interface AgentEffects {
    /** The state or the not-ready reason changed; must be made durable. */
    void stateChanged(AgentStateChange change);

    /** Every accepted event: the snapshot to publish. */
    void snapshotChanged(AgentSnapshot snapshot);

    void startTimer(String agentId, AgentTimer timer, Duration after, String callId);

    void cancelTimer(String agentId, AgentTimer timer);

    /** Give the call back to the head of its queue (RONA, failed ring, forced away from a ringing call). */
    void requeueAtHead(String agentId, String callId, String queueId);

    void holdChanged(String agentId, String callId, boolean held, java.time.Instant at);

    void wrapUpRecorded(WrapUpRecord wrapUp);

    /** An event was refused (already logged by the machine); count it. */
    void rejected(AgentState state, AgentEventType event, RejectReason reason);
}
