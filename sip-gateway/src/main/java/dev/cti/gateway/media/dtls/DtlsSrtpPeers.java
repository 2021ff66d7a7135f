package dev.cti.gateway.media.dtls;

import dev.cti.pki.Credential;
import dev.cti.protocol.srtp.SrtpKey;
import dev.cti.protocol.srtp.SrtpKeys;
import dev.cti.protocol.srtp.SrtpSuite;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.util.Arrays;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * The two BouncyCastle DTLS peers of a DTLS-SRTP leg (RFC 5764): DTLS 1.2, ECDHE-ECDSA suites (our certificate is
 * EC P-256), the {@code use_srtp} extension with the two AES-CM profiles of our SRTP, mutual authentication by the
 * fingerprints the SDP exchanged (self-signed certificates are the rule in WebRTC: no chain is checked, the
 * fingerprint is the trust), and at the end the SRTP keys exported per RFC 5764 §4.2.
 */
final class DtlsSrtpPeers {
    static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    /** Our preference: 80-bit tags first, like browsers. */
    private static final int[] PROFILES = {SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80,
            SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32};
    private static final int[] SUITES = {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA};
    private static final SignatureAndHashAlgorithm ECDSA_SHA256 =
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    private DtlsSrtpPeers() {
    }

    /** What both peers share: our identity, the fingerprint the peer's certificate must have, the outcome. */
    static final class Shared {
        final JcaTlsCrypto crypto;
        final Credential local;
        final DtlsFingerprint remote;
        volatile int profile = -1;
        volatile SrtpKeys keys;

        Shared(JcaTlsCrypto crypto, Credential local, DtlsFingerprint remote) {
            this.crypto = crypto;
            this.local = local;
            this.remote = remote;
        }

        Certificate certificate() throws IOException {
            try {
                TlsCertificate c = crypto.createCertificate(local.certificate().getEncoded());
                return new Certificate(new TlsCertificate[] {c});
            } catch (CertificateEncodingException e) {
                throw new IOException("cannot encode our DTLS certificate", e);
            }
        }

        TlsCredentialedSigner signer(TlsContext context) throws IOException {
            return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, local.privateKey(),
                    certificate(), ECDSA_SHA256);
        }

        void checkPeer(Certificate peer) throws IOException {
            if (peer == null || peer.isEmpty() || !remote.matches(peer.getCertificateAt(0).getEncoded())) {
                throw new TlsFatalAlert(AlertDescription.bad_certificate,
                        "the peer's DTLS certificate does not match the a=fingerprint of its SDP");
            }
        }

        /** RFC 5764 §4.2: client key, server key, client salt, server salt; ours depends on our side. */
        void export(TlsContext context, boolean server) {
            SrtpSuite suite = profile == SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32
                    ? SrtpSuite.AES_CM_128_HMAC_SHA1_32 : SrtpSuite.AES_CM_128_HMAC_SHA1_80;
            int k = SrtpSuite.KEY_LENGTH;
            int s = SrtpSuite.SALT_LENGTH;
            byte[] m = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, 2 * (k + s));
            SrtpKey client = new SrtpKey(Arrays.copyOfRange(m, 0, k), Arrays.copyOfRange(m, 2 * k, 2 * k + s));
            SrtpKey serverKey = new SrtpKey(Arrays.copyOfRange(m, k, 2 * k), Arrays.copyOfRange(m, 2 * k + s, 2 * (k + s)));
            Arrays.fill(m, (byte) 0);
            keys = server ? new SrtpKeys(suite, serverKey, client) : new SrtpKeys(suite, client, serverKey);
        }
    }

    /** The server end (our {@code a=setup:passive}). */
    static final class Server extends DefaultTlsServer {
        private final Shared shared;

        Server(Shared shared) {
            super(shared.crypto);
            this.shared = shared;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        public int[] getCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), SUITES);
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return HANDSHAKE_TIMEOUT_MILLIS;
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
            return shared.signer(context);
        }

        @Override
        public void processClientExtensions(Hashtable clientExtensions) throws IOException {
            super.processClientExtensions(clientExtensions);
            UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
            if (offered == null) {
                throw new TlsFatalAlert(AlertDescription.handshake_failure, "the DTLS client offered no use_srtp");
            }
            for (int ours : PROFILES) {
                if (Arrays.stream(offered.getProtectionProfiles()).anyMatch(p -> p == ours)) {
                    shared.profile = ours;
                    return;
                }
            }
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
        }

        @Override
        public Hashtable getServerExtensions() throws IOException {
            Hashtable ext = TlsExtensionsUtils.ensureExtensionsInitialised(super.getServerExtensions());
            TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(new int[] {shared.profile}, TlsUtils.EMPTY_BYTES));
            return ext;
        }

        @Override
        public CertificateRequest getCertificateRequest() {
            return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                    TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
        }

        @Override
        public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
            shared.checkPeer(clientCertificate);
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            shared.export(context, true);
        }
    }

    /** The client end (our {@code a=setup:active}). */
    static final class Client extends DefaultTlsClient {
        private final Shared shared;

        Client(Shared shared) {
            super(shared.crypto);
            this.shared = shared;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), SUITES);
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return HANDSHAKE_TIMEOUT_MILLIS;
        }

        @Override
        public Hashtable getClientExtensions() throws IOException {
            Hashtable ext = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
            TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(PROFILES, TlsUtils.EMPTY_BYTES));
            return ext;
        }

        @Override
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            if (chosen == null || chosen.getProtectionProfiles().length != 1
                    || Arrays.stream(PROFILES).noneMatch(p -> p == chosen.getProtectionProfiles()[0])) {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter,
                        "the DTLS server chose no SRTP protection profile of ours");
            }
            shared.profile = chosen.getProtectionProfiles()[0];
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    shared.checkPeer(serverCertificate.getCertificate());
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    return shared.signer(context);
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            shared.export(context, false);
        }
    }
}
