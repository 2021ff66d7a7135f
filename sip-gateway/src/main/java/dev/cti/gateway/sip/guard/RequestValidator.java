package dev.cti.gateway.sip.guard;

import dev.cti.gateway.sip.RejectReason;
import dev.cti.gateway.sip.SipCapabilities;
import dev.cti.gateway.sip.SipDispatcher.Rejection;
import dev.cti.gateway.sip.SipDispatcher.RequestFilter;
import dev.cti.gateway.sip.SipEvent;
import dev.cti.gateway.sip.SipHeaders;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AcceptHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RequireHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Application-level checks of RFC 3261 8.2 that jain-sip leaves to the user agent, in the RFC's order: CSeq
 * method matches the request method (400), Request-URI scheme (416) and no escaped headers in it (400),
 * Max-Forwards exhausted on a request we would forward (483), Require (420 with Unsupported), body type (415 with
 * Accept), Accept that rules out the SDP our answer would carry (406). Stateless and thread-safe.
 */
public final class RequestValidator implements RequestFilter {
    private static final Set<String> URI_SCHEMES = Set.of("sip", "sips", "tel");
    /** Requests the B2BUA forwards to another leg: Max-Forwards 0 stops them (RFC 3261 16.3 step 3). */
    private static final Set<String> FORWARDED_METHODS = Set.of(Request.INVITE);
    /** Requests that may carry an SDP offer or answer. */
    private static final Set<String> SDP_METHODS = Set.of(Request.INVITE, Request.ACK, "UPDATE", "PRACK");

    private final HeaderFactory headers;

    public RequestValidator(HeaderFactory headers) {
        this.headers = headers;
    }

    @Override
    public Optional<Rejection> check(SipEvent.RequestReceived event) {
        Request request = event.request();
        String method = event.method();
        CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        if (cseq != null && !method.equals(cseq.getMethod())) {
            // RFC 4475 3.1.2.17/18 (mismatch01/02). ACK and CANCEL carry their own method in CSeq too.
            return reject(Response.BAD_REQUEST, RejectReason.BAD_REQUEST);
        }
        URI uri = request.getRequestURI();
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!URI_SCHEMES.contains(scheme)) {
            return reject(Response.UNSUPPORTED_URI_SCHEME, RejectReason.UNSUPPORTED_URI_SCHEME);
        }
        if (uri instanceof SipURI sip && sip.getHeaderNames().hasNext()) {
            // RFC 4475 3.1.2.11 (escruri): headers are not allowed in a Request-URI.
            return reject(Response.BAD_REQUEST, RejectReason.BAD_REQUEST);
        }
        MaxForwardsHeader maxForwards = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        if (maxForwards != null && maxForwards.getMaxForwards() == 0 && FORWARDED_METHODS.contains(method)) {
            // For requests we consume ourselves (OPTIONS, REGISTER) we are the endpoint and process them as if
            // Max-Forwards were positive (RFC 4475 3.3.11, zeromf).
            return reject(Response.TOO_MANY_HOPS, RejectReason.TOO_MANY_HOPS);
        }
        List<String> unsupported = unsupportedRequirements(request);
        if (!unsupported.isEmpty() && !Request.ACK.equals(method) && !Request.CANCEL.equals(method)) {
            return Optional.of(new Rejection(Response.BAD_EXTENSION, RejectReason.BAD_EXTENSION,
                    r -> SipHeaders.each(headers, "Unsupported", unsupported).forEach(r::addHeader)));
        }
        ContentTypeHeader contentType = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        boolean hasBody = request.getRawContent() != null && request.getRawContent().length > 0;
        if (hasBody && SDP_METHODS.contains(method) && !isSdp(contentType)) {
            return Optional.of(new Rejection(Response.UNSUPPORTED_MEDIA_TYPE, RejectReason.UNSUPPORTED_MEDIA_TYPE,
                    r -> SipHeaders.each(headers, "Accept", SipCapabilities.ACCEPTED_CONTENT_TYPES)
                            .forEach(r::addHeader)));
        }
        if (Request.INVITE.equals(method) && !acceptsSdp(request)) {
            // RFC 4475 3.3.15 (sdp01): our answer must carry SDP, which the peer says it cannot take.
            return Optional.of(new Rejection(Response.NOT_ACCEPTABLE, RejectReason.NOT_ACCEPTABLE,
                    r -> r.addHeader(SipHeaders.create(headers, "Warning",
                            "399 gateway \"only application/sdp bodies can be sent\""))));
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(int status, RejectReason reason) {
        return Optional.of(Rejection.of(status, reason));
    }

    private static List<String> unsupportedRequirements(Request request) {
        List<String> unsupported = new ArrayList<>();
        Iterator<?> it = request.getHeaders(RequireHeader.NAME);
        while (it.hasNext()) {
            String tag = ((RequireHeader) it.next()).getOptionTag();
            if (tag != null && !SipCapabilities.SUPPORTED_OPTION_TAGS.contains(tag.toLowerCase(Locale.ROOT))) {
                unsupported.add(tag);
            }
        }
        return unsupported;
    }

    private static boolean isSdp(ContentTypeHeader type) {
        return type != null && "application".equalsIgnoreCase(type.getContentType())
                && "sdp".equalsIgnoreCase(type.getContentSubType());
    }

    /** No Accept header means application/sdp (RFC 3261 20.1). */
    private static boolean acceptsSdp(Request request) {
        Iterator<?> it = request.getHeaders(AcceptHeader.NAME);
        if (!it.hasNext()) {
            return true;
        }
        while (it.hasNext()) {
            AcceptHeader accept = (AcceptHeader) it.next();
            String type = accept.getContentType();
            String sub = accept.getContentSubType();
            boolean typeOk = type == null || "*".equals(type) || "application".equalsIgnoreCase(type);
            boolean subOk = sub == null || "*".equals(sub) || "sdp".equalsIgnoreCase(sub);
            if (typeOk && subOk) {
                return true;
            }
        }
        return false;
    }
}
