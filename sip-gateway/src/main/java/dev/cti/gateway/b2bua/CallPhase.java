package dev.cti.gateway.b2bua;

import dev.cti.link.message.CallState;

/** States of one customer call in the B2BUA. See {@link CallTransitions} for the table. */
public enum CallPhase {
    /** INVITE accepted, RTP leg being allocated; the 200 OK is not sent yet (allocation is asynchronous). */
    ANSWERING,
    /** Answered; the caller hears the queue treatment until the server delivers the call. */
    QUEUED,
    /** An agent's phone is being rung; the caller still hears the queue treatment. */
    RINGING,
    /** Caller and agent are bridged. */
    CONNECTED,
    /** The agent put the caller on hold; the caller hears music. */
    HELD,
    /**
     * Held by the gateway on the server's HoldCall (not in any SIP spec: the phone was not re-INVITEd and still
     * thinks it is talking): the caller hears music, the agent hears nothing; only ResumeCall ends it.
     */
    HELD_BY_SERVER,
    /**
     * A consult ({@link CallConsult}): the customer is held by the gateway and hears music, the agent talks to the
     * consulted party on another leg (or waits while it is called).
     */
    CONSULTING,
    /** A consult turned into a three-way conference: the customer, the agent and the consulted party are mixed. */
    CONFERENCING,
    /** Blind transfer to a number: the trunk is being dialled, the caller hears music, the agent waits. */
    TRANSFERRING,
    /** After a completed transfer to a number: caller bridged to the trunk leg, no longer the server's call. */
    EXTERNAL,
    /** Outbound (Originate): the agent's phone is rung first. */
    ORIGINATING,
    /** Outbound: the agent answered; the customer's number is being dialled through the trunk. */
    DIALING,
    /**
     * The agent left and the customer stays for the queue's satisfaction survey ({@link CallMenu}): cleared for the
     * server's call handling (CallCleared sent, so in no snapshot), the server plays the survey's prompts and hangs up.
     */
    SURVEY,
    /** Over; both legs released. */
    ENDED;

    /** The link's view of this phase, or null when the call is not the server's business (EXTERNAL, ENDED). */
    public CallState linkState() {
        return switch (this) {
            case ANSWERING, QUEUED -> CallState.QUEUED;
            case RINGING -> CallState.RINGING;
            case CONNECTED, TRANSFERRING, CONFERENCING, SURVEY -> CallState.CONNECTED;
            case HELD, HELD_BY_SERVER, CONSULTING -> CallState.HELD;
            case ORIGINATING, DIALING -> CallState.DIALING;
            case EXTERNAL, ENDED -> null;
        };
    }
}
