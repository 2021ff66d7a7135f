package dev.cti.gateway.b2bua;

/** States of one supervisor monitor session of a call. See {@link MonitorTransitions}. */
public enum MonitorState {
    /** The supervisor's phone is being called (INVITE sent or RTP leg being allocated); no mixer yet. */
    CALLING,
    /** The supervisor's phone answered and the call's mixer runs in LISTEN, WHISPER or BARGE. */
    ACTIVE,
    /**
     * Not in the link protocol's words but needed: the supervisor took the call over, the agent leg is gone and the
     * supervisor's leg is the call's agent leg; no mixer runs. The session only waits for the call to end or move,
     * to report MonitorEnded once.
     */
    TAKEN_OVER,
    /** Over; MonitorEnded was sent. */
    ENDED
}
