package dev.cti.gateway.b2bua;

import dev.cti.gateway.sip.SipEvent;
import dev.cti.gateway.sip.SipHeaders;
import dev.cti.link.message.ClearCause;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.sdp.SdpException;
import dev.cti.protocol.sdp.SdpParser;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.SipException;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 4028 session timers for a call's legs: negotiation on the caller's INVITE (422 with Min-SE below our
 * minimum, Session-Expires and Require: timer in the 200), Session-Expires offered on our own INVITEs, refresh
 * re-INVITEs when we are the refresher, and clearing the call (SESSION_TIMER) when a refresh is missed or fails
 * with 408/481/timeout. Runs on the call's executor.
 */
final class CallSessionTimers {
    private static final Logger LOG = LoggerFactory.getLogger(CallSessionTimers.class);
    /** RFC 4028 4: the smallest Min-SE; a smaller configured interval (tests) lowers our minimum to it. */
    static final int RFC_MIN_SE = 90;

    private final Call call;

    CallSessionTimers(Call call) {
        this.call = call;
    }

    private int configured() {
        return call.services().config().network().sip().sessionExpiresSeconds();
    }

    int minSe() {
        return Math.max(1, Math.min(RFC_MIN_SE, configured()));
    }

    /**
     * Reads the caller's Session-Expires: returns 422 when it is below our Min-SE, else 0 after storing the
     * timer the 200 will announce.
     */
    int negotiateInbound(SipLeg leg, Request invite) {
        OptionalInt asked = SessionTimer.interval(invite);
        if (configured() <= 0) {
            return 0;
        }
        if (asked.isPresent() && asked.getAsInt() < minSe()) {
            return 422;
        }
        int interval = asked.isPresent() ? Math.min(asked.getAsInt(), Math.max(configured(), minSe()))
                : configured();
        leg.peerSupportsTimer = SessionTimer.supportsTimer(invite);
        boolean peerRefreshes = leg.peerSupportsTimer && !"uas".equals(SessionTimer.refresherParam(invite));
        leg.session = new SessionTimer(interval, peerRefreshes ? SessionTimer.Refresher.PEER
                : SessionTimer.Refresher.US);
        return 0;
    }

    /** Min-SE for a 422. */
    void addMinSe(Response r) {
        r.addHeader(SipHeaders.create(call.services().sip().messenger().headerFactory(), "Min-SE",
                Integer.toString(minSe())));
    }

    /**
     * Session-Expires (and Require: timer when the peer supports it) on our 2xx to the peer's INVITE or refresh:
     * {@code refresher=uac} when the peer (the UAC of that transaction) refreshes.
     */
    void addToAnswer(SipLeg leg, Response r) {
        SessionTimer t = leg.session;
        if (t == null) {
            return;
        }
        // Roles are those of the transaction answered: the peer is its UAC.
        String who = t.refresher == SessionTimer.Refresher.PEER ? "uac" : "uas";
        var hf = call.services().sip().messenger().headerFactory();
        r.addHeader(SipHeaders.create(hf, "Session-Expires", t.intervalSeconds + ";refresher=" + who));
        if (leg.peerSupportsTimer) {
            r.addHeader(SipHeaders.create(hf, "Require", "timer"));
        }
    }

    /** Supported: timer and our Session-Expires on an INVITE we send (the answerer picks the refresher). */
    void addToInvite(Request invite) {
        if (configured() <= 0) {
            return;
        }
        var hf = call.services().sip().messenger().headerFactory();
        invite.addHeader(SipHeaders.create(hf, "Supported", "timer"));
        invite.addHeader(SipHeaders.create(hf, "Session-Expires", Integer.toString(configured())));
        invite.addHeader(SipHeaders.create(hf, "Min-SE", Integer.toString(minSe())));
    }

    /** Reads the 2xx to our INVITE: a Session-Expires there starts the leg's timer. */
    void onAnswered(SipLeg leg, Message ok) {
        OptionalInt interval = SessionTimer.interval(ok);
        if (interval.isEmpty() || interval.getAsInt() <= 0) {
            return;
        }
        leg.peerSupportsTimer = true;
        leg.session = new SessionTimer(interval.getAsInt(), "uac".equals(SessionTimer.refresherParam(ok))
                ? SessionTimer.Refresher.US : SessionTimer.Refresher.PEER);
        arm(leg);
    }

