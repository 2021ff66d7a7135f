package dev.cti.pki;

import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The TLS material of one site as its configuration says: PEM files where they are configured, the embedded
 * PKI ({@link EmbeddedPki}, in {@code storage.dataDir/pki}) for the rest. The one place both processes ask:
 *
 * <ul>
 *   <li>the server: {@link #linkTrust()} + {@link #linkServer()} for the CTI link, {@link #https()};</li>
 *   <li>the gateway: {@link #linkTrust()} + {@link #gateway(String)}; {@link #sipTls()} for SIP over TLS;</li>
 *   <li>both, first: {@link #prepare(String)}, so whichever starts first makes everything either side needs.</li>
 * </ul>
 *
 * Blocking file I/O and key generation: call at start-up, never on an event loop.
 */
public final class SitePki {
    /** The gateway id {@code GatewayMain} uses without {@code --id}; the embedded set always has its certificate. */
    public static final String DEFAULT_GATEWAY_ID = "gw-1";

    private final CtiConfig config;
    private final Clock clock;
    private EmbeddedPki embedded;

    private SitePki(CtiConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public static SitePki of(CtiConfig config, Clock clock) {
        return new SitePki(config, clock);
    }

    /** The data directory's PKI (created on first use). */
    public synchronized EmbeddedPki embedded() {
        if (embedded == null) {
            embedded = EmbeddedPki.inDataDir(Path.of(config.storage().dataDir()), clock);
        }
        return embedded;
    }

    /**
     * Makes the link's embedded set, unless PEM files are configured for the link: the CA, the server's
     * certificate, gateway {@link #DEFAULT_GATEWAY_ID}'s and {@code gatewayId}'s. Both processes call it first, so
     * whichever starts first makes what both need. (The HTTPS certificate is the server's alone: {@link #https()}.)
     */
    public void prepare(String gatewayId) {
        if (link().embeddedPki()) {
            linkServer();
            gateway(DEFAULT_GATEWAY_ID);
            gateway(gatewayId);
        }
    }

    private NetworkConfig.CtiLink link() {
        return config.network().ctiLink();
    }

    /** The link's CA: the configured {@code caFile} or the embedded CA. */
    public TrustAnchors linkTrust() {
        return link().caFile().map(TrustAnchors::load).orElseGet(() -> embedded().trust());
    }

    /** The server's end of the link, valid for {@code network.ctiLink.host}. */
    public Credential linkServer() {
        if (!link().embeddedPki()) {
            NetworkConfig.PemPair pair = link().server().orElseThrow(() -> new PkiException(
                    "network.ctiLink.serverCertFile and serverKeyFile are required with caFile on the server"));
            Credential c = Credential.load(pair.certFile(), pair.keyFile());
            if (!Identities.isLinkServer(c.certificate())) {
                throw new PkiException(pair.certFile() + " is not a CTI link-server certificate: it needs the "
                        + "subjectAltName URI " + Identities.LINK_SERVER + " and the serverAuth key usage");
            }
            return c;
        }
        return embedded().ensure(EmbeddedPki.LINK_SERVER, LeafSpec.linkServer(List.of(link().host())));
    }

    /** Gateway {@code gatewayId}'s end of the link; a configured certificate must name that id. */
    public Credential gateway(String gatewayId) {
        if (!link().embeddedPki()) {
            NetworkConfig.PemPair pair = link().gateway().orElseThrow(() -> new PkiException(
                    "network.ctiLink.gatewayCertFile and gatewayKeyFile are required with caFile on the gateway"));
            Credential c = Credential.load(pair.certFile(), pair.keyFile());
            Optional<String> id = Identities.gatewayId(c.certificate());
            if (id.isEmpty()) {
                throw new PkiException(pair.certFile() + " is not a CTI gateway certificate: it needs the "
                        + "subjectAltName URI " + Identities.GATEWAY_PREFIX + "ID and the clientAuth key usage");
            }
            if (!id.get().equals(gatewayId)) {
                throw new PkiException(pair.certFile() + " is gateway '" + id.get() + "''s certificate, but this "
                        + "gateway is '" + gatewayId + "' (--id): the server refuses a Hello that does not match");
            }
            return c;
        }
        return embedded().ensure(EmbeddedPki.gatewayBundle(gatewayId), LeafSpec.gateway(gatewayId));
    }

    /** The HTTPS listener's certificate: the configured one, or the embedded one valid for the listener's names. */
    public Credential https() {
        NetworkConfig.Https h = config.network().server().https();
        if (h.pem().isPresent()) {
            return Credential.load(h.pem().get().certFile(), h.pem().get().keyFile());
        }
        List<String> names = new ArrayList<>(h.names());
        names.add(h.host());
        return embedded().ensure(EmbeddedPki.HTTPS, LeafSpec.httpsServer(names));
    }

    /**
     * The gateway's SIP over TLS certificate: the configured one ({@code network.sip.tls.certFile}), or the embedded
     * one ({@code pki/sip-tls/}) valid for {@code sip.host}, {@code sip.domain} and {@code tls.names}. Phones trust
     * the site CA ({@link #sipTlsCaFile()}) to verify it.
     */
    public Credential sipTls() {
        NetworkConfig.Sip sip = config.network().sip();
        if (sip.tls().pem().isPresent()) {
            NetworkConfig.PemPair pair = sip.tls().pem().get();
            Credential c = Credential.load(pair.certFile(), pair.keyFile());
            java.util.List<String> eku;
            try {
                eku = c.certificate().getExtendedKeyUsage();
            } catch (java.security.cert.CertificateParsingException e) {
                eku = null;
            }
            if (eku != null && !eku.contains("1.3.6.1.5.5.7.3.1")) {
                throw new PkiException(pair.certFile() + " is not a TLS server certificate: its extended key usage "
                        + "lacks serverAuth");
            }
            return c;
        }
        List<String> names = new ArrayList<>(sip.tls().names());
        names.add(sip.host());
        names.add(sip.domain());
        return embedded().ensure(EmbeddedPki.SIP_TLS, LeafSpec.sipServer(names));
    }

    /** The CA file phones trust for SIP over TLS when the certificate is the generated one. */
    public Optional<Path> sipTlsCaFile() {
        return config.network().sip().tls().pem().isEmpty() ? Optional.of(embedded().caCertFile()) : Optional.empty();
    }

    /**
     * The embedded CA's certificate file, when the HTTPS certificate is the generated one: what a browser or an
     * agent seat on another machine trusts ({@code bin/cti agent --ca}).
     */
    public Optional<Path> httpsCaFile() {
        return config.network().server().https().pem().isEmpty() ? Optional.of(embedded().caCertFile())
                : Optional.empty();
    }
}
