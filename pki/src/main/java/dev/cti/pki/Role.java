package dev.cti.pki;

/**
 * What a certificate is for. The role decides the extended key usage and the identity URI (a
 * subjectAltName {@code uniformResourceIdentifier}) the certificate carries, so a peer can refuse a
 * certificate that chains to the right CA but was issued for something else (an HTTPS certificate
 * presented on the CTI link, a link-server certificate offered as a gateway's).
 */
public enum Role {
    /** The supervisor server's end of the CTI link (TLS server). */
    LINK_SERVER(true, false),
    /** A sip-gateway's end of the CTI link (TLS client); its identity URI names the gateway id. */
    GATEWAY(false, true),
    /** The supervisor server's HTTPS listener: REST, WebSocket, wallboard, /metrics. */
    HTTPS_SERVER(true, false),
    /**
     * The supervisor server as a TLS client of a gateway's admin listener (fetching recordings over mutual
     * TLS). Not issued by the embedded set yet: the PKI is ready for it ({@link EmbeddedPki#ensure}).
     */
    SERVER_CLIENT(false, true),
    /**
     * The sip-gateway's SIP over TLS listener, for phones and trunks: serverAuth, and clientAuth too because the
     * gateway presents the same certificate when it connects to a TLS trunk (mutual TLS where the trunk asks).
     */
    SIP_SERVER(true, true);

    private final boolean serverAuth;
    private final boolean clientAuth;

    Role(boolean serverAuth, boolean clientAuth) {
        this.serverAuth = serverAuth;
        this.clientAuth = clientAuth;
    }

    /** Whether the certificate's extended key usage is id-kp-serverAuth. */
    public boolean serverAuth() {
        return serverAuth;
    }

    /** Whether the certificate's extended key usage is id-kp-clientAuth. */
    public boolean clientAuth() {
        return clientAuth;
    }
}
