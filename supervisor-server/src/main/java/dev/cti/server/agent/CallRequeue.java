package dev.cti.server.agent;

/**
 * Where a call goes when an agent's machine gives it back (a ring not answered or failed): the call center puts it
 * back at the head of its queue. Called on the agents' context, inside the agent's commit: an implementation does
 * its work in a later task on its own context.
 */
@FunctionalInterface
public interface CallRequeue {
    void requeue(String callId, String queueId, String agentId);
}
