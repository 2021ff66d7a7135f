package dev.cti.agent.phone;

import dev.cti.privacy.PhoneMask;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.sdp.MediaDirection;
import dev.cti.protocol.sdp.SdpException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests that reach the phone: a call ringing in (and the gateway's answer-after=0 monitor call, answered at once),
 * the far end's re-INVITE / UPDATE, ACK, BYE, CANCEL, and NOTIFY (a REFER's progress, or the gateway's remote answer
 * {@code Event: talk}), OPTIONS. Also the answer itself (our 200 OK with SDP), which the agent's command, auto-answer
 * and remote answer share. Runs on the phone thread.
 */
final class InboundRequests {
    private static final Logger LOG = LoggerFactory.getLogger(InboundRequests.class);

    private final PhoneContext ctx;
    private final RemoteControl remoteControl;

    InboundRequests(PhoneContext ctx, RemoteControl remoteControl) {
        this.ctx = ctx;
        this.remoteControl = remoteControl;
    }

    void onRequest(RequestEvent e) {
        Request r = e.getRequest();
        SipMessages sip = ctx.sip;
        Call call = ctx.call;
        try {
            switch (r.getMethod()) {
                case Request.INVITE -> {
                    if (call != null && e.getDialog() != null && e.getDialog() == call.dialog) onReinvite(e);
                    else onInvite(e);
                }
                case "UPDATE" -> {
                    if (call != null && e.getDialog() != null && e.getDialog() == call.dialog && SipMessages.body(r) != null) {
                        onReinvite(e); // an offer in UPDATE is answered like a re-INVITE's
                    } else {
                        sip.respond(sip.serverTx(e), call != null && e.getDialog() == call.dialog ? Response.OK
                                : Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST); // a session refresh without SDP
                    }
                }
                case Request.ACK -> onAck(r);
                case Request.BYE -> onBye(e);
                case Request.CANCEL -> onCancel(e);
                case Request.NOTIFY -> onNotify(e);
                case Request.OPTIONS -> sip.respond(sip.serverTx(e), Response.OK);
                default -> sip.respond(sip.serverTx(e), Response.NOT_IMPLEMENTED);
            }
        } catch (Exception ex) {
            LOG.warn("{}: {} handling failed: {}", ctx.settings.extension(), r.getMethod(), ex.toString());
        }
    }

