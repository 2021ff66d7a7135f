package dev.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.it.stack.ConfCopy;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/cti up} on the shipped configuration (ports moved to free ones so the test runs anywhere) and a
 * fresh working directory: both components start, the first makes the private CA and the certificates in
 * data/pki, the gateway joins the server over the CTI link (TLS), both answer their health checks, the API answers
 * over HTTPS to a client that trusts that CA (the fingerprint printed at start is the certificate's), and SIGTERM
 * stops everything cleanly.
 */
class UpIT {
    @TempDir
    Path tmp;

    @Test
    void upStartsGatewayAndServerConnectedAndStopsOnSigterm() throws Exception {
        int http = ConfCopy.freeTcp();
        int https = ConfCopy.freeTcp();
        int admin = ConfCopy.freeTcp();
        int link = ConfCopy.freeTcp();
        int sip = ConfCopy.freeUdpAndTcp();
        Path conf = tmp.resolve("conf");
        ConfCopy.copy(CtiCommand.repoRoot().resolve("conf"), conf);
        ConfCopy.copy(CtiCommand.repoRoot().resolve("prompts"), tmp.resolve("prompts"));
        Path site = conf.resolve("site.yaml");
        Files.writeString(site, Files.readString(site)
                .replace("httpPort: 8080", "httpPort: " + http)
                .replace("port: 8443", "port: " + https)
                .replace("httpPort: 8081", "httpPort: " + admin)
                .replace("port: 7070", "port: " + link)
                .replace("udpPort: 5060", "udpPort: " + sip)
                .replace("tcpPort: 5060", "tcpPort: " + sip)
                .replace("      port: 5061 ", "      port: " + ConfCopy.freeTcp() + " ")
                .replace("portMin: 20000", "portMin: 41000")
                .replace("portMax: 29999", "portMax: 41999"));

        // a copy of the demo configuration: its demo SIP passwords need --allow-demo (only conf/ itself gets it alone)
        Process up = CtiCommand.start(tmp, "up", "--config", "conf", "--allow-demo");
        CtiCommand.Output out = new CtiCommand.Output(up);
        HttpClient client = HttpClient.newHttpClient();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> status(client, "http://127.0.0.1:" + http + "/api/health") == 200
                            && status(client, "http://127.0.0.1:" + admin + "/health") == 200);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> body(client, "http://127.0.0.1:" + http + "/metrics").contains("cti_link_connected 1.0"));
            for (int port : new int[] {http, admin}) {
                String scrape = body(client, "http://127.0.0.1:" + port + "/metrics");
                assertThat(promtoolProblems(scrape)).as("promtool check metrics on :" + port).isEmpty();
            }
            assertThat(out.all()).contains("up with configuration conf").contains("supervisor-server started")
                    .contains("sip-gateway started");
            Path ca = tmp.resolve("data/pki/ca/cert.pem");
            assertThat(ca).as("the private CA made on first start").isRegularFile();
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(ca)).build();
            HttpResponse<String> health = trusting.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + https + "/api/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            String fingerprint = java.util.HexFormat.ofDelimiter(":").formatHex(java.security.MessageDigest
                    .getInstance("SHA-256").digest(health.sslSession().orElseThrow().getPeerCertificates()[0].getEncoded()))
                    .toUpperCase(java.util.Locale.ROOT);
            await().atMost(Duration.ofSeconds(5)).until(() -> out.all().contains("HTTPS certificate sha256 " + fingerprint));
            assertThat(out.all()).contains("https://127.0.0.1:" + https).contains("over TLS");
            assertThat(up.isAlive()).isTrue();
            assertThat(Files.exists(tmp.resolve("data"))).as("embedded store under the working directory").isTrue();
        } finally {
            new ProcessBuilder("kill", "-TERM", Long.toString(up.pid())).start().waitFor();
        }
        assertThat(up.waitFor(30, TimeUnit.SECONDS)).as("bin/cti up stops on SIGTERM:\n" + out.all()).isTrue();
        assertThat(up.exitValue()).isZero();
        assertThat(out.all()).contains("cti: stopped");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (ServerSocket s = new ServerSocket(http)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** TLS trusting the CA certificate in {@code caFile} only, as a user who imported it. */
    private static javax.net.ssl.SSLContext trusting(Path caFile) throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (var in = Files.newInputStream(caFile)) {
            store.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    /** What `promtool check metrics` finds wrong in a scrape (empty when clean). */
    private static String promtoolProblems(String scrape) throws Exception {
        String promtool = "/usr/bin/promtool";
        if (!Files.isExecutable(Path.of(promtool))) {
            String hint = "promtool is not installed: apt-get install prometheus (bin/cti test installs it)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(hint);
            }
            org.junit.jupiter.api.Assumptions.abort(hint);
        }
        Process lint = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
        lint.getOutputStream().write(scrape.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        lint.getOutputStream().close();
        String problems = new String(lint.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(lint.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return problems.strip();
    }

    private static int status(HttpClient c, String url) throws Exception {
        return c.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String body(HttpClient c, String url) throws Exception {
        return c.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
