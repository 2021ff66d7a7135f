package dev.cti.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private certificate authority: its certificate and key, and the issuing of leaf certificates
 * ({@link LeafSpec}) with BouncyCastle's X.509 builder. Keys come from the JDK.
 *
 * <p>Keys are EC P-256 with ECDSA-SHA256: 128-bit security like RSA 3072, generated in about a millisecond
 * (RSA 3072 takes up to seconds, paid at every first start and in every test that makes material), small
 * certificates and fast handshakes, and accepted by every TLS 1.2/1.3 stack we meet (JDK, browsers,
 * OpenSSL, curl). The CA is a root with path length 0: it issues leaves only. Leaves are valid
 * {@link #LEAF_VALIDITY}, from an hour back (clocks of two hosts disagree a little).
 */
public final class PrivateCa {
    public static final Duration CA_VALIDITY = Duration.ofDays(3650);
    public static final Duration LEAF_VALIDITY = Duration.ofDays(730);
    private static final Duration BACKDATE = Duration.ofHours(1);

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final SecureRandom random;

    public PrivateCa(X509Certificate certificate, PrivateKey key, SecureRandom random) {
        if (!Pem.matches(key, certificate)) {
            throw new PkiException("the CA key does not belong to the CA certificate " + certificate.getSubjectX500Principal());
        }
        this.certificate = certificate;
        this.key = key;
        this.random = random;
    }

    /** A new CA named {@code commonName}, valid {@link #CA_VALIDITY} from {@code now}. */
    public static PrivateCa create(String commonName, Instant now, SecureRandom random) {
        KeyPair pair = newKeyPair(random);
        X500Name name = name(commonName);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(random),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(pair.getPublic()));
            return new PrivateCa(sign(b, pair.getPrivate()), pair.getPrivate(), random);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new PkiException("cannot create a CA", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    PrivateKey key() {
        return key;
    }

    /** Issues a new key and certificate for {@code spec}, valid {@link #LEAF_VALIDITY} from {@code now}. */
    public Credential issue(LeafSpec spec, Instant now) {
        KeyPair pair = newKeyPair(random);
        Instant notAfter = now.plus(LEAF_VALIDITY);
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
            notAfter = certificate.getNotAfter().toInstant();
        }
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            List<KeyPurposeId> purposes = new ArrayList<>();
            if (spec.role().serverAuth()) {
                purposes.add(KeyPurposeId.id_kp_serverAuth);
            }
            if (spec.role().clientAuth()) {
                purposes.add(KeyPurposeId.id_kp_clientAuth);
            }
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(random),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), name(spec.commonName()), pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            List<GeneralName> names = new ArrayList<>();
            spec.dnsNames().stream().sorted().forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
            for (String ip : spec.ipAddresses().stream().sorted().toList()) {
                names.add(new GeneralName(GeneralName.iPAddress, ip));
            }
            spec.identityUri().ifPresent(u -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, u)));
            if (!names.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            return new Credential(pair.getPrivate(), List.of(sign(b, key), certificate));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new PkiException("cannot issue a certificate for " + spec.commonName(), e);
        }
    }

    /** Whether {@code cert} was signed by this CA's key. */
    public boolean issued(X509Certificate cert) {
        return issuedBy(cert, certificate.getPublicKey());
    }

    static boolean issuedBy(X509Certificate cert, PublicKey caKey) {
        try {
            cert.verify(caKey);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static KeyPair newKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("the JDK cannot generate EC P-256 keys", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "CTI").addRDN(BCStyle.CN, commonName).build();
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(127, random).setBit(126); // positive, 16 bytes, never zero
    }
}
