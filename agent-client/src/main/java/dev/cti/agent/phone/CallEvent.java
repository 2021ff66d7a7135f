package dev.cti.agent.phone;

/** What can happen to a call: agent commands and what the far end or the network does. */
public enum CallEvent {
    INCOMING_INVITE,
    ANSWER,
    REJECT,
    REMOTE_CANCEL,
    DIAL,
    REMOTE_ANSWERED,
    REMOTE_FAILED,
    REMOTE_REINVITE,
    HOLD,
    HOLD_OK,
    HOLD_FAILED,
    RESUME,
    RESUME_OK,
    RESUME_FAILED,
    TRANSFER,
    TRANSFER_ACCEPTED,
    TRANSFER_FAILED,
    HANGUP,
    REMOTE_BYE,
    ENDED
}
