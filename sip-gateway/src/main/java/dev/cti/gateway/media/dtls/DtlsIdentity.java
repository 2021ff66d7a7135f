package dev.cti.gateway.media.dtls;

import dev.cti.pki.Credential;
import dev.cti.pki.LeafSpec;
import dev.cti.pki.PrivateCa;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/**
 * The certificate the gateway's DTLS-SRTP legs present: made at start with the project's key/cert module
 * ({@code pki}), EC P-256, from a throw-away issuer. WebRTC peers trust it by the {@code a=fingerprint} our SDP
 * carries (RFC 5763 §5), not by a chain, so nothing is stored: a restart makes a new one, and each SDP names the
 * current one.
 */
public final class DtlsIdentity {
    private DtlsIdentity() {
    }

    /** A fresh credential; about a millisecond (EC key generation and two signatures). */
    public static Credential create(SecureRandom random, Instant now) {
        PrivateCa issuer = PrivateCa.create("CTI gateway media", now, random);
        return issuer.issue(LeafSpec.sipServer(List.of()), now);
    }

    /** The SHA-256 fingerprint of {@code credential}'s certificate, as our {@code a=fingerprint} gives it. */
    public static DtlsFingerprint fingerprint(Credential credential) {
        try {
            return DtlsFingerprint.of("sha-256", credential.certificate().getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode our DTLS certificate", e);
        }
    }
}
