package dev.cti.gateway.b2bua;

import dev.cti.gateway.media.sdp.SdpNegotiator;
import dev.cti.gateway.sip.SipEvent;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallResumed;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.sdp.MediaDirection;
import dev.cti.protocol.sdp.SdpException;
import dev.cti.protocol.sdp.SdpParser;
import javax.sip.SipException;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-INVITEs and UPDATEs on an established leg of a call (RFC 3264 8): answered with the codec in use and the
 * mirrored direction; from the agent, sendonly/inactive (or the old c=0.0.0.0) puts the caller on music on hold
 * (CallHeld) and sendrecv/recvonly takes it off (CallResumed); from the caller's side only the media target is
 * updated. Every one also counts as an RFC 4028 session refresh. Runs on the call's executor.
 */
final class CallReInvites {
    private static final Logger LOG = LoggerFactory.getLogger(CallReInvites.class);

    private final Call call;

    CallReInvites(Call call) {
        this.call = call;
    }

    /** A re-INVITE on an established leg: answer with the same codec and the mirrored direction (RFC 3264 8). */
    void onReInvite(SipLeg leg, SipEvent.RequestReceived event) {
        if (!(leg.fsm.is(LegState.CONFIRMED) || leg.fsm.is(LegState.ANSWERED)) || leg.media == null
                || leg.session != null && leg.session.refreshPending) {
            // glare with our own refresh: 491
            call.services().sip().messenger().respond(event, Response.REQUEST_PENDING);
            return;
        }
        String body = SipSupport.body(event.request());
        String sdp;
        MediaDirection remoteDirection;
        if (body == null && "UPDATE".equals(event.method())) {
            // A session refresh by UPDATE without SDP: media unchanged.
            call.services().sip().messenger().respond(event, Response.OK, r -> call.sessions().addToAnswer(leg, r));
            call.sessions().arm(leg);
            return;
        }
        if (body == null) {
            // Offer-less re-INVITE: we offer in the 200, the ACK carries the answer (same media as now).
            sdp = call.legs().negotiator(leg.codecOr(G711.PCMU), leg).offer(leg.media.localPort(),
                    MediaDirection.SENDRECV, leg.sdpSessionId, leg.nextSdpVersion());
            remoteDirection = MediaDirection.SENDRECV;
        } else {
            try {
                SdpNegotiator.Answer answer = call.legs().negotiator(leg.codecOr(G711.PCMU), leg)
                        .answer(SdpParser.parse(body), leg.media.localPort(), leg.sdpSessionId, leg.nextSdpVersion());
                leg.negotiated = answer.media();
                leg.signallingHost = SipSupport.packetSource(event.request()); // a phone that moved: media follows
                leg.media.configure(leg.remoteMedia(answer.media()));
                call.legs().startDtlsIfAgreed(leg, answer.media());
                sdp = answer.sdp();
                remoteDirection = answer.media().remoteDirection();
                if ("0.0.0.0".equals(answer.media().remoteAddress())) {
                    remoteDirection = MediaDirection.INACTIVE; // RFC 2543 hold
                }
            } catch (SdpException e) {
                LOG.info("call {}: unusable re-INVITE SDP from the {} leg: {}", call.id(), leg.role, e.getMessage());
                call.services().sip().messenger().respond(event, Response.NOT_ACCEPTABLE_HERE);
                return;
            }
        }
        var st = call.services().sip().messenger().serverTransaction(event);
        try {
            if (st == null) {
                return;
            }
            Response ok = call.services().sip().response(event.request(), Response.OK, sdp, event.transport());
            call.sessions().addToAnswer(leg, ok);
            st.sendResponse(ok);
        } catch (SipException | javax.sip.InvalidArgumentException e) {
            LOG.warn("call {}: cannot answer the re-INVITE: {}", call.id(), e.toString());
            return;
        }
        leg.localDirection = remoteDirection.answer();
        call.sessions().arm(leg); // any re-INVITE or UPDATE refreshes the session (RFC 4028 10)
        if (leg == call.agent()) {
            boolean hold = remoteDirection == MediaDirection.SENDONLY || remoteDirection == MediaDirection.INACTIVE;
            if (hold && call.is(CallPhase.HELD_BY_SERVER)) {
                call.held(CallHold.Holder.PHONE, call.now()); // held (and announced) already: from now on the phone's
            } else if (hold && call.is(CallPhase.CONNECTED)) {
                call.held(CallHold.Holder.PHONE, call.now());
                call.musicToCaller();
                call.emit(new CallHeld(call.id(), leg.agentId, call.heldAt()));
                call.publishView();
            } else if (!hold && call.is(CallPhase.HELD)) {
                call.resumed(CallHold.Holder.PHONE);
                call.services().media().stopPlaying(call.caller().media);
                call.holds().stopSilence();
                call.emit(new CallResumed(call.id(), leg.agentId, call.now()));
                call.publishView();
            }
        }
    }
}
