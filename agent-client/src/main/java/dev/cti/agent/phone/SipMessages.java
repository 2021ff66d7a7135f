package dev.cti.agent.phone;

import dev.cti.protocol.digest.DigestClient;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Properties;
import java.util.UUID;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * One seat's jain-sip stack and the message builders the softphone uses. The stack is constructed directly (not via
 * the process-wide {@code SipFactory}) so that many seats in one JVM each have their own stack, port and threads.
 */
final class SipMessages implements AutoCloseable {
    final SipStackImpl stack;
    final SipProvider provider;
    final HeaderFactory headers = new HeaderFactoryImpl();
    final AddressFactory addresses = new AddressFactoryImpl();
    final MessageFactory messages = new MessageFactoryImpl();
    final PhoneSettings settings;
    final int localPort;
    private final SecureRandom random = new SecureRandom();

    SipMessages(PhoneSettings settings, String stackName) throws Exception {
        this.settings = settings;
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", stackName);
        p.setProperty("javax.sip.IP_ADDRESS", settings.bindHost());
        // A user agent: the stack creates dialogs for INVITE/REFER itself.
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        // Remote answer arrives as a NOTIFY outside any subscription (Event: talk): hand it to us, not a stack 481.
        p.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "true");
        // A softphone has a handful of transactions: a tiny pool instead of a thread per datagram.
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "2");
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true"); // our adapter only enqueues
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        // No DNS lookups of Via hosts on the stack's threads.
        p.setProperty("gov.nist.javax.sip.NEVER_ADD_RECEIVED_RPORT", "true");
        this.stack = new SipStackImpl(p);
        ListeningPoint lp = null;
        Exception last = null;
        for (int attempt = 0; attempt < 10 && lp == null; attempt++) {
            int port;
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(settings.bindHost(), 0))) {
                port = probe.getLocalPort();
            }
            try {
                lp = stack.createListeningPoint(settings.bindHost(), port, ListeningPoint.UDP);
            } catch (Exception e) {
                last = e; // another seat took it between probe and bind: try another
            }
        }
        if (lp == null) throw new IllegalStateException("no free SIP port on " + settings.bindHost(), last);
        this.localPort = lp.getPort();
        this.provider = stack.createSipProvider(lp);
    }

    String newTag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    SipURI gatewayUri(String user) throws ParseException {
        SipURI uri = addresses.createSipURI(user, settings.gatewayHost());
        uri.setPort(settings.gatewayPort());
        return uri;
    }

    Address aor(String user) throws ParseException {
        return addresses.createAddress(addresses.createSipURI(user, settings.domain()));
    }

    ContactHeader contact() throws ParseException {
        SipURI uri = addresses.createSipURI(settings.extension(), settings.bindHost());
        uri.setPort(localPort);
        return headers.createContactHeader(addresses.createAddress(uri));
    }

    /** A new out-of-dialog request to the gateway. */
    Request request(String method, SipURI requestUri, Address to, String fromTag, CallIdHeader callId, long cseq)
            throws ParseException, InvalidArgumentException {
        List<ViaHeader> via = new ArrayList<>();
        via.add(headers.createViaHeader(settings.bindHost(), localPort, ListeningPoint.UDP, null));
        CSeqHeader cs = headers.createCSeqHeader(cseq, method);
        Request r = messages.createRequest(requestUri, method, callId, cs,
                headers.createFromHeader(aor(settings.extension()), fromTag), headers.createToHeader(to, null), via,
                headers.createMaxForwardsHeader(70));
        r.addHeader(contact());
        r.addHeader(headers.createUserAgentHeader(List.of("cti-agent/0.1")));
        return r;
    }

    void setSdp(Message m, String sdp) throws ParseException {
        m.setContent(sdp.getBytes(StandardCharsets.US_ASCII), headers.createContentTypeHeader("application", "sdp"));
    }

    static String body(Message m) {
        byte[] raw = m.getRawContent();
        return raw == null || raw.length == 0 ? null : new String(raw, StandardCharsets.US_ASCII);
    }

    /** The Digest challenges of a 401/407 in their order ({@link DigestClient#choose} picks the one to answer). */
    static List<DigestClient.Challenge> challenges(Response r) {
        List<DigestClient.Challenge> out = new ArrayList<>();
        String name = r.getStatusCode() == 407 ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME;
        ListIterator<?> it = r.getHeaders(name);
        while (it.hasNext()) {
            WWWAuthenticateHeader h = (WWWAuthenticateHeader) it.next();
            if (!"digest".equalsIgnoreCase(h.getScheme())) continue;
            out.add(DigestClient.Challenge.of(h.getRealm(), h.getNonce(), h.getAlgorithm(), h.getQop(), h.getOpaque()));
        }
        return out;
    }

    /** A fresh digest client nonce: 96 random bits, hex. */
    String cnonce() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    /**
     * Adds the Authorization (401) or Proxy-Authorization (407) header carrying the answer {@code a}, built field by
     * field (the algorithm only when the challenge named one, as {@link DigestClient.Answer} says).
     */
    void authorize(Request r, int status, DigestClient.Answer a) throws ParseException {
        AuthorizationHeader h = status == 407 ? headers.createProxyAuthorizationHeader("Digest")
                : headers.createAuthorizationHeader("Digest");
        h.setUsername(a.username());
        h.setRealm(a.realm());
        h.setNonce(a.nonce());
        h.setURI(addresses.createURI(a.uri()));
        h.setResponse(a.response());
        if (a.algorithm() != null) h.setAlgorithm(a.algorithm());
        if (a.opaque() != null) h.setOpaque(a.opaque());
        if (a.qop() != null) {
            h.setQop(a.qop());
            h.setCNonce(a.cnonce());
            h.setNonceCount(Integer.parseInt(a.nc(), 16));
        }
        r.removeHeader(h.getName());
        r.addHeader(h);
    }

    /** The request's server transaction (created when the stack did not). */
    javax.sip.ServerTransaction serverTx(javax.sip.RequestEvent e) throws Exception {
        javax.sip.ServerTransaction st = e.getServerTransaction();
        return st != null ? st : provider.getNewServerTransaction(e.getRequest());
    }

    /** Answers with a bare status (a To tag added on final responses); failures are logged, not thrown. */
    void respond(javax.sip.ServerTransaction st, int status) {
        try {
            Response r = messages.createResponse(status, st.getRequest());
            javax.sip.header.ToHeader to = (javax.sip.header.ToHeader) r.getHeader(javax.sip.header.ToHeader.NAME);
            if (to.getTag() == null && status >= 200) to.setTag(newTag());
            st.sendResponse(r);
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(SipMessages.class).warn("{}: could not send {}: {}", settings.extension(),
                    status, e.toString());
        }
    }

    /** A 2xx for a call we no longer have (given up, cancelled late): acknowledge it and end it at once. */
    void ackAndBye(javax.sip.ResponseEvent e) throws Exception {
        javax.sip.Dialog d = e.getDialog();
        d.sendAck(d.createAck(((CSeqHeader) e.getResponse().getHeader(CSeqHeader.NAME)).getSeqNumber()));
        d.sendRequest(provider.getNewClientTransaction(d.createRequest(Request.BYE)));
    }

    @Override
    public void close() {
        try {
            stack.stop();
        } catch (RuntimeException ignored) {
            // stopping anyway
        }
    }
}