    /** (Re)starts the leg's timer from now: after our answer, a peer refresh or a successful own refresh. */
    void arm(SipLeg leg) {
        SessionTimer t = leg.session;
        if (t == null) {
            return;
        }
        t.cancel();
        t.task = call.services().timers().schedule(() -> call.executor().execute(() -> fire(leg, t)), t.delaySeconds(),
                TimeUnit.SECONDS);
    }

    void cancel(SipLeg leg) {
        if (leg.session != null) {
            leg.session.cancel();
        }
    }

    private void fire(SipLeg leg, SessionTimer t) {
        if (leg.session != t || call.phase() == CallPhase.ENDED || !leg.fsm.is(LegState.CONFIRMED)
                && !leg.fsm.is(LegState.ANSWERED)) {
            return;
        }
        if (t.refresher == SessionTimer.Refresher.PEER || t.refreshPending) {
            LOG.info("call {}: session refresh missed on the {} leg", call.id(), leg.role);
            call.end(ClearCause.SESSION_TIMER, null);
            return;
        }
        refresh(leg, t);
    }

    private void refresh(SipLeg leg, SessionTimer t) {
        try {
            Request reinvite = leg.dialog.createRequest(Request.INVITE);
            var hf = call.services().sip().messenger().headerFactory();
            reinvite.addHeader(call.services().sip().contact(null));
            reinvite.addHeader(SipHeaders.create(hf, "Supported", "timer"));
            reinvite.addHeader(SipHeaders.create(hf, "Session-Expires", t.intervalSeconds + ";refresher=uac"));
            String sdp = call.legs().negotiator(leg.codecOr(G711.PCMU), leg).offer(leg.media.localPort(),
                    leg.localDirection, leg.sdpSessionId, leg.nextSdpVersion());
            call.services().sip().setBody(reinvite, "application", "sdp", sdp);
            ClientTransaction ct = call.services().sip().provider().getNewClientTransaction(reinvite);
            leg.dialog.sendRequest(ct);
            t.refreshPending = true;
            // If no final answer comes, the transaction times out (Timer B) and onTimeout clears the call.
            arm(leg);
        } catch (SipException | RuntimeException e) {
            LOG.info("call {}: cannot refresh the {} leg: {}", call.id(), leg.role, e.toString());
            call.end(ClearCause.SESSION_TIMER, null);
        }
    }

    /** A response to our refresh re-INVITE; false when the response is not one. */
    boolean onRefreshResponse(SipLeg leg, SipEvent.ResponseReceived event) {
        SessionTimer t = leg.session;
        if (t == null || !t.refreshPending || !leg.fsm.is(LegState.CONFIRMED)) {
            return false;
        }
        int status = event.status();
        if (status < 200) {
            return true;
        }
        t.refreshPending = false;
        if (status < 300) {
            try {
                call.services().sip().ack(leg.dialog, event.response());
                String body = SipSupport.body(event.response());
                if (body != null) {
                    var answer = call.legs().negotiator(leg.codecOr(G711.PCMU), leg).accept(SdpParser.parse(body));
                    leg.negotiated = answer;
                    leg.media.configure(leg.remoteMedia(answer));
                }
            } catch (SipException | SdpException | RuntimeException e) {
                LOG.info("call {}: refresh answer of the {} leg unusable: {}", call.id(), leg.role, e.toString());
            }
            arm(leg);
        } else if (status == Response.REQUEST_PENDING) {
            t.cancel();
            t.task = call.services().timers().schedule(() -> call.executor().execute(() -> refresh(leg, t)), 1,
                    TimeUnit.SECONDS);
        } else {
            LOG.info("call {}: session refresh of the {} leg failed with {}", call.id(), leg.role, status);
            call.end(ClearCause.SESSION_TIMER, null);
        }
        return true;
    }

    /** Our refresh got no answer at all: the peer is gone. False when the timeout was not of a refresh. */
    boolean onRefreshTimeout(SipLeg leg) {
        if (leg.session == null || !leg.session.refreshPending || !leg.fsm.is(LegState.CONFIRMED)) {
            return false;
        }
        call.end(ClearCause.SESSION_TIMER, null);
        return true;
    }
}
