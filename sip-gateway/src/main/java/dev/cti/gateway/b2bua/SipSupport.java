package dev.cti.gateway.b2bua;

import dev.cti.gateway.sip.ChallengeHandler;
import dev.cti.gateway.sip.SipMessenger;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Builds and sends the B2BUA's own SIP messages (new INVITEs, ACK, CANCEL, BYE, NOTIFY, answers with SDP) with
 * the jain-sip factories the SIP endpoint exposes, so the call logic reads as call logic. Every method throws
 * {@link SipException} on a send failure; callers decide what that means for the call.
 */
final class SipSupport {
    private final SipMessenger messenger;
    private final SipProvider provider;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final String host;
    private final String domain;

    SipSupport(SipMessenger messenger, String host, String domain) {
        this.messenger = messenger;
        this.provider = messenger.provider();
        this.headers = messenger.headerFactory();
        this.addresses = messenger.addressFactory();
        this.host = host;
        this.domain = domain;
    }

    SipProvider provider() {
        return provider;
    }

    SipMessenger messenger() {
        return messenger;
    }

    String newCallId() {
        return provider.getNewCallId().getCallId();
    }

    /** Our Contact for a transport (the listening point of that transport, UDP by default). */
    ContactHeader contact(String transport) {
        try {
            ListeningPoint lp = listeningPoint(transport);
            SipURI uri = addresses.createSipURI("gw", host);
            uri.setPort(lp.getPort());
            if (!ListeningPoint.UDP.equalsIgnoreCase(lp.getTransport())) {
                uri.setTransportParam(lp.getTransport().toLowerCase(Locale.ROOT));
            }
            return headers.createContactHeader(addresses.createAddress(uri));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private ListeningPoint listeningPoint(String transport) {
        ListeningPoint lp = transport == null ? null : provider.getListeningPoint(transport.toLowerCase(Locale.ROOT));
        if (lp == null) {
            lp = provider.getListeningPoint(ListeningPoint.UDP);
        }
        if (lp == null) {
            lp = provider.getListeningPoints()[0];
        }
        return lp;
    }

    /** A response to an INVITE/re-INVITE/other request, with our Contact and the SDP body if given. */
    Response response(Request request, int status, String sdp, String transport) {
        Response r = messenger.createResponse(request, status);
        if (status >= 200 && status < 300 && (Request.INVITE.equals(request.getMethod())
                || "UPDATE".equals(request.getMethod()))) {
            r.addHeader(contact(transport));
        }
        if (sdp != null) {
            setBody(r, "application", "sdp", sdp);
        }
        return r;
    }

    void setBody(Message m, String type, String subType, String body) {
        try {
            String[] parts = subType.split(";", 2);
            ContentTypeHeader ct = headers.createContentTypeHeader(type, parts[0]);
            if (parts.length == 2) {
                String[] param = parts[1].split("=", 2);
                ct.setParameter(param[0], param.length == 2 ? param[1] : "");
            }
            m.setContent(body.getBytes(StandardCharsets.UTF_8), ct);
            m.setContentLength(headers.createContentLengthHeader(body.getBytes(StandardCharsets.UTF_8).length));
        } catch (ParseException | InvalidArgumentException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends a new INVITE out of dialog and returns its client transaction with a dialog created for it.
     *
     * @param requestUri where to send (a registered Contact or sip:number@trunk)
     * @param fromUser   who is calling (caller number towards the agent, the gateway otherwise)
     */
    ClientTransaction invite(String callIdValue, String requestUri, String fromUser, String toUri, String sdp,
                             java.util.function.Consumer<Request> extraHeaders) throws SipException {
        try {
            javax.sip.address.URI target = addresses.createURI(requestUri);
            String transport = transportOf(target);
            ListeningPoint lp = listeningPoint(transport);
            List<ViaHeader> vias = new ArrayList<>();
            vias.add(headers.createViaHeader(host, lp.getPort(), lp.getTransport(), null));
            CallIdHeader callId = headers.createCallIdHeader(callIdValue);
            CSeqHeader cseq = headers.createCSeqHeader(1L, Request.INVITE);
            Address from = addresses.createAddress(addresses.createSipURI(fromUser == null || fromUser.isBlank()
                    ? "gw" : fromUser, domain));
            FromHeader fromHeader = headers.createFromHeader(from, messenger.newTag());
            ToHeader toHeader = headers.createToHeader(addresses.createAddress(toUri), null);
            MaxForwardsHeader maxForwards = headers.createMaxForwardsHeader(70);
            Request invite = messenger.messageFactory().createRequest(target, Request.INVITE, callId, cseq,
                    fromHeader, toHeader, vias, maxForwards);
            invite.addHeader(contact(lp.getTransport()));
            extraHeaders.accept(invite);
            setBody(invite, "application", "sdp", sdp);
            ClientTransaction ct = provider.getNewClientTransaction(invite);
            provider.getNewDialog(ct);
            ct.sendRequest();
            return ct;
        } catch (ParseException | InvalidArgumentException e) {
            throw new SipException("cannot build INVITE: " + e.getMessage(), e);
        }
    }

    /**
     * Sends an out-of-dialog NOTIFY (remote control of a phone, e.g. {@code Event: talk}) with no body and
     * {@code Subscription-State: terminated} (no subscription exists), and returns its client transaction.
     */
    ClientTransaction notifyOutOfDialog(String callIdValue, String requestUri, String toUri, String event)
            throws SipException {
        try {
            javax.sip.address.URI target = addresses.createURI(requestUri);
            String transport = transportOf(target);
            ListeningPoint lp = listeningPoint(transport);
            List<ViaHeader> vias = new ArrayList<>();
            vias.add(headers.createViaHeader(host, lp.getPort(), lp.getTransport(), null));
            Address from = addresses.createAddress(addresses.createSipURI("gw", domain));
            Request notify = messenger.messageFactory().createRequest(target, Request.NOTIFY,
                    headers.createCallIdHeader(callIdValue), headers.createCSeqHeader(1L, Request.NOTIFY),
                    headers.createFromHeader(from, messenger.newTag()),
                    headers.createToHeader(addresses.createAddress(toUri), null), vias,
                    headers.createMaxForwardsHeader(70));
            notify.addHeader(contact(lp.getTransport()));
            notify.addHeader(headers.createEventHeader(event));
            notify.addHeader(headers.createSubscriptionStateHeader("terminated"));
            notify.setContentLength(headers.createContentLengthHeader(0));
            ClientTransaction ct = provider.getNewClientTransaction(notify);
            ct.sendRequest();
            return ct;
        } catch (ParseException | InvalidArgumentException e) {
            throw new SipException("cannot build NOTIFY: " + e.getMessage(), e);
        }
    }

    /**
     * Re-sends the request of a challenged client transaction with credentials (RFC 3261 22.2): the same Call-ID,
     * From tag, To and body, CSeq plus one and a new branch; earlier credentials headers are replaced by
     * {@code headerName: value}. An INVITE gets a new dialog for its new transaction (the challenged one ended with
     * the 401/407, which jain-sip ACKed); other requests (a BYE) go out in a transaction of their own.
     *
     * @return the new client transaction, already sent
     */
    ClientTransaction resendWithCredentials(ClientTransaction challenged, String headerName, String value)
            throws SipException {
        try {
            Request retry = (Request) challenged.getRequest().clone();
            retry.removeHeader(javax.sip.header.AuthorizationHeader.NAME);
            retry.removeHeader(javax.sip.header.ProxyAuthorizationHeader.NAME);
            retry.addHeader(headers.createHeader(headerName, value));
            CSeqHeader cseq = (CSeqHeader) retry.getHeader(CSeqHeader.NAME);
            cseq.setSeqNumber(cseq.getSeqNumber() + 1);
            ViaHeader via = (ViaHeader) retry.getHeader(ViaHeader.NAME);
            via.removeParameter("branch"); // getNewClientTransaction assigns a fresh one
            ClientTransaction ct = provider.getNewClientTransaction(retry);
            ct.setApplicationData(challenged.getApplicationData()); // a second challenge goes where the first went
            if (Request.INVITE.equals(retry.getMethod())) {
                provider.getNewDialog(ct);
            }
            ct.sendRequest();
            return ct;
        } catch (ParseException | InvalidArgumentException e) {
            throw new SipException("cannot re-send " + challenged.getRequest().getMethod() + " with credentials: "
                    + e.getMessage(), e);
        }
    }

    /** The transport a request to {@code target} takes: its transport parameter, TLS for sips:, else UDP. */
    private static String transportOf(javax.sip.address.URI target) {
        if (target instanceof SipURI s) {
            if (s.getTransportParam() != null) {
                return s.getTransportParam();
            }
            if (s.isSecure()) {
                return ListeningPoint.TLS;
            }
        }
        return ListeningPoint.UDP;
    }

    /** ACKs a 2xx to our INVITE. */
    void ack(Dialog dialog, Response ok) throws SipException {
        try {
            long cseq = ((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber();
            dialog.sendAck(dialog.createAck(cseq));
        } catch (InvalidArgumentException e) {
            throw new SipException("cannot ACK: " + e.getMessage(), e);
        }
    }

    void cancel(ClientTransaction invite) throws SipException {
        Request cancel = invite.createCancel();
        provider.getNewClientTransaction(cancel).sendRequest();
    }

    void bye(Dialog dialog) throws SipException {
        bye(dialog, null);
    }

    /** A BYE whose digest challenge, if any, goes to {@code challenges} (null: none expected). */
    void bye(Dialog dialog, ChallengeHandler challenges) throws SipException {
        Request bye = dialog.createRequest(Request.BYE);
        ClientTransaction ct = provider.getNewClientTransaction(bye);
        ct.setApplicationData(challenges);
        dialog.sendRequest(ct);
    }

    /** NOTIFY of a REFER's progress (RFC 3515 2.4.5) with a message/sipfrag body. */
    void notifyRefer(Dialog dialog, String sipfrag, boolean terminated) throws SipException {
        try {
            Request notify = dialog.createRequest(Request.NOTIFY);
            notify.addHeader(headers.createEventHeader("refer"));
            notify.addHeader(headers.createSubscriptionStateHeader(terminated ? "terminated;reason=noresource"
                    : "active;expires=60"));
            setBody(notify, "message", "sipfrag;version=2.0", sipfrag);
            dialog.sendRequest(provider.getNewClientTransaction(notify));
        } catch (ParseException e) {
            throw new SipException("cannot build NOTIFY: " + e.getMessage(), e);
        }
    }

    /**
     * Whether a request to this URI goes over TLS: a {@code sips:} URI or {@code ;transport=tls} (a phone that
     * registered over TLS). Such a leg's media is SRTP.
     */
    static boolean isTls(String uri) {
        String u = uri.strip().toLowerCase(Locale.ROOT);
        return u.startsWith("sips:") || u.matches(".*;transport=tls(;.*|>.*|$)");
    }

    /**
     * Whether a request to this URI goes over SIP/WebSocket ({@code ;transport=ws} or {@code wss}, RFC 7118): a browser
     * seat, whose media is WebRTC's (DTLS-SRTP, ICE).
     */
    static boolean isWebSocket(String uri) {
        return uri.strip().toLowerCase(Locale.ROOT).matches(".*;transport=wss?(;.*|>.*|$)");
    }

    /** The Request-URI of a number dialled out through {@code trunk}, with its transport. */
    static String trunkUri(dev.cti.config.TrunkConfig trunk, String number) {
        return "sip:" + trunk.outboundPrefix() + number + "@" + trunk.host() + ":" + trunk.port()
                + switch (trunk.transport()) {
                    case TCP -> ";transport=tcp";
                    case TLS -> ";transport=tls";
                    case UDP -> "";
                };
    }

    /** Request-URI user part, or null. */
    static String requestUser(Request request) {
        return request.getRequestURI() instanceof SipURI s ? s.getUser() : null;
    }

    static String fromUser(Message m) {
        FromHeader from = (FromHeader) m.getHeader(FromHeader.NAME);
        return from != null && from.getAddress().getURI() instanceof SipURI s ? s.getUser() : null;
    }

    static String callId(Message m) {
        CallIdHeader h = (CallIdHeader) m.getHeader(CallIdHeader.NAME);
        return h == null ? null : h.getCallId();
    }

    static boolean hasToTag(Request request) {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to != null && to.getTag() != null;
    }

    /** The address the message's packet came from (not what its Via claims), or null when unknown. */
    static java.net.InetAddress packetSource(Message m) {
        return m instanceof gov.nist.javax.sip.message.SIPMessage s ? s.getRemoteAddress() : null;
    }

    static String body(Message m) {
        byte[] raw = m.getRawContent();
        return raw == null || raw.length == 0 ? null : new String(raw, StandardCharsets.UTF_8);
    }
}
