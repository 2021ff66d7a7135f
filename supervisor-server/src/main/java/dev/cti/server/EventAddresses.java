package dev.cti.server;

/** Every event-bus address the server uses, in one place. */
public final class EventAddresses {
    /** Published after an agent's new snapshot is durable: a JSON agent event (see docs/API.md). */
    public static final String AGENT_EVENTS = "cti.agent.events";
    /** Published when a call must go back to the head of its queue: {@code {callId, queueId, agentId}}. */
    public static final String CALL_REQUEUE = "cti.acd.requeue";

    /**
     * Published by the call center: JSON call events ({@code type} call, script, hold-threshold, phone) for
     * agent desktops and wallboards (see docs/API.md); numbers are masked.
     */
    public static final String CALL_EVENTS = "cti.call.events";

    private EventAddresses() {}
}
