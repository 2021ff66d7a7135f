package dev.cti.server.testing;

import dev.cti.pki.TrustAnchors;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** HTTP clients for the server's HTTPS listener that trust one CA only (the generated one, as a user would import it). */
public final class TrustingClients {
    private TrustingClients() {}

    /** An SSL context trusting the CA certificate(s) in {@code caFile} and nothing else. */
    public static SSLContext trusting(Path caFile) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (var cert : TrustAnchors.load(caFile).certificates()) {
            store.setCertificateEntry("ca-" + i++, cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    /** A java.net.http client trusting {@code caFile}. */
    public static HttpClient httpClient(Path caFile) throws Exception {
        return HttpClient.newBuilder().sslContext(trusting(caFile)).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
