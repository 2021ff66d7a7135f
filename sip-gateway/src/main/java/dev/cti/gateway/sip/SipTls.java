package dev.cti.gateway.sip;

import dev.cti.pki.Credential;
import gov.nist.core.net.SecurityManagerProvider;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key material of the gateway's SIP over TLS, handed to jain-sip as its {@link SecurityManagerProvider} (an
 * instance, not the class name jain-sip's properties would take, so nothing static carries it): the gateway's own
 * certificate and key (server side towards phones and trunks, and client side towards TLS trunks that ask for one),
 * and the trunks' CAs, the only certificates trusted when the gateway connects to a trunk. Key stores are built in
 * memory by the JDK from the PEM material; nothing is written to disk.
 *
 * <p>Phones present no certificate (client authentication is off on the listener): they authenticate with their
 * digest password as over UDP; TLS protects that exchange and everything after it.
 */
public final class SipTls implements SecurityManagerProvider {
    private static final Logger LOG = LoggerFactory.getLogger(SipTls.class);
    private static final char[] IN_MEMORY = "in-memory".toCharArray(); // protects nothing: the store never leaves RAM

    private final Credential credential;
    private final List<X509Certificate> trunkCas;
    private final KeyManager[] keyManagers;
    private final TrustManager[] trustManagers;
    private final LongAdder refused = new LongAdder();

    /**
     * @param credential the gateway's SIP certificate (chain, leaf first) and key
     * @param trunkCas   CAs of the TLS trunks' certificates; empty: the gateway connects to no TLS trunk (every
     *                   outbound TLS handshake fails)
     */
    public SipTls(Credential credential, List<X509Certificate> trunkCas) {
        this.credential = credential;
        this.trunkCas = List.copyOf(trunkCas);
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("sip", credential.privateKey(), IN_MEMORY,
                    credential.chain().toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, IN_MEMORY);
            keyManagers = kmf.getKeyManagers();
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (X509Certificate ca : this.trunkCas) {
                trust.setCertificateEntry("trunk-ca-" + i++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            TrustManager[] pkix = tmf.getTrustManagers();
            trustManagers = new TrustManager[pkix.length];
            for (int m = 0; m < pkix.length; m++) {
                trustManagers[m] = pkix[m] instanceof X509ExtendedTrustManager x ? new Counting(x) : pkix[m];
            }
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the SIP TLS key stores: " + e.getMessage(), e);
        }
    }

    /**
     * What jain-sip instantiates by class name at stack construction (property SECURITY_MANAGER_PROVIDER) instead of
     * its default, which would look for {@code javax.net.ssl.*} key stores and warn that there are none; the stack's
     * real provider is then the {@link SipTls} instance ({@link SipStackFactory}). Stateless: no TLS without that.
     */
    public static final class Unconfigured implements SecurityManagerProvider {
        @Override
        public void init(Properties properties) {
            // no key stores from properties
        }

        @Override
        public KeyManager[] getKeyManagers(boolean client) {
            return null;
        }

        @Override
        public TrustManager[] getTrustManagers(boolean client) {
            return null;
        }
    }

    /** Peer certificates refused so far (metric {@code sip_tls_certificates_refused_total}). */
    public long refused() {
        return refused.sum();
    }

    /** The gateway's SIP certificate. */
    public Credential credential() {
        return credential;
    }

    /** jain-sip calls this at stack construction with its properties; everything was set up in the constructor. */
    @Override
    public void init(Properties properties) {
        // nothing: the material comes from the constructor, not from javax.net.ssl.* properties
    }

    @Override
    public KeyManager[] getKeyManagers(boolean client) {
        return keyManagers;
    }

    /**
     * Client side (towards trunks): PKIX against the trunks' CAs only. Server side: the same managers, unused while
     * the listener does not ask phones for certificates.
     */
    @Override
    public TrustManager[] getTrustManagers(boolean client) {
        return trustManagers;
    }

    /** The JDK's PKIX trust manager, counting and logging what it refuses. */
    private final class Counting extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager pkix;

        Counting(X509ExtendedTrustManager pkix) {
            this.pkix = pkix;
        }

        private CertificateException refuse(X509Certificate[] chain, CertificateException e) {
            refused.increment();
            LOG.warn("SIP over TLS: refused the certificate of {}: {} (trunks[].caFile names the CA to trust)",
                    chain == null || chain.length == 0 ? "a peer" : chain[0].getSubjectX500Principal(), e.getMessage());
            return e;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            try {
                pkix.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw refuse(chain, e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            try {
                pkix.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                throw refuse(chain, e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                pkix.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw refuse(chain, e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            try {
                pkix.checkClientTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                throw refuse(chain, e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            try {
                pkix.checkClientTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                throw refuse(chain, e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                pkix.checkClientTrusted(chain, authType);
            } catch (CertificateException e) {
                throw refuse(chain, e);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }
}
