package dev.cti.gateway.b2bua;

/** What can happen to a call (inputs of {@link CallTransitions}). */
public enum CallTrigger {
    /** RTP leg allocated and 200 OK sent to the caller. */
    ANSWERED_CALLER,
    /** Server: DeliverToAgent. */
    DELIVER,
    /** Agent phone answered 180/183. */
    AGENT_PROGRESS,
    /** Agent phone answered 200 and was bridged. */
    AGENT_ANSWERED,
    /** The agent INVITE failed (error response, timeout, ring timeout, unreachable). */
    RING_FAILED,
    /** Server: Announce (position / estimated wait). */
    ANNOUNCE,
    /** Agent re-INVITE sendonly/inactive. */
    HOLD,
    /** Agent re-INVITE sendrecv/recvonly. */
    RESUME,
    /** Server: HoldCall (media-only hold in the gateway, no re-INVITE). */
    SERVER_HOLD,
    /** Server: ResumeCall of a call the gateway held. */
    SERVER_RESUME,
    /** Server: AnswerCall (NOTIFY Event: talk sent to the ringing phone; its 200 OK still does the answering). */
    REMOTE_ANSWER,
    /** Transfer to a queue (REFER or Transfer command): back to the queue treatment. */
    REQUEUE,
    /** Transfer to a number started (trunk INVITE sent). */
    TRANSFER_DIAL,
    /** The trunk answered the transfer. */
    TRANSFER_ANSWERED,
    /** The trunk refused the transfer: the caller goes back to the agent. */
    TRANSFER_FAILED,
    /** Outbound: the customer's side answered 180/183. */
    REMOTE_PROGRESS,
    /** Outbound: the customer answered and was bridged to the agent. */
    REMOTE_ANSWERED,
    /** Server: Consult (the customer is held by the gateway, the consulted party called). */
    CONSULT,
    /** The consulted party hung up or was not reached: the customer stays held by the gateway. */
    CONSULT_RETURNED,
    /** Server: CancelConsult, or the conferenced party left: the agent is back with the customer alone. */
    CONSULT_CANCELLED,
    /** Server: CompleteConsult to an agent (or the agent left a conference): the consulted agent's leg is the agent's. */
    CONSULT_COMPLETED,
    /** Server: CompleteConsult to a number: the customer is bridged to the trunk leg, the call is no longer ours. */
    CONSULT_EXTERNAL,
    /** Server: Conference (the consult's party, the customer and the agent mixed). */
    CONFERENCE,
    /** The agent left (hung up, or transferred the customer to the survey): the customer stays for the survey. */
    SURVEY,
    /** Any end: a BYE from either side, HangUp, RTP inactivity, session timer, shutdown. */
    END
}
