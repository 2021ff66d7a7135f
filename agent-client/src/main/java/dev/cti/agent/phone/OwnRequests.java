package dev.cti.agent.phone;

import dev.cti.privacy.PhoneMask;
import dev.cti.protocol.digest.DigestClient;
import dev.cti.protocol.sdp.MediaDirection;
import dev.cti.protocol.sdp.SdpException;
import java.util.Optional;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests this phone sends for its call and what comes back for them: the outbound call's INVITE (with its
 * digest challenge, ringing, answer or failure, and the CANCEL that waits for a provisional), the hold / resume
 * re-INVITE, the REFER of a blind transfer, BYE and CANCEL, and their timeouts. (REGISTER is {@link Registration}'s.)
 * Runs on the phone thread.
 */
final class OwnRequests {
    private static final Logger LOG = LoggerFactory.getLogger(OwnRequests.class);

    private final PhoneContext ctx;

    OwnRequests(PhoneContext ctx) {
        this.ctx = ctx;
    }

    /** INVITE {@code sip:NUMBER@gateway} with our offer; the machine must allow DIAL. */
    void dial(String number) throws Exception {
        SipMessages sip = ctx.sip;
        CallIdHeader callId = sip.provider.getNewCallId();
        Call c = new Call(callId.getCallId(), false, number);
        c.rtp = ctx.openMedia();
        Request invite = sip.request(Request.INVITE, sip.gatewayUri(number), sip.aor(number), sip.newTag(), callId, 1);
        sip.setSdp(invite, Sdp.offer(ctx.settings.bindHost(), c.rtp.localPort(), c.sessionId, c.sdpVersion,
                MediaDirection.SENDRECV));
        ctx.call = c;
        ctx.machine.fire(CallEvent.DIAL);
        ctx.emit("dialing").put("to", PhoneMask.mask(number));
        c.sendInvite(sip, invite);
    }

    /** A response to anything but REGISTER. */
    void onResponse(ResponseEvent e) {
        Response r = e.getResponse();
        String method = ((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getMethod();
        try {
            Call c = ctx.call;
            if (c == null || !c.sipCallId.equals(((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId())) {
                if (r.getStatusCode() / 100 == 2 && Request.INVITE.equals(method) && e.getDialog() != null) {
                    ctx.sip.ackAndBye(e); // a late 2xx for a call we gave up
                }
                return;
            }
            switch (method) {
                case Request.INVITE -> onInviteResponse(c, e);
                case Request.REFER -> onReferResponse(r.getStatusCode());
                case Request.BYE, Request.CANCEL -> {
                    if (ctx.machine.state() == CallState.ENDING && method.equals(Request.BYE)) ctx.finishEnding();
                }
                default -> { }
            }
        } catch (Exception ex) {
            LOG.warn("{}: {} response handling failed: {}", ctx.settings.extension(), method, ex.toString());
        }
    }

    private void onInviteResponse(Call c, ResponseEvent e) throws Exception {
        CallMachine machine = ctx.machine;
        Response r = e.getResponse();
        int status = r.getStatusCode();
        CallState s = machine.state();
        if (status < 200) {
            if (s == CallState.ENDING && c.cancelPending) {
                c.cancelPending = false;
                ctx.sip.provider.getNewClientTransaction(c.outInviteTx.createCancel()).sendRequest();
            } else if (s == CallState.DIALING && status == 180) {
                ctx.emit("ringing");
            }
            return;
        }
        if (status / 100 == 2) {
            Dialog d = e.getDialog();
            d.sendAck(d.createAck(((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getSeqNumber()));
            c.dialog = d;
            switch (s) {
                case DIALING -> {
                    try {
                        c.remote = Sdp.parse(SipMessages.body(r));
                        ctx.applyRemote(c, MediaDirection.SENDRECV);
                    } catch (SdpException ex) {
                        LOG.info("{}: unusable SDP answer: {}", ctx.settings.extension(), ex.getMessage());
                        machine.fire(CallEvent.HANGUP);
                        ctx.sendInDialog(Request.BYE);
                        return;
                    }
                    machine.fire(CallEvent.REMOTE_ANSWERED);
                    c.rtp.start();
                    ctx.emit("answered").put("law", c.rtp.remote().law().name());
                }
                case HOLDING, RESUMING -> {
                    boolean holding = s == CallState.HOLDING;
                    try {
                        c.remote = Sdp.parse(SipMessages.body(r));
                    } catch (SdpException ex) {
                        LOG.info("{}: re-INVITE answer unusable, keeping old media: {}", ctx.settings.extension(),
                                ex.getMessage());
                    }
                    ctx.applyRemote(c, holding ? MediaDirection.SENDONLY : MediaDirection.SENDRECV);
                    machine.fire(holding ? CallEvent.HOLD_OK : CallEvent.RESUME_OK);
                    ctx.emit(holding ? "held" : "resumed");
                }
                case ENDING -> ctx.sendInDialog(Request.BYE); // answered while we were cancelling
                default -> { }
            }
            return;
        }
        if ((status == 401 || status == 407) && s == CallState.DIALING && ++c.authAttempts <= 2) {
            Optional<DigestClient.Challenge> ch = DigestClient.choose(SipMessages.challenges(r));
            if (ch.isPresent()) {
                c.retryInviteWithCredentials(ctx.sip, status, ch.get());
                return;
            }
        }
        switch (s) {
            case DIALING -> {
                machine.fire(CallEvent.REMOTE_FAILED);
                ctx.emit("dial-failed").put("status", status);
                ctx.endCall();
            }
            case HOLDING -> {
                machine.fire(CallEvent.HOLD_FAILED);
                ctx.emit("hold-failed").put("status", status);
            }
            case RESUMING -> {
                machine.fire(CallEvent.RESUME_FAILED);
                ctx.emit("resume-failed").put("status", status);
            }
            case ENDING -> ctx.finishEnding(); // 487 after our CANCEL
            default -> { }
        }
    }

    private void onReferResponse(int status) throws Exception {
        if (status < 200 || ctx.machine.state() != CallState.TRANSFERRING) return;
        if (status < 300) {
            ctx.machine.fire(CallEvent.TRANSFER_ACCEPTED);
            ctx.emit("transferred");
            ctx.stopMedia();
            ctx.sendInDialog(Request.BYE);
        } else {
            ctx.machine.fire(CallEvent.TRANSFER_FAILED);
            ctx.emit("transfer-failed").put("status", status);
        }
    }

    /** A request of ours (not REGISTER) went unanswered. */
    void onTimeout() {
        if (ctx.call == null) return;
        CallMachine machine = ctx.machine;
        switch (machine.state()) {
            case DIALING -> {
                machine.fire(CallEvent.REMOTE_FAILED);
                ctx.emit("dial-failed").put("status", 408);
                ctx.endCall();
            }
            case HOLDING -> machine.fire(CallEvent.HOLD_FAILED);
            case RESUMING -> machine.fire(CallEvent.RESUME_FAILED);
            case TRANSFERRING -> machine.fire(CallEvent.TRANSFER_FAILED);
            case ENDING -> ctx.finishEnding();
            default -> { }
        }
    }
}