    private void onInvite(RequestEvent e) throws Exception {
        SipMessages sip = ctx.sip;
        CallMachine machine = ctx.machine;
        Request r = e.getRequest();
        ServerTransaction st = sip.serverTx(e);
        // The offer is checked before the machine moves, so a refused offer never shows as ringing.
        Sdp.Audio remote = null;
        String unusable = null;
        try {
            remote = Sdp.parse(SipMessages.body(r));
            if (remote.preferredLaw() == null) {
                unusable = "no PCMU/PCMA offered";
            }
        } catch (SdpException ex) {
            unusable = ex.getMessage();
        }
        if (unusable != null && machine.state() == CallState.IDLE) {
            LOG.info("{}: INVITE refused with 488: {}", ctx.settings.extension(), unusable);
            sip.respond(st, Response.NOT_ACCEPTABLE_HERE);
            return;
        }
        if (!machine.fire(CallEvent.INCOMING_INVITE)) {
            sip.respond(st, Response.BUSY_HERE);
            return;
        }
        String from = ((SipURI) ((FromHeader) r.getHeader(FromHeader.NAME)).getAddress().getURI()).getUser();
        Call c = new Call(((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId(), true, from == null ? "" : from);
        c.inviteTx = st;
        c.dialog = st.getDialog();
        ctx.call = c;
        c.remote = remote;
        Response ringing = sip.messages.createResponse(Response.RINGING, r);
        ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag(sip.newTag());
        ringing.addHeader(sip.contact());
        st.sendResponse(ringing);
        boolean autoAnswer = ctx.settings.autoAnswerFromRegistrar() && RemoteControl.asksAnswerAfterZero(r)
                && remoteControl.fromRegistrar(r);
        JsonObject incoming = ctx.emit("incoming").put("from", PhoneMask.mask(c.number));
        long autoAnswerMs = ctx.autoAnswerMs;
        if (autoAnswer) {
            incoming.put("autoAnswer", true); // the gateway's monitor call (Call-Info answer-after=0)
            answer().put("autoAnswered", true);
        } else if (autoAnswerMs >= 0) {
            c.autoAnswer = ctx.phoneThread.schedule(() -> {
                if (ctx.call == c && machine.state() == CallState.RINGING) {
                    try {
                        machine.fire(CallEvent.ANSWER);
                        answer();
                    } catch (Exception ex) {
                        LOG.warn("{}: auto-answer failed: {}", ctx.settings.extension(), ex.toString());
                    }
                }
            }, autoAnswerMs, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A NOTIFY. In a dialog (a REFER's progress) it is acknowledged as before. Outside one, {@code Event: talk}
     * from our registrar answers the ringing call (200, then our 200 OK to its INVITE; 481 when nothing rings,
     * 403 from anyone else); other events get 489 Bad Event (RFC 6665 8.2.1).
     */
    private void onNotify(RequestEvent e) throws Exception {
        SipMessages sip = ctx.sip;
        Request r = e.getRequest();
        ServerTransaction st = sip.serverTx(e);
        if (!RemoteControl.outOfDialog(r)) {
            sip.respond(st, Response.OK);
            return;
        }
        if (!"talk".equals(RemoteControl.eventPackage(r))) {
            sip.respond(st, Response.BAD_EVENT);
            return;
        }
        if (!remoteControl.fromRegistrar(r)) {
            LOG.info("{}: NOTIFY talk refused: not from our registrar", ctx.settings.extension());
            sip.respond(st, Response.FORBIDDEN);
            return;
        }
        Call call = ctx.call;
        if (call == null || !call.inbound || ctx.machine.state() != CallState.RINGING) {
            sip.respond(st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        sip.respond(st, Response.OK);
        answer().put("remoteAnswer", true);
    }

    /** Sends 200 OK with our answer and starts media; moves a still ringing machine to CONNECTED first. */
    JsonObject answer() throws Exception {
        SipMessages sip = ctx.sip;
        Call c = ctx.call;
        if (ctx.machine.state() == CallState.RINGING) ctx.machine.fire(CallEvent.ANSWER);
        G711 law = c.remote.preferredLaw();
        c.rtp = ctx.openMedia();
        MediaDirection dir = c.remote.direction().answer();
        ctx.applyRemote(c, dir);
        Response ok = sip.messages.createResponse(Response.OK, c.inviteTx.getRequest());
        ToHeader to = (ToHeader) ok.getHeader(ToHeader.NAME);
        if (to.getTag() == null) to.setTag(c.dialog != null && c.dialog.getLocalTag() != null ? c.dialog.getLocalTag() : sip.newTag());
        ok.addHeader(sip.contact());
        sip.setSdp(ok, Sdp.answer(c.remote, law, ctx.settings.bindHost(), c.rtp.localPort(), c.sessionId, c.sdpVersion, dir));
        c.inviteTx.sendResponse(ok);
        c.dialog = c.inviteTx.getDialog();
        c.rtp.start();
        return ctx.emit("answered").put("law", law.name());
    }

    private void onReinvite(RequestEvent e) throws Exception {
        SipMessages sip = ctx.sip;
        CallMachine machine = ctx.machine;
        ServerTransaction st = sip.serverTx(e);
        Call c = ctx.call;
        if (!machine.fire(CallEvent.REMOTE_REINVITE)) {
            sip.respond(st, Response.REQUEST_PENDING); // glare with our own re-INVITE (RFC 3261 14.2)
            return;
        }
        MediaDirection mine = machine.state() == CallState.HELD ? MediaDirection.SENDONLY : MediaDirection.SENDRECV;
        String body = SipMessages.body(e.getRequest());
        MediaDirection answerDir = mine;
        if (body != null) {
            try {
                Sdp.Audio offer = Sdp.parse(body);
                if (offer.preferredLaw() == null) throw new SdpException(0, "no PCMU/PCMA");
                c.remote = offer;
                answerDir = mine.intersect(offer.direction().answer());
                ctx.applyRemote(c, answerDir);
                ctx.noteRemoteHold(c, offer.direction());
            } catch (SdpException ex) {
                sip.respond(st, Response.NOT_ACCEPTABLE_HERE);
                return;
            }
        }
        Response ok = sip.messages.createResponse(Response.OK, e.getRequest());
        ok.addHeader(sip.contact());
        c.sdpVersion++;
        String bindHost = ctx.settings.bindHost();
        String sdp = body != null
                ? Sdp.answer(c.remote, c.rtp.remote().law(), bindHost, c.rtp.localPort(), c.sessionId, c.sdpVersion, answerDir)
                : Sdp.offer(bindHost, c.rtp.localPort(), c.sessionId, c.sdpVersion, mine);
        sip.setSdp(ok, sdp);
        st.sendResponse(ok);
    }

    private void onAck(Request ack) {
        Call c = ctx.call;
        String body = SipMessages.body(ack);
        if (c == null || c.rtp == null || body == null) return;
        try { // the answer to the offer we put in a 200 (re-INVITE without SDP)
            c.remote = Sdp.parse(body);
            MediaDirection mine = ctx.machine.state() == CallState.HELD ? MediaDirection.SENDONLY : MediaDirection.SENDRECV;
            ctx.applyRemote(c, mine.intersect(c.remote.direction().answer()));
            ctx.noteRemoteHold(c, c.remote.direction());
        } catch (SdpException ex) {
            LOG.info("{}: unusable SDP in ACK: {}", ctx.settings.extension(), ex.getMessage());
        }
    }

    private void onBye(RequestEvent e) throws Exception {
        SipMessages sip = ctx.sip;
        ServerTransaction st = sip.serverTx(e);
        Call call = ctx.call;
        if (call == null || e.getDialog() != call.dialog || !ctx.machine.fire(CallEvent.REMOTE_BYE)) {
            sip.respond(st, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        sip.respond(st, Response.OK);
        ctx.emit("hangup").put("by", "remote");
        ctx.endCall();
    }

    private void onCancel(RequestEvent e) throws Exception {
        SipMessages sip = ctx.sip;
        sip.respond(sip.serverTx(e), Response.OK);
        Call c = ctx.call;
        if (c == null || !c.inbound || c.inviteTx == null
                || !c.sipCallId.equals(((CallIdHeader) e.getRequest().getHeader(CallIdHeader.NAME)).getCallId())) {
            return;
        }
        if (!ctx.machine.fire(CallEvent.REMOTE_CANCEL)) return;
        sip.respond(c.inviteTx, Response.REQUEST_TERMINATED);
        ctx.emit("cancelled");
        ctx.endCall();
    }
}
