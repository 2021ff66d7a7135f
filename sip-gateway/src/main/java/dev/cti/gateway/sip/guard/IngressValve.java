package dev.cti.gateway.sip.guard;

import dev.cti.gateway.sip.CountingMessageParserFactory;
import dev.cti.gateway.sip.RejectReason;
import dev.cti.gateway.sip.SipMetrics;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.net.InetAddress;
import java.text.ParseException;
import java.util.Locale;
import javax.sip.SipStack;
import javax.sip.header.UserAgentHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First code to see every parsed message, before jain-sip matches or creates a transaction (a
 * {@link SIPMessageValve}). It counts requests, drops scanners and floods without an answer (so they cost no
 * transaction and learn nothing), refuses (481) in-dialog requests from a host their dialog's peer never uses
 * ({@link DialogSourceCheck}, before jain-sip's dialog layer can be touched by them), and makes responses symmetric: it stamps {@code received} and {@code rport}
 * (RFC 3581) with the packet's source, and the transport it came over, so the answer goes back where the request
 * came from whatever the Via says.
 * Softphones behind NAT need exactly that.
 */
public final class IngressValve implements SIPMessageValve {
    private static final Logger LOG = LoggerFactory.getLogger(IngressValve.class);

    private final SipMetrics metrics;
    private final ScannerDetector scanners;
    private final SourceRateLimiter rateLimiter;
    private volatile SIPTransactionStack stack;
    private volatile DialogSourceCheck dialogSources = DialogSourceCheck.NONE;

    public IngressValve(SipMetrics metrics, ScannerDetector scanners, SourceRateLimiter rateLimiter) {
        this.metrics = metrics;
        this.scanners = scanners;
        this.rateLimiter = rateLimiter;
    }

    /** Who decides whether an in-dialog request comes from its dialog's peer (the B2BUA, once installed). */
    public void dialogSourceCheck(DialogSourceCheck check) {
        this.dialogSources = check == null ? DialogSourceCheck.NONE : check;
    }

    /** Called by the endpoint once the stack exists (jain-sip only calls {@link #init} on valves it created). */
    public void attach(SIPTransactionStack sipStack) {
        this.stack = sipStack;
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        String method = request.getMethod();
        metrics.requestReceived(method);
        InetAddress source = channel.getPeerPacketSourceAddress();
        String sourceAddress = source != null ? source.getHostAddress() : channel.getPeerAddress();
        if (scanners.isScanner(userAgent(request))) {
            metrics.rejected(RejectReason.SCANNER, SipMetrics.Action.DROPPED);
            LOG.debug("dropped {} from scanner at {}", method, sourceAddress);
            return false;
        }
        if (!rateLimiter.tryAcquire(sourceAddress)) {
            metrics.rejected(RejectReason.RATE_LIMITED, SipMetrics.Action.DROPPED);
            return false;
        }
        if (request.getApplicationData() instanceof CountingMessageParserFactory.UnsupportedVersion) {
            // RFC 3261 8.2.1 / RFC 4475 3.1.2.16 (badvers). jain-sip 1.3.0-91 rewrites SIP/7.0 to SIP/2.0.
            answerStatelessly(request, channel, Response.VERSION_NOT_SUPPORTED, sourceAddress);
            metrics.rejected(RejectReason.VERSION_NOT_SUPPORTED, SipMetrics.Action.ANSWERED);
            return false;
        }
        if (source != null && namesDialog(request)
                && dialogSources.foreign(request.getCallId().getCallId(), method, source)) {
            answerStatelessly(request, channel, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, sourceAddress);
            return false; // counted by the check's owner (b2bua_in_dialog_refused_total)
        }
        if (source != null) {
            stampSymmetricResponse(request.getTopmostVia(), channel.getTransport(), sourceAddress,
                    channel.getPeerPacketSourcePort());
        }
        return true;
    }

    /**
     * Makes the response go back over the transport, address and port the request really used. A Via whose
     * transport differs from the one the request arrived on (a torture message replayed over TCP, a broken
     * phone) would otherwise send the answer over another transport to a port nobody listens on.
     */
    private static void stampSymmetricResponse(Via via, String transport, String sourceAddress, int sourcePort) {
        if (via == null || sourcePort <= 0) {
            return;
        }
        try {
            if (transport != null && !transport.equalsIgnoreCase(via.getTransport())) {
                via.setTransport(transport.toUpperCase(Locale.ROOT));
            }
            via.setReceived(sourceAddress);
            via.setParameter(Via.RPORT, Integer.toString(sourcePort));
        } catch (ParseException e) {
            LOG.debug("could not stamp received/rport on Via", e);
        }
    }

    private void answerStatelessly(SIPRequest request, MessageChannel channel, int status, String sourceAddress) {
        if (Request.ACK.equals(request.getMethod())) {
            return;
        }
        try {
            stampSymmetricResponse(request.getTopmostVia(), channel.getTransport(), sourceAddress,
                    channel.getPeerPacketSourcePort());
            SIPResponse response = request.createResponse(status);
            // The channel's own peer port is the Via's; answer the packet's real source instead.
            channel.sendMessage(response, channel.getPeerPacketSourceAddress(), channel.getPeerPacketSourcePort());
            metrics.responseSent(status);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debug("could not answer {} statelessly", status, e);
        }
    }

    /** A request inside a dialog (To tag) or about one being set up (CANCEL), with a Call-ID to look it up by. */
    private static boolean namesDialog(SIPRequest request) {
        return request.getCallId() != null
                && (request.getToTag() != null || Request.CANCEL.equals(request.getMethod()));
    }

    private static String userAgent(SIPRequest request) {
        Object header = request.getHeader(UserAgentHeader.NAME);
        return header instanceof SIPHeader h ? h.getHeaderValue() : null;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        SIPTransactionStack s = stack;
        if (s != null && response instanceof SIPResponse r
                && s.findTransaction(r, false) == null && (r.getDialogId(false) == null
                || s.getDialog(r.getDialogId(false)) == null)) {
            // REJECT_STRAY_RESPONSES makes jain-sip drop it next; we only count.
            metrics.rejected(RejectReason.STRAY, SipMetrics.Action.DROPPED);
        }
        return true;
    }

    @Override
    public void init(SipStack sipStack) {
        if (sipStack instanceof SIPTransactionStack s) {
            attach(s);
        }
    }

    @Override
    public void destroy() {}
}
