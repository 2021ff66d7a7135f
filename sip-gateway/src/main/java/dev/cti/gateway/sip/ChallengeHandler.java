package dev.cti.gateway.sip;

import javax.sip.message.Response;

/**
 * Answers a digest challenge (401/407) to a request the gateway sent, wherever the request's sender has gone by then:
 * the sender sets it as the client transaction's application data, and the {@link SipDispatcher} offers it every
 * 401/407 to that transaction before anything else. A BYE is the case that needs this: by the time the trunk
 * challenges it, the call that sent it has usually ended and no longer receives its responses.
 */
@FunctionalInterface
public interface ChallengeHandler {

    /**
     * @return true when the challenge was answered (the request re-sent): the response goes no further; false to let
     *         it reach the response handlers as the failure it is
     */
    boolean onChallenge(SipEvent.ResponseReceived challenge);

    /** A 401 or 407 to a client transaction that carries a handler, offered to it. */
    static boolean offer(SipEvent.ResponseReceived response) {
        int status = response.status();
        return (status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED)
                && response.clientTransaction() != null
                && response.clientTransaction().getApplicationData() instanceof ChallengeHandler handler
                && handler.onChallenge(response);
    }
}
