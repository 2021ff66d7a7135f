package dev.cti.gateway.b2bua;

/** What can happen to one SIP leg (inputs of {@link LegTransitions}). */
public enum LegTrigger {
    ANSWER_SENT, ACK_RECEIVED, REJECT_SENT,
    PROVISIONAL, SUCCESS, FAILURE, CANCEL_SENT,
    BYE_SENT, BYE_RECEIVED, BYE_DONE, TIMEOUT
}
