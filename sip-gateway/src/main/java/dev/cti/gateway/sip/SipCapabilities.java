package dev.cti.gateway.sip;

import java.util.List;
import java.util.Set;

/**
 * What the gateway says it can do (OPTIONS 200, Allow on 405, Accept on 415, Unsupported on 420), in one place
 * so the answers and the checks that produce them cannot disagree.
 */
public final class SipCapabilities {
    /** Methods the gateway implements (the B2BUA handles the dialog ones). */
    public static final List<String> ALLOWED_METHODS =
            List.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "REFER", "NOTIFY", "INFO", "UPDATE");

    /** Methods we recognise but do not accept: answered 405 with Allow, not 501. */
    public static final Set<String> KNOWN_NOT_ALLOWED = Set.of("MESSAGE", "SUBSCRIBE", "PUBLISH", "PRACK");

    /** Body types we understand (RFC 3261 8.2.3). */
    public static final List<String> ACCEPTED_CONTENT_TYPES = List.of("application/sdp");

    /**
     * Option tags we support in Require: "timer" (RFC 4028 session timers, implemented by the B2BUA, which also
     * answers UPDATE refreshes). "replaces" joins when attended transfer is implemented; until then a Require
     * naming it gets 420.
     */
    public static final Set<String> SUPPORTED_OPTION_TAGS = Set.of("timer");

    private SipCapabilities() {}

    public static boolean isAllowed(String method) {
        return ALLOWED_METHODS.contains(method);
    }
}
