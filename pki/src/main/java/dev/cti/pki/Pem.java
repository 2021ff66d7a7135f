package dev.cti.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PEM text in and out: certificates (one or a chain), private keys (read: PKCS#8, and the traditional
 * "EC PRIVATE KEY" / "RSA PRIVATE KEY" forms OpenSSL writes; written: PKCS#8 always), fingerprints, and
 * the check that a key belongs to a certificate.
 */
public final class Pem {
    private Pem() {}

    public static String certificates(List<X509Certificate> chain) {
        StringBuilder out = new StringBuilder();
        for (X509Certificate c : chain) {
            try {
                out.append(block("CERTIFICATE", c.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new PkiException("cannot encode certificate " + c.getSubjectX500Principal(), e);
            }
        }
        return out.toString();
    }

    /** PKCS#8 ("BEGIN PRIVATE KEY"), which every TLS library reads. */
    public static String privateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new PkiException("private key is not PKCS#8 encodable: " + key.getFormat());
        }
        return block("PRIVATE KEY", key.getEncoded());
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Every certificate in the text, in order; fails when there is none. */
    public static List<X509Certificate> readCertificates(String pem, String source) {
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            f.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .forEach(c -> out.add((X509Certificate) c));
            if (out.isEmpty()) {
                throw new PkiException(source + ": no certificate in it (expected -----BEGIN CERTIFICATE-----)");
            }
            return out;
        } catch (CertificateException e) {
            throw new PkiException(source + ": not a PEM certificate (" + e.getMessage() + ")", e);
        }
    }

    /** The first private key in the text. */
    public static PrivateKey readPrivateKey(String pem, String source) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
            }
        } catch (PEMException e) {
            throw new PkiException(source + ": unreadable private key (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new PkiException(source + ": not PEM (" + e.getMessage() + ")", e);
        }
        throw new PkiException(source + ": no unencrypted private key in it (expected -----BEGIN PRIVATE KEY-----)");
    }

    /** Whether {@code key} (EC or RSA) is the private half of {@code cert}'s public key (a signature made and checked). */
    public static boolean matches(PrivateKey key, X509Certificate cert) {
        String alg = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> null;
        };
        if (alg == null || !key.getAlgorithm().equals(cert.getPublicKey().getAlgorithm())) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(challenge);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(cert.getPublicKey());
            v.update(challenge);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** SHA-256 of the certificate's DER, as browsers show it: {@code AB:CD:...} (32 pairs). */
    public static String fingerprint(X509Certificate cert) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").formatHex(d).toUpperCase(Locale.ROOT);
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot fingerprint " + cert.getSubjectX500Principal(), e);
        }
    }
}
