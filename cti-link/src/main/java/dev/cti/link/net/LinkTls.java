package dev.cti.link.net;

import dev.cti.pki.Credential;
import dev.cti.pki.Identities;
import dev.cti.pki.TrustAnchors;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * TLS of the CTI link, the same rules on both ends: TLS 1.3 or 1.2 only, this end's own certificate, and trust
 * in the link's CA alone (not the JDK's public CAs).
 *
 * <ul>
 *   <li>The server requires a client certificate ({@link ClientAuth#REQUIRED}) issued by the CA; then
 *       {@link LinkServer} accepts only a gateway certificate ({@link Identities#gatewayId}) and only a
 *       {@code Hello} whose {@code gatewayId} is the one in that certificate.</li>
 *   <li>The gateway checks the server's certificate against the CA and the address it dials (hostname
 *       verification), and that it is a link-server certificate ({@link Identities#isLinkServer}).</li>
 * </ul>
 *
 * Build it from the configuration with {@code dev.cti.pki.SitePki}: {@code LinkTls.of(site.linkServer(),
 * site.linkTrust())} on the server, {@code LinkTls.of(site.gateway(id), site.linkTrust())} on the gateway.
 */
public final class LinkTls {
    /** TLS versions offered and accepted. */
    public static final Set<String> PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");
    static final long HANDSHAKE_TIMEOUT_SECONDS = 10;

    private final Credential own;
    private final TrustAnchors peers;

    private LinkTls(Credential own, TrustAnchors peers) {
        this.own = Objects.requireNonNull(own, "own");
        this.peers = Objects.requireNonNull(peers, "peers");
    }

    /** This end's key and certificate, and the CA the other end's certificate must come from. */
    public static LinkTls of(Credential own, TrustAnchors peers) {
        return new LinkTls(own, peers);
    }

    public Credential credential() {
        return own;
    }

    public TrustAnchors trust() {
        return peers;
    }

    /** Server options: TLS with this certificate, a client certificate from the CA required. */
    public NetServerOptions applyTo(NetServerOptions o) {
        o.setSsl(true).setKeyCertOptions(keyCert()).setTrustOptions(trustOptions())
                .setClientAuth(ClientAuth.REQUIRED).setEnabledSecureTransportProtocols(PROTOCOLS)
                .setSslHandshakeTimeout(HANDSHAKE_TIMEOUT_SECONDS).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
        return o;
    }

    /** Client options: TLS with this certificate, the server's checked against the CA and the host dialled. */
    public NetClientOptions applyTo(NetClientOptions o) {
        o.setSsl(true).setKeyCertOptions(keyCert()).setTrustOptions(trustOptions())
                .setHostnameVerificationAlgorithm("HTTPS").setEnabledSecureTransportProtocols(PROTOCOLS)
                .setSslHandshakeTimeout(HANDSHAKE_TIMEOUT_SECONDS).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
        return o;
    }

    private PemKeyCertOptions keyCert() {
        return new PemKeyCertOptions().setKeyValue(Buffer.buffer(own.keyPem())).setCertValue(Buffer.buffer(own.chainPem()));
    }

    private PemTrustOptions trustOptions() {
        return new PemTrustOptions().addCertValue(Buffer.buffer(peers.pem()));
    }

    /** A loopback address, by its text (no name lookup): 127.0.0.0/8, ::1, localhost. */
    public static boolean loopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    }

    /** The certificate the peer presented on a TLS socket (verified by the handshake), if any. */
    static Optional<X509Certificate> peerCertificate(NetSocket socket) {
        try {
            List<Certificate> chain = socket.peerCertificates();
            return chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate x)
                    ? Optional.empty() : Optional.of(x);
        } catch (SSLPeerUnverifiedException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** True when {@code e} (or a cause) is a TLS failure, as opposed to a refused or timed-out TCP connect. */
    static boolean handshakeFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException || t.getClass().getName().contains("Ssl")) {
                return true;
            }
        }
        return false;
    }
}
