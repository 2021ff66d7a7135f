package dev.cti.pki;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The private CA and certificates of the embedded default, kept in {@code <storage.dataDir>/pki}, made by the
 * first process that needs them (server or gateway, whichever starts first) and reused by every later start:
 *
 * <pre>
 * pki/ca/cert.pem, key.pem            the private CA (key: only here; see docs/SECURITY.md)
 * pki/link-server/cert.pem, key.pem   the server's end of the CTI link (urn:cti:link-server)
 * pki/gateway-ID/cert.pem, key.pem    gateway ID's end of the link (urn:cti:gateway:ID)
 * pki/https/cert.pem, key.pem         the HTTPS listener
 * pki/sip-tls/cert.pem, key.pem       the gateway's SIP over TLS listener (phones and trunks)
 * </pre>
 *
 * <p>Race-free without locks: every bundle (the CA too) is published whole by one atomic rename, and when two
 * processes publish the same one the first wins and the other reads it ({@link PkiDirectory}). A leaf that no
 * longer covers what the configuration needs (a new link address, another HTTPS name), that another CA issued,
 * or that expires within {@link #RENEW_BEFORE}, is issued anew at start. Blocking file I/O: call at start-up,
 * never on an event loop.
 */
public final class EmbeddedPki {
    public static final String CA = "ca";
    public static final String LINK_SERVER = "link-server";
    public static final String HTTPS = "https";
    public static final String SERVER_CLIENT = "server-client";
    public static final String SIP_TLS = "sip-tls";
    public static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPki.class);

    private final PkiDirectory store;
    private final Clock clock;
    private final SecureRandom random;

    public EmbeddedPki(Path pkiDir, Clock clock, SecureRandom random) {
        this.store = new PkiDirectory(pkiDir);
        this.clock = clock;
        this.random = random;
        store.sweep();
    }

    /** The PKI of a data directory: {@code dataDir/pki}. */
    public static EmbeddedPki inDataDir(Path dataDir, Clock clock) {
        return new EmbeddedPki(dataDir.resolve("pki"), clock, new SecureRandom());
    }

    public static String gatewayBundle(String gatewayId) {
        Identities.gateway(gatewayId); // checks the id
        return "gateway-" + gatewayId;
    }

    public Path dir() {
        return store.dir();
    }

    /** The CA certificate file: what a peer or a browser trusts. */
    public Path caCertFile() {
        return store.cert(CA);
    }

    public Path certFile(String bundle) {
        return store.cert(bundle);
    }

    public Path keyFile(String bundle) {
        return store.key(bundle);
    }

    /** The CA's certificate, creating the CA if there is none. */
    public TrustAnchors trust() {
        return new TrustAnchors(List.of(caCertificate()));
    }

    private X509Certificate caCertificate() {
        Optional<List<X509Certificate>> existing = store.certificates(CA);
        if (existing.isPresent()) {
            return existing.get().get(0);
        }
        PrivateCa ca = PrivateCa.create("CTI private CA " + Instant.now(clock).toString().substring(0, 10), clock.instant(),
                random);
        if (store.publish(CA, List.of(ca.certificate()), Optional.of(ca.key()))) {
            LOG.info("generated a private CA in {} (sha256 {})", store.dir().resolve(CA), Pem.fingerprint(ca.certificate()));
            return ca.certificate();
        }
        return store.certificates(CA).orElseThrow(() -> new PkiException(caCertFile() + " vanished")).get(0);
    }

    /**
     * The bundle {@code name} as {@code spec} requires it: the existing one if it covers the spec, was issued by
     * this CA and is not about to expire; otherwise a new one, issued with the CA's key.
     *
     * @throws PkiException when a certificate must be issued and the CA key is not here (moved off-line)
     */
    public Credential ensure(String name, LeafSpec spec) {
        X509Certificate caCert = caCertificate();
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<Credential> current = read(name);
            if (current.isPresent() && good(current.get(), spec, caCert)) {
                return current.get();
            }
            PrivateKey caKey = store.key(CA, false).orElseThrow(() -> new PkiException(current.isPresent()
                    ? store.cert(name) + " does not fit the configuration (or expires soon) and the CA key is not in "
                    + store.key(CA) + " to issue a new one: issue it where the CA key is (bin/cti pki) and copy it here"
                    : store.cert(name) + " is missing and the CA key is not in " + store.key(CA)
                    + " to issue it: issue it where the CA key is (bin/cti pki) and copy it here"));
            Credential issued = new PrivateCa(caCert, caKey, random).issue(spec, clock.instant());
            if (current.isEmpty()) {
                if (store.publish(name, issued.chain(), Optional.of(issued.privateKey()))) {
                    LOG.info("issued {} for {} (sha256 {})", store.dir().resolve(name), spec.commonName(), issued.fingerprint());
                    return issued;
                }
            } else {
                LOG.info("renewing {}: it does not cover {} or expires before {}", store.cert(name), spec,
                        clock.instant().plus(RENEW_BEFORE));
                store.replace(name, issued.chain(), Optional.of(issued.privateKey()));
            }
            // lost a race, or replaced: read what is there now and check it again
        }
        throw new PkiException("could not settle " + store.dir().resolve(name) + " (changed by another process "
                + "five times in a row)");
    }

    private boolean good(Credential c, LeafSpec spec, X509Certificate caCert) {
        X509Certificate leaf = c.certificate();
        return spec.covers(leaf) && PrivateCa.issuedBy(leaf, caCert.getPublicKey())
                && leaf.getNotAfter().toInstant().isAfter(clock.instant().plus(RENEW_BEFORE));
    }

    /**
     * The bundle as it is on disk, key checked against certificate. A bundle being replaced by another process
     * at this very moment may read half old, half gone: read again a few times before giving up.
     */
    private Optional<Credential> read(String name) {
        PkiException last = null;
        for (int i = 0; i < 5; i++) {
            if (!store.exists(name)) {
                return Optional.empty();
            }
            try {
                return Optional.of(Credential.load(store.cert(name), store.key(name)));
            } catch (PkiException e) {
                last = e;
                Thread.onSpinWait();
            }
        }
        throw last;
    }
}
