package dev.cti.gateway.b2bua;

import dev.cti.gateway.media.sdp.NegotiatedMedia;
import dev.cti.gateway.sip.SipEvent;
import dev.cti.link.message.ClearCause;
import dev.cti.protocol.sdp.SdpException;
import dev.cti.protocol.sdp.SdpParser;
import javax.sip.SipException;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-dialog routing of one call, in one place: every SIP request, response and transaction timeout the B2BUA
 * routed to a leg of this call arrives here (after {@link InDialogGuard} admitted a request). Requests go to the
 * part that serves the method (BYE and CANCEL end legs here, re-INVITE/UPDATE to {@link CallReInvites}, REFER to
 * {@link CallTransfers}, INFO to {@link CallKeys}); responses to our BYEs end legs here, those to our session refreshes go to
 * {@link CallSessionTimers}, and the outcome of a leg's initial INVITE moves the leg's machine here and then goes
 * to the leg's {@link LegOwner}: provisional, usable answer (ACKed, SDP accepted, media configured), failure,
 * timeout. Runs on the call's executor.
 */
final class CallDialogs {
    private static final Logger LOG = LoggerFactory.getLogger(CallDialogs.class);

    private final Call call;
    private final CallKeys keys;

    CallDialogs(Call call) {
        this.call = call;
        this.keys = new CallKeys(call);
    }

    /** The keys pressed on the call's legs (SIP INFO here, RFC 4733 from the router's media listener). */
    CallKeys keys() {
        return keys;
    }

    // ---------------------------------------------------------------- requests

    void onRequest(SipLeg leg, SipEvent.RequestReceived event) {
        switch (event.method()) {
            case Request.ACK -> {
                if (leg.fsm.is(LegState.ANSWERED)) {
                    leg.fsm.fire(LegTrigger.ACK_RECEIVED);
                }
            }
            case Request.BYE -> {
                call.services().sip().messenger().respond(event, Response.OK);
                leg.fsm.fire(LegTrigger.BYE_RECEIVED);
                byeReceived(leg);
            }
            case Request.CANCEL -> onCancel(leg, event);
            case Request.INVITE, "UPDATE" -> call.reInvites().onReInvite(leg, event);
            case Request.REFER -> call.transfers().onRefer(leg, event);
            case Request.INFO -> keys.onInfo(leg, event);
            case Request.NOTIFY -> call.services().sip().messenger().respond(event, Response.OK);
            default -> call.services().sip().messenger().respond(event, Response.METHOD_NOT_ALLOWED);
        }
    }

    private void byeReceived(SipLeg leg) {
        if (leg == call.caller()) {
            boolean talking = call.is(CallPhase.CONNECTED) || call.is(CallPhase.HELD)
                    || call.is(CallPhase.HELD_BY_SERVER) || call.is(CallPhase.CONSULTING)
                    || call.is(CallPhase.CONFERENCING)
                    || call.is(CallPhase.TRANSFERRING) || call.is(CallPhase.EXTERNAL);
            call.end(talking ? ClearCause.CALLER_HANGUP : ClearCause.ABANDONED, leg);
        } else if (leg == call.agent()) {
            if (!call.consult().agentLeft(leg) && !call.menu().agentLeft(leg, ClearCause.AGENT_HANGUP)) {
                call.end(ClearCause.AGENT_HANGUP, leg);
            }
        } else if (leg.role == LegRole.EXTERNAL && call.is(CallPhase.EXTERNAL)) {
            call.end(ClearCause.TRANSFERRED, leg);
        } else if (!call.consult().onBye(leg) && !call.monitor().onSupervisorBye(leg)) {
            call.legs().release(leg); // an old agent leg that we had already left
        }
    }

    private void onCancel(SipLeg leg, SipEvent.RequestReceived event) {
        call.services().sip().messenger().respond(event, Response.OK);
        SipLeg caller = call.caller();
        if (leg == caller && caller.fsm.is(LegState.OFFERED)) {
            try {
                caller.inviteServer.sendResponse(call.services().sip().messenger().createResponse(
                        caller.inviteServer.getRequest(), Response.REQUEST_TERMINATED));
            } catch (SipException | javax.sip.InvalidArgumentException e) {
                LOG.debug("call {}: cannot send 487: {}", call.id(), e.toString());
            }
            caller.fsm.fire(LegTrigger.REJECT_SENT);
            call.end(ClearCause.ABANDONED, caller);
        }
    }

    // ---------------------------------------------------------------- responses

