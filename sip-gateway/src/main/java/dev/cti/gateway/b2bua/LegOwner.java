package dev.cti.gateway.b2bua;

import dev.cti.gateway.sip.SipEvent;

/**
 * Who a leg the gateway dialled belongs to: the part of the call that asked {@link LegDialer} for it (delivery,
 * originate, transfer, monitor). {@link CallDialogs} hands it every outcome of the leg's initial INVITE, after the
 * leg's own machine has moved: the first and later provisional responses, the usable answer, and the end without
 * one (a final failure, the transaction timeout, an answer it no longer wanted or could not use, no RTP port, an
 * INVITE that could not be sent). Called on the call's executor only.
 */
interface LegOwner {
    /** A provisional response above 100 moved the leg on; {@code first} when it left CALLING with it. */
    void onProgress(SipLeg leg, boolean first);

    /**
     * Whether a 2xx now is still wanted (asked before its SDP is read; the leg is CALLING or EARLY and not being
     * cancelled). Not wanted: the dialog is ended at once and {@link #onFailed} follows.
     */
    boolean wantsAnswer(SipLeg leg);

    /** The leg answered with usable SDP: the leg is CONFIRMED, its media configured towards the answer. */
    void onAnswered(SipLeg leg, SipEvent.ResponseReceived ok);

    /**
     * The leg ended without a usable answer: {@code status} is the final response (or 488 for an answer it could
     * not use or no longer wanted, 503 when it was never dialled); the leg is released already.
     */
    void onFailed(SipLeg leg, int status, String reason);

    /** The INVITE transaction timed out without a final response; the leg is released already. */
    default void onTimeout(SipLeg leg) {
        onFailed(leg, javax.sip.message.Response.REQUEST_TIMEOUT, "Request Timeout");
    }
}
