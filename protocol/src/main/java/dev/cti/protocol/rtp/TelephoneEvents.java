package dev.cti.protocol.rtp;

/**
 * RFC 4733 telephone-event values both the gateway and the softphone use: the event codes of the DTMF keys and the
 * dynamic payload type we offer for {@code telephone-event/8000}.
 */
public final class TelephoneEvents {

    /** The payload type we put in our offers for telephone-event/8000 (an answer takes the offerer's). */
    public static final int DEFAULT_PAYLOAD_TYPE = 101;

    /** Event codes 0..15 (RFC 4733 §3.2): 0-9, 10 = *, 11 = #, 12-15 = A-D. */
    private static final String DIGITS = "0123456789*#ABCD";

    private TelephoneEvents() {}

    /** Whether {@code event} is a DTMF key (not flash or another tone). */
    public static boolean isDtmf(int event) {
        return event >= 0 && event < DIGITS.length();
    }

    /** The key of a DTMF event code, or {@code '?'} for other events. */
    public static char digit(int event) {
        return isDtmf(event) ? DIGITS.charAt(event) : '?';
    }

    /** The event code of a key ('0'-'9', '*', '#', 'A'-'D'), or -1 for anything else. */
    public static int event(char digit) {
        return DIGITS.indexOf(digit);
    }
}
