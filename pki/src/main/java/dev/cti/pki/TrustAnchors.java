package dev.cti.pki;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The CA certificates a process accepts a peer's certificate from, and nothing else (not the JDK's public
 * CAs): on the CTI link, only certificates of the link's own CA. Held as PEM text for the TLS library.
 */
public final class TrustAnchors {
    private final List<X509Certificate> certificates;
    private final String pem;

    public TrustAnchors(List<X509Certificate> certificates) {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no CA certificate");
        }
        this.certificates = List.copyOf(certificates);
        this.pem = Pem.certificates(this.certificates);
    }

    public static TrustAnchors load(Path caFile) {
        return new TrustAnchors(Pem.readCertificates(Credential.read(caFile), caFile.toString()));
    }

    public List<X509Certificate> certificates() {
        return certificates;
    }

    public String pem() {
        return pem;
    }

    /** SHA-256 fingerprint of the first CA certificate. */
    public String fingerprint() {
        return Pem.fingerprint(certificates.get(0));
    }
}
