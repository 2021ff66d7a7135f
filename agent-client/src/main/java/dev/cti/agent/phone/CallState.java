package dev.cti.agent.phone;

/** The softphone's call states: one call at a time per seat (a second INVITE gets 486 Busy Here). */
public enum CallState {
    /** No call. */
    IDLE,
    /** An INVITE came in; 180 Ringing sent, waiting for answer or reject. */
    RINGING,
    /** Our INVITE is out (outbound dial), waiting for the final response. */
    DIALING,
    /** Talking. */
    CONNECTED,
    /** Not in any RFC: our hold re-INVITE (sendonly) is out, waiting for its answer. */
    HOLDING,
    /** We hold the far end (our last SDP said sendonly). */
    HELD,
    /** Not in any RFC: our resume re-INVITE (sendrecv) is out. */
    RESUMING,
    /** Not in any RFC: our REFER is out; on 2xx we hang up (blind transfer). */
    TRANSFERRING,
    /** Our BYE or CANCEL is out; the call is over for the agent. */
    ENDING
}
