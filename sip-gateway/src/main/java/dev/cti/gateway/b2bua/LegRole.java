package dev.cti.gateway.b2bua;

/** Which party a leg of a call faces. */
public enum LegRole {
    /** The customer, reached through the trunk (inbound caller). */
    CALLER,
    /** An agent's softphone. */
    AGENT,
    /** An external number dialled out through the trunk (blind transfer). */
    EXTERNAL,
    /**
     * A supervisor's phone called by the gateway to monitor the call ({@link CallMonitor}); after a take-over it is
     * the call's agent leg.
     */
    SUPERVISOR
}
