package dev.cti.gateway.b2bua;

import dev.cti.gateway.media.MediaLeg;
import dev.cti.gateway.media.RemoteMedia;
import dev.cti.gateway.media.sdp.MediaSecurity;
import dev.cti.gateway.media.sdp.NegotiatedMedia;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.sdp.MediaDirection;
import dev.cti.protocol.statemachine.StateMachine;
import java.net.InetAddress;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;

/**
 * One SIP dialog of a call with its RTP leg: the jain-sip handles the B2BUA needs to answer, ACK, CANCEL or BYE
 * it, and the leg's own state machine. Touched only on the owning call's serial executor.
 */
final class SipLeg {
    final LegRole role;
    final String callId;
    final StateMachine<LegState, LegTrigger> fsm;
    /** UAS: the INVITE's server transaction; UAC: null. */
    ServerTransaction inviteServer;
    /** UAC: the INVITE's client transaction (CANCEL is built from it); UAS: null. */
    ClientTransaction inviteClient;
    Dialog dialog;
    MediaLeg media;
    NegotiatedMedia negotiated;
    final long sdpSessionId;
    long sdpVersion;
    /** RFC 4028 timer of this dialog, or null when none was negotiated. */
    SessionTimer session;
    boolean peerSupportsTimer;
    /**
     * What this leg's SDP may say about SRTP: plain unless its SIP is TLS (docs/SECURITY.md). Narrowed to the agreed
     * crypto line after the first exchange, so re-offers repeat our key.
     */
    MediaSecurity security = MediaSecurity.PLAIN;
    /** Our ICE-lite credentials and DTLS fingerprint, should the peer offer DTLS-SRTP; made with the first SDP. */
    dev.cti.gateway.media.sdp.DtlsLocal dtls;
    /**
     * The peer is a browser (a seat registered over SIP/WebSocket): our offers to it are DTLS-SRTP with ICE-lite
     * (docs/MEDIA.md, "WebRTC-style legs"). Set when we dial the leg.
     */
    boolean browser;
    /** What the first DTLS-SRTP exchange agreed (re-offers repeat it), or null: not a DTLS-SRTP leg. */
    dev.cti.gateway.media.sdp.DtlsRemote agreedDtls;
    /** The direction we wrote in our last SDP (repeated in session refreshes). */
    MediaDirection localDirection = MediaDirection.SENDRECV;
    /**
     * Where the peer's SIP comes from (the packet source of its INVITE, of its 2xx, or of its last re-INVITE):
     * its media is accepted from any port of it (a phone behind NAT, see {@code SourceLatch}). Null until known.
     */
    volatile InetAddress signallingHost; // read by InDialogGuard on SIP threads too
    /** Who handles this leg's INVITE outcome (a leg we dialled; null for the caller's inbound leg). */
    LegOwner owner;
    /** Stopped before any provisional response: CANCEL goes out on the first one (RFC 3261 9.1). */
    boolean cancelOnProvisional;
    /** Agent legs: who is rung. */
    String agentId;
    volatile String extension; // read by InDialogGuard on SIP threads too

    SipLeg(LegRole role, String callId, LegState initial, long sdpSessionId,
           StateMachine.UnexpectedHandler<LegState, LegTrigger> unexpected) {
        this.role = role;
        this.callId = callId;
        this.fsm = new StateMachine<>(LegTransitions.TABLE, initial, unexpected);
        this.sdpSessionId = sdpSessionId;
    }

    LegState state() {
        return fsm.state();
    }

    G711 codecOr(G711 fallback) {
        return negotiated == null ? fallback : negotiated.codec();
    }

    long nextSdpVersion() {
        return ++sdpVersion;
    }

    /**
     * The peer's media from its SDP, signalled from {@link #signallingHost}; an SRTP exchange narrows
     * {@link #security} to the agreed line.
     */
    RemoteMedia remoteMedia(NegotiatedMedia answer) {
        answer.srtp().ifPresent(keys -> security = security.agreed(keys.suite(), answer.cryptoTag()));
        return RemoteMedia.from(answer).signalledFrom(signallingHost);
    }

    @Override
    public String toString() {
        return role + "[" + fsm.state() + "]";
    }
}
