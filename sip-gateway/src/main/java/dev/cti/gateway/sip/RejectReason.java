package dev.cti.gateway.sip;

/**
 * Why a SIP message was refused. The tag value of {@code sip_messages_rejected_total}; a bounded set by design.
 */
public enum RejectReason {
    /** jain-sip could not parse it (it answers 400 itself when it can still address a response, else drops). */
    UNPARSEABLE("unparseable"),
    /** User-Agent of a known scanner (friendly-scanner, sipvicious, sipcli): dropped without an answer. */
    SCANNER("scanner"),
    /** Source exceeded its request rate (token bucket): dropped. */
    RATE_LIMITED("rate_limited"),
    /** SIP version other than 2.0: 505. */
    VERSION_NOT_SUPPORTED("version_not_supported"),
    /** Max-Forwards reached 0: 483. */
    TOO_MANY_HOPS("too_many_hops"),
    /** Request-URI scheme other than sip/sips/tel: 416. */
    UNSUPPORTED_URI_SCHEME("unsupported_uri_scheme"),
    /** Require with an option tag we do not support: 420. */
    BAD_EXTENSION("bad_extension"),
    /** Body type we cannot handle: 415. */
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type"),
    /** Accept excludes every type we could answer with: 406 (488 for INVITE). */
    NOT_ACCEPTABLE("not_acceptable"),
    /** Semantically broken request (e.g. CSeq method differs from the request method): 400. */
    BAD_REQUEST("bad_request"),
    /** Method we do not implement: 501 (or 405 if known but not allowed). */
    METHOD_NOT_SUPPORTED("method_not_supported"),
    /** Digest authentication failed after a challenge (wrong password or unknown extension): 403. */
    AUTH_FAILED("auth_failed"),
    /** A REGISTER whose digest nonce count was used already (a replay) or is malformed: 401 with a fresh nonce. */
    REPLAYED("replayed"),
    /** A REGISTER that would add a contact beyond {@code registrar.maxBindingsPerExtension}: 403. */
    TOO_MANY_BINDINGS("too_many_bindings"),
    /** Registration shorter than Min-Expires: 423. */
    INTERVAL_TOO_BRIEF("interval_too_brief"),
    /** Call admission limit reached: 503 with Retry-After. */
    CALL_LIMIT("call_limit"),
    /** No handler serves the request (INVITE before the B2BUA is installed, or after it stopped): 503, Retry-After 2 s. */
    UNAVAILABLE("unavailable"),
    /** A handler threw: answered 500 (a bug, logged with its stack trace). */
    HANDLER_ERROR("handler_error"),
    /** Response that matches nothing or a request that cannot be answered (ACK without transaction). */
    STRAY("stray");

    private final String tag;

    RejectReason(String tag) {
        this.tag = tag;
    }

    /** The Prometheus label value. */
    public String tag() {
        return tag;
    }
}
