package dev.cti.agent.phone;

import gov.nist.javax.sip.message.SIPMessage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.sip.header.EventHeader;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;

/**
 * What the gateway may ask of the phone besides calling it, and who may ask: remote answer by NOTIFY with
 * {@code Event: talk} (the desk-phone remote-control event the gateway sends on the server's AnswerCall) and
 * auto-answer of an INVITE with {@code Call-Info: <...>;answer-after=0} (its supervisor monitor call). Both are
 * obeyed only when the request comes from the seat's own registrar (address and port of the gateway the phone
 * registers with), so nobody else on the network can make the phone pick up. Pure checks on requests.
 */
final class RemoteControl {
    private static final Pattern ANSWER_AFTER_ZERO = Pattern.compile(";\\s*answer-after\\s*=\\s*0(?![0-9])",
            Pattern.CASE_INSENSITIVE);

    private final PhoneSettings settings;
    private InetAddress registrar; // resolved on first use, on the phone thread

    RemoteControl(PhoneSettings settings) {
        this.settings = settings;
    }

    /** Whether the request's packet came from the registrar's address and port. */
    boolean fromRegistrar(Request r) {
        if (!(r instanceof SIPMessage m) || m.getRemoteAddress() == null) {
            return false;
        }
        try {
            if (registrar == null) {
                registrar = InetAddress.getByName(settings.gatewayHost());
            }
        } catch (UnknownHostException e) {
            return false;
        }
        return m.getRemoteAddress().equals(registrar) && m.getRemotePort() == settings.gatewayPort();
    }

    /** The event package of a NOTIFY ({@code Event: talk;id=1} gives "talk"), lower case, or "" without one. */
    static String eventPackage(Request r) {
        EventHeader h = (EventHeader) r.getHeader(EventHeader.NAME);
        return h == null || h.getEventType() == null ? "" : h.getEventType().trim().toLowerCase(Locale.ROOT);
    }

    /** A request outside any dialog has no To tag. */
    static boolean outOfDialog(Request r) {
        ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
        return to == null || to.getTag() == null;
    }

    /** Whether an INVITE asks to be answered at once: a Call-Info header with {@code answer-after=0}. */
    static boolean asksAnswerAfterZero(Request invite) {
        var it = invite.getHeaders("Call-Info");
        while (it != null && it.hasNext()) {
            Object h = it.next();
            String text = h instanceof Header header ? header.toString() : String.valueOf(h);
            if (ANSWER_AFTER_ZERO.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }
}
