package dev.cti.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A process's own TLS identity: a private key and its certificate chain (leaf first), held as PEM text so
 * TLS libraries (Vert.x {@code PemKeyCertOptions}) take it from memory: the files are read once, checked
 * to belong together, and a file replaced later cannot give a key of one certificate with another.
 */
public final class Credential {
    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final String keyPem;
    private final String chainPem;

    public Credential(PrivateKey key, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("empty certificate chain");
        }
        this.key = key;
        this.chain = List.copyOf(chain);
        this.keyPem = Pem.privateKey(key);
        this.chainPem = Pem.certificates(this.chain);
    }

    /**
     * Reads a certificate (chain) file and its key file and checks that the key is the certificate's.
     *
     * @throws PkiException naming the file that is missing, unreadable, or does not match
     */
    public static Credential load(Path certFile, Path keyFile) {
        List<X509Certificate> chain = Pem.readCertificates(read(certFile), certFile.toString());
        PrivateKey key = Pem.readPrivateKey(read(keyFile), keyFile.toString());
        if (!Pem.matches(key, chain.get(0))) {
            throw new PkiException(keyFile + " is not the private key of the certificate in " + certFile);
        }
        return new Credential(key, chain);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new PkiException(file + ": file not found");
        } catch (IOException e) {
            throw new PkiException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    public PrivateKey privateKey() {
        return key;
    }

    /** The leaf certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    public List<X509Certificate> chain() {
        return chain;
    }

    /** The key as PKCS#8 PEM. */
    public String keyPem() {
        return keyPem;
    }

    /** The chain as PEM, leaf first. */
    public String chainPem() {
        return chainPem;
    }

    /** SHA-256 fingerprint of the leaf certificate ({@code AB:CD:...}). */
    public String fingerprint() {
        return Pem.fingerprint(certificate());
    }

    @Override
    public String toString() {
        return "Credential[" + certificate().getSubjectX500Principal() + ", sha256 " + fingerprint() + "]";
    }
}
