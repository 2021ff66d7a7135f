package dev.cti.gateway.b2bua;

import dev.cti.gateway.media.MediaLeg;
import dev.cti.gateway.media.sdp.SdpNegotiator;
import dev.cti.gateway.sip.SipEvent;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.ClearCause;
import dev.cti.privacy.PhoneMask;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.sdp.SdpException;
import dev.cti.protocol.sdp.SdpParser;
import java.util.List;
import javax.sip.SipException;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The customer's inbound INVITE from the trunk: 100 Trying, the caller's leg (UAS, the one leg without a
 * {@link LegOwner}), the SDP offer checked, the session interval negotiated (422 when too small), an RTP leg, then
 * 200 with our answer, {@code CallOffered} and the queue's greeting; the refusals (488, 503, 422) end the call
 * FAILED. Runs on the call's executor.
 */
final class CallInbound {
    private static final Logger LOG = LoggerFactory.getLogger(CallInbound.class);

    private final Call call;

    CallInbound(Call call) {
        this.call = call;
    }

    /** A new INVITE from the trunk for the call's queue: 100, allocate RTP, then 200 with the SDP answer. */
    void start(SipEvent.RequestReceived invite) {
        call.callerIs(call.legs().newLeg(LegRole.CALLER, SipSupport.callId(invite.request()), LegState.OFFERED));
        call.legs().secureIfTls(call.caller(), "TLS".equalsIgnoreCase(invite.transport()));
        call.caller().inviteServer = call.services().sip().messenger().serverTransaction(invite);
        if (call.caller().inviteServer == null) {
            call.end(ClearCause.FAILED, null); // a retransmission raced its original: nothing to answer
            return;
        }
        try {
            call.caller().inviteServer.sendResponse(call.services().sip().messenger().createResponse(invite.request(),
                    Response.TRYING));
            call.caller().dialog = call.services().sip().provider().getNewDialog(call.caller().inviteServer);
        } catch (SipException | javax.sip.InvalidArgumentException e) {
            LOG.warn("call {}: cannot start the caller dialog: {}", call.id(), e.toString());
            call.end(ClearCause.FAILED, null);
            return;
        }
        String body = SipSupport.body(invite.request());
        final dev.cti.protocol.sdp.SessionDescription offer;
        try {
            if (body == null) {
                throw new SdpException(0, "INVITE without SDP (late offer is not supported)");
            }
            offer = SdpParser.parse(body);
        } catch (SdpException e) {
            LOG.info("call {}: unusable SDP offer: {}", call.id(), e.getMessage());
            call.services().metrics().callRefused("bad_sdp");
            rejectCaller(Response.NOT_ACCEPTABLE_HERE);
            return;
        }
        if (call.sessions().negotiateInbound(call.caller(), invite.request()) == Call.SESSION_INTERVAL_TOO_SMALL) {
            try {
                Response tooSmall = call.services().sip().messenger().createResponse(invite.request(),
                        Call.SESSION_INTERVAL_TOO_SMALL);
                call.sessions().addMinSe(tooSmall);
                call.caller().inviteServer.sendResponse(tooSmall);
            } catch (SipException | javax.sip.InvalidArgumentException e) {
                LOG.debug("call {}: cannot send 422: {}", call.id(), e.toString());
            }
            call.caller().fsm.fire(LegTrigger.REJECT_SENT);
            call.end(ClearCause.FAILED, call.caller());
            return;
        }
        call.services().media().allocateLeg().whenCompleteAsync((media, error) -> {
            if (error != null) {
                LOG.warn("call {}: no RTP leg: {}", call.id(), error.toString());
                call.services().metrics().callRefused("no_rtp_port");
                rejectCaller(Response.SERVICE_UNAVAILABLE);
                return;
            }
            onCallerMedia(invite, offer, media);
        }, call.executor());
    }

    private void onCallerMedia(SipEvent.RequestReceived invite, dev.cti.protocol.sdp.SessionDescription offer,
                               MediaLeg media) {
        call.caller().media = media;
        call.services().directory().bindMedia(media, call);
        if (!call.is(CallPhase.ANSWERING) || !call.caller().fsm.is(LegState.OFFERED)) {
            call.legs().release(call.caller()); // CANCEL or shutdown while we were allocating
            return;
        }
        SdpNegotiator.Answer answer;
        try {
            answer = call.legs().negotiator(G711.PCMU, call.caller()).answer(offer, media.localPort(),
                    call.caller().sdpSessionId, call.caller().nextSdpVersion());
        } catch (SdpException e) {
            LOG.info("call {}: {}: {}", call.id(), e.reason() != null ? "SDP offer refused" : "no common codec",
                    e.getMessage()); // an SdpException never repeats a key
            call.services().metrics().callRefused(e.reason() != null ? e.reason() : "no_common_codec");
            rejectCaller(Response.NOT_ACCEPTABLE_HERE);
            return;
        }
        call.caller().negotiated = answer.media();
        call.caller().signallingHost = SipSupport.packetSource(invite.request());
        media.configure(call.caller().remoteMedia(answer.media()));
        call.legs().startDtlsIfAgreed(call.caller(), answer.media());
        try {
            Response ok = call.services().sip().response(invite.request(), Response.OK, answer.sdp(),
                    invite.transport());
            call.sessions().addToAnswer(call.caller(), ok);
            call.caller().inviteServer.sendResponse(ok);
        } catch (SipException | javax.sip.InvalidArgumentException e) {
            LOG.warn("call {}: cannot send 200 OK: {}", call.id(), e.toString());
            call.end(ClearCause.FAILED, null);
            return;
        }
        call.caller().fsm.fire(LegTrigger.ANSWER_SENT);
        call.caller().localDirection = answer.media().remoteDirection().answer();
        call.sessions().arm(call.caller());
        call.fire(CallTrigger.ANSWERED_CALLER);
        call.markOffered();
        if (call.queue() == null) {
            call.menu().answered(); // the server runs the menu from here
            call.publishView();
            return;
        }
        LOG.info("call {} from {} answered into queue {}", call.id(), PhoneMask.mask(call.callerNumber()),
                call.queue().id());
        call.emit(new CallOffered(call.id(), call.queue().id(), call.callerNumber(), call.dialledNumber(),
                call.trunkId(), call.now()));
        call.playQueueTreatment(List.of(call.services().prompts().greeting(call.queue())));
        call.publishView();
    }

    private void rejectCaller(int status) {
        if (call.caller().fsm.is(LegState.OFFERED) && call.caller().inviteServer != null) {
            try {
                call.caller().inviteServer.sendResponse(call.services().sip().messenger().createResponse(
                        call.caller().inviteServer.getRequest(), status));
            } catch (SipException | javax.sip.InvalidArgumentException e) {
                LOG.debug("call {}: cannot send {}: {}", call.id(), status, e.toString());
            }
            call.caller().fsm.fire(LegTrigger.REJECT_SENT);
        }
        call.end(ClearCause.FAILED, call.caller());
    }

}
