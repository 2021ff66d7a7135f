package dev.cti.gateway.b2bua;

/** States of one SIP leg (INVITE dialog) of a call. See {@link LegTransitions}. */
public enum LegState {
    /** UAS: INVITE received, not answered yet. */
    OFFERED,
    /** UAS: 200 OK sent, waiting for the ACK. */
    ANSWERED,
    /** UAC: INVITE sent, no response beyond 100 yet. */
    CALLING,
    /** UAC: a 1xx with To tag arrived (phone ringing). */
    EARLY,
    /** Dialog confirmed (ACK received or sent). */
    CONFIRMED,
    /** UAC: CANCEL sent, waiting for the 487 (or a racing 200, which is ACKed and BYEd). */
    CANCELLING,
    /** BYE sent, waiting for its response. */
    TERMINATING,
    /** Over. */
    TERMINATED;

    /** Whether the dialog still needs a BYE/CANCEL/final response from us to end. */
    public boolean alive() {
        return this != TERMINATING && this != TERMINATED;
    }
}
