package dev.cti.gateway.sip;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.StringMsgParserFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import java.text.ParseException;

/**
 * Wraps jain-sip's parser to count what it refuses and to make one rule uniform across transports.
 *
 * <p>What jain-sip does itself with a message it cannot parse (checked against 1.3.0-91 by the torture test):
 * over UDP it answers 400 Bad Request when it can still pick Via, From, To, Call-ID and CSeq out of the raw text,
 * otherwise drops; a request whose SIP version is not 2.0 gets 505. Over TCP the connection-oriented channel does
 * the same from the raw text. Headers other than the mandatory ones that fail to parse are kept as "unparsed" and
 * the message goes on (lenient, as RFC 4475 asks).
 *
 * <p>What we add: the stricter raw-text checks of {@link StrictFraming}, and: a request missing one of the mandatory headers (RFC 3261 8.1.1: To, From, CSeq, Call-ID,
 * Max-Forwards is optional for us, Via) is turned into a parse failure here, because the UDP channel would
 * otherwise drop it silently and the TCP channel would pass it on half-built. Each failure is counted as
 * {@link RejectReason#UNPARSEABLE}.
 */
public final class CountingMessageParserFactory implements MessageParserFactory {
    private final MessageParserFactory delegate = new StringMsgParserFactory();
    private final SipMetrics metrics;

    public CountingMessageParserFactory(SipMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        MessageParser parser = delegate.createMessageParser(stack);
        return (bytes, readBody, strict, listener) -> {
            String malformed = bytes == null ? null : StrictFraming.problem(bytes);
            if (malformed != null) {
                metrics.rejected(RejectReason.UNPARSEABLE, SipMetrics.Action.PARSER);
                throw new ParseException(malformed, 0);
            }
            SIPMessage message;
            try {
                message = parser.parseSIPMessage(bytes, readBody, strict, listener);
            } catch (ParseException | RuntimeException e) {
                metrics.rejected(RejectReason.UNPARSEABLE, SipMetrics.Action.PARSER);
                throw e instanceof ParseException pe ? pe : new ParseException(String.valueOf(e), 0);
            }
            if (message != null) {
                String version = StrictFraming.unsupportedVersion(bytes);
                if (version != null) {
                    // jain-sip normalises the version to SIP/2.0; tell the IngressValve, which answers 505.
                    message.setApplicationData(new UnsupportedVersion(version));
                }
                String missing = missingMandatoryHeader(message);
                if (missing != null) {
                    metrics.rejected(RejectReason.UNPARSEABLE, SipMetrics.Action.PARSER);
                    throw new ParseException("missing mandatory header " + missing, 0);
                }
            }
            return message;
        };
    }

    /** Marker put on a parsed message whose start line named another SIP version. */
    public record UnsupportedVersion(String version) {}

    /** The first mandatory header (RFC 3261 8.1.1) absent from the message, or null. */
    static String missingMandatoryHeader(SIPMessage m) {
        if (m.getTo() == null) return "To";
        if (m.getFrom() == null) return "From";
        if (m.getCallId() == null) return "Call-ID";
        if (m.getCSeq() == null) return "CSeq";
        if (m.getViaHeaders() == null || m.getViaHeaders().isEmpty()) return "Via";
        if (m instanceof SIPRequest r && r.getRequestLine() == null) return "Request-Line";
        return null;
    }
}
