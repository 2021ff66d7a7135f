package dev.cti.gateway.sip;

import java.util.Locale;

/** Hand-written SIP requests for tests, CRLF-terminated, addressed from 127.0.0.1. */
final class SipTestMessages {
    private SipTestMessages() {}

    static String options(String transport, int localPort, String callId) {
        return "OPTIONS sip:" + "gw@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport.toUpperCase(Locale.ROOT) + " 127.0.0.1:" + localPort
                + ";branch=z9hG4bK-" + callId + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:probe@127.0.0.1>;tag=p1\r\n"
                + "To: <sip:gw@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    static String withUserAgent(String message, String userAgent) {
        return message.replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nUser-Agent: " + userAgent + "\r\n");
    }

    static String invite(String transport, int localPort, String callId, int maxForwards) {
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0\r\n";
        return "INVITE sip:1001@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport.toUpperCase(Locale.ROOT) + " 127.0.0.1:" + localPort
                + ";branch=z9hG4bK-" + callId + "\r\n"
                + "Max-Forwards: " + maxForwards + "\r\n"
                + "From: <sip:caller@127.0.0.1>;tag=c1\r\n"
                + "To: <sip:1001@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:caller@127.0.0.1:" + localPort + ">\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp;
    }
}
