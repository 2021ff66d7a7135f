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
            List.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "REFER", "NOTIFY", "INFO");

    /** Methods we recognise but do not accept: answered 405 with Allow, not 501. */
    public static final Set<String> KNOWN_NOT_ALLOWED = Set.of("MESSAGE", "SUBSCRIBE", "PUBLISH", "PRACK", "UPDATE");

    /** Body types we understand (RFC 3261 8.2.3). */
    public static final List<String> ACCEPTED_CONTENT_TYPES = List.of("application/sdp");

    /**
     * Option tags we support in Require. Empty for now: the B2BUA adds "timer" (RFC 4028) and "replaces" once it
     * implements them; until then a Require naming them must get 420, and OPTIONS answers an empty Supported
     * (allowed by the RFC 3261 grammar: {@code Supported = "Supported" HCOLON [option-tag *(COMMA option-tag)]}).
     */
    public static final Set<String> SUPPORTED_OPTION_TAGS = Set.of();

    private SipCapabilities() {}

    public static boolean isAllowed(String method) {
        return ALLOWED_METHODS.contains(method);
    }
}
