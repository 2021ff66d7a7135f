package dev.cti.gateway.sip;

/**
 * The catalogue of every SIP meter: name, type and help text in one place. Micrometer names use dots; the
 * Prometheus registry renders them with underscores, base units and {@code _total} on counters. Tags are bounded
 * sets (method, class, reason): never a Call-ID, user or address.
 */
public enum SipMeters {
    /** {@code sip_requests_received_total{method}}: requests that passed the parser, by method (unknown = other). */
    REQUESTS_RECEIVED("sip.requests.received", Type.COUNTER, "SIP requests received, by method"),
    /** {@code sip_responses_sent_total{class}}: responses sent by the gateway's handlers, by class 1xx..6xx. */
    RESPONSES_SENT("sip.responses.sent", Type.COUNTER, "SIP responses sent by the gateway, by status class"),
    /** {@code sip_messages_rejected_total{reason,action}}: messages refused, answered with an error or dropped. */
    MESSAGES_REJECTED("sip.messages.rejected", Type.COUNTER,
            "SIP messages rejected (action=answered) or silently dropped (action=dropped), by reason"),
    /** {@code sip_registrar_lockouts_total}: extensions locked out after repeated failed REGISTERs. */
    REGISTRAR_LOCKOUTS("sip.registrar.lockouts", Type.COUNTER,
            "Extensions locked out by the registrar after repeated failed authentications"),
    /**
     * {@code sip_tls_certificates_refused_total}: TLS handshakes with a trunk whose certificate no configured trunk CA
     * issued (the INVITE then fails at its transaction timeout).
     */
    TLS_CERTIFICATES_REFUSED("sip.tls.certificates.refused", Type.COUNTER,
            "Trunk certificates refused in a SIP over TLS handshake (not issued by a configured trunk CA)"),
    /** {@code sip_registrations_active}: registered contact bindings right now. */
    REGISTRATIONS_ACTIVE("sip.registrations.active", Type.GAUGE, "Active registrar contact bindings"),
    /** {@code sip_registered_extensions}: extensions with at least one binding. */
    REGISTERED_EXTENSIONS("sip.registered.extensions", Type.GAUGE, "Extensions with at least one registered phone"),
    /** {@code sip_registrations_restored_total}: bindings put back from the registrations file at start. */
    REGISTRATIONS_RESTORED("sip.registrations.restored", Type.COUNTER,
            "Registrations restored from the registrations file at start"),
    /** {@code sip_registration_file_errors_total{op}}: the registrations file could not be read (op=read) or written. */
    REGISTRATION_FILE_ERRORS("sip.registration.file.errors", Type.COUNTER,
            "The registrations file could not be read or written (logged)"),
    /** {@code sip_calls_active}: INVITE dialogs admitted and not yet released. */
    CALLS_ACTIVE("sip.calls.active", Type.GAUGE, "INVITE dialogs currently admitted");

    /** Meter kinds used here. */
    public enum Type { COUNTER, GAUGE }

    /** Tag keys, bounded. */
    public static final String TAG_METHOD = "method";
    public static final String TAG_CLASS = "class";
    public static final String TAG_REASON = "reason";
    public static final String TAG_ACTION = "action";
    public static final String TAG_OP = "op";

    private final String meterName;
    private final Type type;
    private final String help;

    SipMeters(String meterName, Type type, String help) {
        this.meterName = meterName;
        this.type = type;
        this.help = help;
    }

    public String meterName() { return meterName; }

    public Type type() { return type; }

    public String help() { return help; }
}
