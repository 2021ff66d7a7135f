package dev.cti.agent.phone;

import dev.cti.agent.media.RtpSession;
import dev.cti.protocol.digest.DigestClient;
import dev.cti.protocol.sdp.MediaDirection;
import java.util.concurrent.ScheduledFuture;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;

/**
 * One call's data, SIP side and media side, and the in-dialog sends that only need the call. Touched only on the
 * seat's phone thread, like everything in the softphone.
 */
final class Call {
    final String sipCallId;
    final boolean inbound;
    final String number;
    final long sessionId = System.nanoTime() & 0x7FFFFFFFL;
    ServerTransaction inviteTx;
    ClientTransaction outInviteTx;
    Request outInvite;
    Dialog dialog;
    Sdp.Audio remote;
    RtpSession rtp;
    long sdpVersion = 1;
    boolean cancelPending;
    boolean remoteHolds;
    int authAttempts;
    int nonceCount;
    ScheduledFuture<?> autoAnswer;

    Call(String sipCallId, boolean inbound, String number) {
        this.sipCallId = sipCallId;
        this.inbound = inbound;
        this.number = number;
    }

    /** Sends a request created from the dialog (BYE, REFER, re-INVITE) in a new client transaction. */
    void send(SipMessages sip, Request inDialog) throws Exception {
        dialog.sendRequest(sip.provider.getNewClientTransaction(inDialog));
    }

    /** A re-INVITE offering our audio with {@code dir} (hold: sendonly, resume: sendrecv). */
    void reinvite(SipMessages sip, MediaDirection dir) throws Exception {
        Request invite = dialog.createRequest(Request.INVITE);
        invite.addHeader(sip.contact());
        sdpVersion++;
        sip.setSdp(invite, Sdp.offer(sip.settings.bindHost(), rtp.localPort(), sessionId, sdpVersion, dir));
        send(sip, invite);
    }

    /** Sends (or retries with credentials) our INVITE; remembers it for CANCEL and for the next challenge. */
    void sendInvite(SipMessages sip, Request invite) throws Exception {
        outInvite = invite;
        outInviteTx = sip.provider.getNewClientTransaction(invite);
        outInviteTx.sendRequest();
        dialog = outInviteTx.getDialog();
    }

    /** CANCELs our INVITE, or remembers to once a provisional response arrives (RFC 3261 9.1). */
    void cancel(SipMessages sip) throws Exception {
        try {
            sip.provider.getNewClientTransaction(outInviteTx.createCancel()).sendRequest();
        } catch (javax.sip.SipException e) {
            cancelPending = true;
        }
    }

    /** Sends our INVITE again with CSeq + 1, a new branch and the answer to a 401/407 challenge. */
    void retryInviteWithCredentials(SipMessages sip, int status, DigestClient.Challenge challenge) throws Exception {
        Request again = (Request) outInvite.clone();
        javax.sip.header.CSeqHeader cseq = (javax.sip.header.CSeqHeader) again.getHeader(javax.sip.header.CSeqHeader.NAME);
        cseq.setSeqNumber(cseq.getSeqNumber() + 1);
        again.removeHeader(javax.sip.header.ViaHeader.NAME);
        again.addHeader(sip.headers.createViaHeader(sip.settings.bindHost(), sip.localPort, "udp", null));
        sip.authorize(again, status, DigestClient.answer(challenge, sip.settings.extension(), sip.settings.sipPassword(),
                Request.INVITE, again.getRequestURI().toString(), ++nonceCount, sip.cnonce()));
        sendInvite(sip, again);
    }
}
