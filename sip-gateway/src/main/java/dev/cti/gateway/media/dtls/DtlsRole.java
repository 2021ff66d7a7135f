package dev.cti.gateway.media.dtls;

import java.util.Locale;

/**
 * Which end of the DTLS handshake the gateway is on a leg, from the SDP {@code a=setup} attributes (RFC 4145, RFC
 * 5763 §5): {@code active} connects (DTLS client), {@code passive} accepts (DTLS server).
 */
public enum DtlsRole {
    CLIENT("active"),
    SERVER("passive");

    private final String setup;

    DtlsRole(String setup) {
        this.setup = setup;
    }

    /** What our {@code a=setup} says for this role. */
    public String setup() {
        return setup;
    }

    /**
     * Our role when answering an offer whose {@code a=setup} is {@code offered}: {@code actpass} (what browsers
     * offer) and {@code active} make us the server, {@code passive} the client (RFC 5763 §5).
     *
     * @throws IllegalArgumentException for {@code holdconn} or anything else
     */
    public static DtlsRole answering(String offered) {
        return switch (offered == null ? "" : offered.trim().toLowerCase(Locale.ROOT)) {
            case "actpass", "active" -> SERVER;
            case "passive" -> CLIENT;
            default -> throw new IllegalArgumentException("a=setup:" + offered
                    + " (a DTLS-SRTP offer says actpass, active or passive)");
        };
    }

    /** Our role after we offered {@code actpass} and the answer said {@code answered}. */
    public static DtlsRole offered(String answered) {
        return switch (answered == null ? "" : answered.trim().toLowerCase(Locale.ROOT)) {
            case "active" -> SERVER;
            case "passive" -> CLIENT;
            default -> throw new IllegalArgumentException("a=setup:" + answered
                    + " (a DTLS-SRTP answer says active or passive)");
        };
    }
}