    void onResponse(SipLeg leg, SipEvent.ResponseReceived event) {
        if (Request.BYE.equals(event.method())) {
            if (leg.fsm.is(LegState.TERMINATING)) {
                leg.fsm.fire(LegTrigger.BYE_DONE);
                call.legs().release(leg);
            }
            return;
        }
        if (Request.NOTIFY.equals(event.method()) && call.remoteAnswer().onResponse(event)) {
            return;
        }
        if (!Request.INVITE.equals(event.method())) {
            return; // CANCEL, NOTIFY of a REFER: nothing depends on their answers
        }
        if (call.sessions().onRefreshResponse(leg, event)) {
            return; // (a leg without a session timer, as a supervisor's, never has a refresh pending)
        }
        LegOwner owner = ownerOf(leg);
        int status = event.status();
        if (status < 200) {
            if (status > 100 && leg.fsm.accepts(LegTrigger.PROVISIONAL)) {
                boolean first = leg.fsm.is(LegState.CALLING);
                leg.fsm.fire(LegTrigger.PROVISIONAL);
                owner.onProgress(leg, first);
            }
            if (status > 100 && leg.cancelOnProvisional) {
                leg.cancelOnProvisional = false;
                try {
                    call.services().sip().cancel(leg.inviteClient);
                } catch (SipException | RuntimeException e) {
                    LOG.info("call {}: cannot CANCEL the {} leg: {}", call.id(), leg.role, e.toString());
                }
            }
            return;
        }
        leg.cancelOnProvisional = false;
        if (status < 300) {
            onSuccess(leg, owner, event);
            return;
        }
        if (call.trunkAuth().onInviteResponse(leg, event)) {
            return; // the trunk challenged our INVITE: re-sent with credentials, still ringing
        }
        if (leg.fsm.accepts(LegTrigger.FAILURE)) {
            leg.fsm.fire(LegTrigger.FAILURE);
        }
        call.legs().release(leg);
        owner.onFailed(leg, status, event.response().getReasonPhrase());
    }

    /** A 2xx to a leg's INVITE: ACKed (again), then the owner's answer, or the dialog ended when it is not wanted. */
    private void onSuccess(SipLeg leg, LegOwner owner, SipEvent.ResponseReceived event) {
        if (leg.dialog == null && event.clientTransaction() != null) {
            leg.dialog = event.clientTransaction().getDialog();
        }
        if (leg.dialog == null && event.raw() != null) {
            leg.dialog = event.raw().getDialog();
        }
        try {
            call.services().sip().ack(leg.dialog, event.response());
        } catch (SipException | RuntimeException e) {
            LOG.warn("call {}: cannot ACK the {} leg: {}", call.id(), leg.role, e.toString());
        }
        if (leg.fsm.is(LegState.CONFIRMED)) {
            return; // a retransmitted 200: ACKed again above
        }
        boolean wanted = leg.fsm.accepts(LegTrigger.SUCCESS) && leg.fsm.state() != LegState.CANCELLING
                && owner.wantsAnswer(leg);
        NegotiatedMedia answer = null;
        if (wanted) {
            try {
                String body = SipSupport.body(event.response());
                answer = call.legs().negotiator(call.customerCodec(), leg)
                        .accept(SdpParser.parse(body == null ? "" : body));
            } catch (SdpException e) {
                LOG.info("call {}: unusable SDP answer from the {} leg: {}", call.id(), leg.role, e.getMessage());
                wanted = false;
            }
        }
        if (!wanted) {
            // Answered too late (cancelled, stopped, call over) or unusable: end that dialog at once.
            if (leg.fsm.accepts(LegTrigger.SUCCESS)) {
                leg.fsm.fire(LegTrigger.SUCCESS);
            }
            if (leg.fsm.is(LegState.CONFIRMED)) {
                call.legs().sendBye(leg);
            } else if (leg.fsm.is(LegState.TERMINATING)) {
                call.legs().byeOnly(leg);
            }
            owner.onFailed(leg, Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here");
            return;
        }
        leg.fsm.fire(LegTrigger.SUCCESS);
        leg.negotiated = answer;
        leg.signallingHost = SipSupport.packetSource(event.response());
        leg.media.configure(leg.remoteMedia(answer));
        call.legs().startDtlsIfAgreed(leg, answer); // a browser's answer to our DTLS-SRTP offer
        owner.onAnswered(leg, event);
    }

    // ---------------------------------------------------------------- timeouts

    void onTimeout(SipLeg leg, SipEvent.TransactionTimedOut timeout) {
        if (!Request.INVITE.equals(timeout.method())) {
            if (leg.fsm.is(LegState.TERMINATING)) {
                leg.fsm.fire(LegTrigger.TIMEOUT);
                call.legs().release(leg);
            }
            return;
        }
        if (timeout.serverSide()) {
            if (leg == call.caller() && leg.fsm.is(LegState.ANSWERED)) {
                leg.fsm.fire(LegTrigger.TIMEOUT); // our 200 was never ACKed: the caller is gone
                call.end(ClearCause.FAILED, leg);
            }
            return;
        }
        if (call.sessions().onRefreshTimeout(leg)) {
            return;
        }
        leg.cancelOnProvisional = false;
        if (leg.fsm.accepts(LegTrigger.TIMEOUT)) {
            leg.fsm.fire(LegTrigger.TIMEOUT);
        }
        call.legs().release(leg);
        ownerOf(leg).onTimeout(leg);
    }

    /** The caller's inbound leg has no owner: the outcome of an INVITE on it changes nothing beyond the leg. */
    private static LegOwner ownerOf(SipLeg leg) {
        return leg.owner != null ? leg.owner : NO_OWNER;
    }

    private static final LegOwner NO_OWNER = new LegOwner() {
        @Override
        public void onProgress(SipLeg leg, boolean first) { }

        @Override
        public boolean wantsAnswer(SipLeg leg) {
            return false;
        }

        @Override
        public void onAnswered(SipLeg leg, SipEvent.ResponseReceived ok) { }

        @Override
        public void onFailed(SipLeg leg, int status, String reason) { }
    };
}
