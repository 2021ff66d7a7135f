package dev.cti.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import dev.cti.config.NetworkConfig;
import dev.cti.config.StorageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each process gets from the configuration: the generated set, or the configured files, checked for their role. */
class SitePkiTest {
    @TempDir
    Path tmp;

    private CtiConfig shipped() throws Exception {
        return ConfigLoader.load(Path.of(System.getProperty("cti.repo.root", "..")).resolve("conf"))
                .withStorage(new StorageConfig(tmp.resolve("data").toString(), Optional.empty(), Optional.empty(),
                        Optional.empty()));
    }

    private static CtiConfig withLink(CtiConfig c, NetworkConfig.CtiLink link) {
        NetworkConfig n = c.network();
        return c.withNetwork(new NetworkConfig(n.server(), n.sip(), n.rtp(), link, n.gatewayAdmin()));
    }

    @Test
    void the_embedded_set_covers_the_link_address_and_every_gateway_asked_for() throws Exception {
        CtiConfig config = withLink(shipped(), new NetworkConfig.CtiLink("10.0.0.5", 7070));
        SitePki pki = SitePki.of(config, Clock.systemUTC());
        pki.prepare("gw-7");
        Path dir = tmp.resolve("data/pki");
        assertThat(dir.resolve("gateway-gw-1/cert.pem")).isRegularFile();
        assertThat(dir.resolve("gateway-gw-7/cert.pem")).isRegularFile();
        assertThat(dir.resolve("https")).as("the HTTPS certificate is the server's business").doesNotExist();
        assertThat(LeafSpec.linkServer(List.of("10.0.0.5")).covers(pki.linkServer().certificate())).isTrue();
        assertThat(Identities.gatewayId(pki.gateway("gw-7").certificate())).contains("gw-7");
        assertThat(pki.httpsCaFile()).contains(dir.resolve("ca/cert.pem"));
        assertThat(pki.https().certificate().getIssuerX500Principal())
                .isEqualTo(pki.linkTrust().certificates().get(0).getSubjectX500Principal());
    }

    @Test
    void configured_files_are_used_and_must_carry_the_right_role_and_id() throws Exception {
        PrivateCa ca = PrivateCa.create("corporate CA", java.time.Instant.now(), new SecureRandom());
        Path files = Files.createDirectories(tmp.resolve("etc"));
        Files.writeString(files.resolve("ca.pem"), Pem.certificates(List.of(ca.certificate())));
        write(files, "gw-1", ca.issue(LeafSpec.gateway("gw-1"), java.time.Instant.now()));
        write(files, "server", ca.issue(LeafSpec.linkServer(List.of()), java.time.Instant.now()));
        write(files, "https", ca.issue(LeafSpec.httpsServer(List.of()), java.time.Instant.now()));
        CtiConfig base = shipped();
        CtiConfig config = withLink(base, new NetworkConfig.CtiLink("127.0.0.1", 7070,
                Optional.of(files.resolve("ca.pem")), Optional.of(pair(files, "server")), Optional.of(pair(files, "gw-1"))));
        SitePki pki = SitePki.of(config, Clock.systemUTC());
        pki.prepare("gw-1");
        assertThat(tmp.resolve("data/pki")).as("nothing generated for a configured link").doesNotExist();
        assertThat(pki.linkTrust().fingerprint()).isEqualTo(Pem.fingerprint(ca.certificate()));
        assertThat(Identities.isLinkServer(pki.linkServer().certificate())).isTrue();
        assertThat(pki.gateway("gw-1").fingerprint()).isNotEmpty();
        assertThatThrownBy(() -> pki.gateway("gw-2")).isInstanceOf(PkiException.class)
                .hasMessageContaining("gateway 'gw-1''s certificate").hasMessageContaining("'gw-2'");

        SitePki swapped = SitePki.of(withLink(base, new NetworkConfig.CtiLink("127.0.0.1", 7070,
                Optional.of(files.resolve("ca.pem")), Optional.of(pair(files, "https")), Optional.of(pair(files, "server")))),
                Clock.systemUTC());
        assertThatThrownBy(swapped::linkServer).isInstanceOf(PkiException.class)
                .hasMessageContaining("not a CTI link-server certificate");
        assertThatThrownBy(() -> swapped.gateway("gw-1")).isInstanceOf(PkiException.class)
                .hasMessageContaining("not a CTI gateway certificate");

        SitePki gatewayHostOnly = SitePki.of(withLink(base, new NetworkConfig.CtiLink("127.0.0.1", 7070,
                Optional.of(files.resolve("ca.pem")), Optional.empty(), Optional.of(pair(files, "gw-1")))), Clock.systemUTC());
        assertThatThrownBy(gatewayHostOnly::linkServer).isInstanceOf(PkiException.class)
                .hasMessageContaining("serverCertFile and serverKeyFile are required");
    }

    @Test
    void a_key_that_is_not_the_certificates_is_named() throws Exception {
        PrivateCa ca = PrivateCa.create("CA", java.time.Instant.now(), new SecureRandom());
        Credential a = ca.issue(LeafSpec.gateway("gw-1"), java.time.Instant.now());
        Credential b = ca.issue(LeafSpec.gateway("gw-1"), java.time.Instant.now());
        Files.writeString(tmp.resolve("a.pem"), a.chainPem());
        Files.writeString(tmp.resolve("b.key"), b.keyPem());
        assertThatThrownBy(() -> Credential.load(tmp.resolve("a.pem"), tmp.resolve("b.key")))
                .isInstanceOf(PkiException.class).hasMessageContaining("b.key is not the private key of the certificate in");
    }

    private static void write(Path dir, String name, Credential c) throws Exception {
        Files.writeString(dir.resolve(name + ".pem"), c.chainPem());
        Files.writeString(dir.resolve(name + ".key"), c.keyPem());
    }

    private static NetworkConfig.PemPair pair(Path dir, String name) {
        return new NetworkConfig.PemPair(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
    }

    private static CtiConfig withSipTls(CtiConfig c, NetworkConfig.Tls tls) {
        NetworkConfig n = c.network();
        NetworkConfig.Sip sip = new NetworkConfig.Sip("10.0.0.9", n.sip().udpPort(), n.sip().tcpPort(), "pbx.example.com",
                n.sip().maxCalls(), n.sip().maxRequestsPerSecondPerSource(), n.sip().sessionExpiresSeconds(),
                n.sip().registerMinExpiresSeconds(), n.sip().registerMaxExpiresSeconds(), n.sip().md5OnlyUserAgents(),
                n.sip().registrar(), tls);
        return c.withNetwork(new NetworkConfig(n.server(), sip, n.rtp(), n.ctiLink(), n.gatewayAdmin()));
    }

    @Test
    void the_sip_tls_certificate_is_issued_by_the_site_ca_for_the_sip_host_domain_and_names() throws Exception {
        CtiConfig config = withSipTls(shipped(), new NetworkConfig.Tls(5061, Optional.empty(),
                List.of("sip.example.com", "192.0.2.7"), NetworkConfig.Tls.Srtp.REQUIRED));
        SitePki pki = SitePki.of(config, Clock.systemUTC());
        Credential sip = pki.sipTls();
        assertThat(tmp.resolve("data/pki/sip-tls/cert.pem")).isRegularFile();
        assertThat(LeafSpec.sipServer(List.of("10.0.0.9", "pbx.example.com", "sip.example.com", "192.0.2.7"))
                .covers(sip.certificate())).isTrue();
        assertThat(sip.certificate().getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(sip.certificate().getIssuerX500Principal())
                .isEqualTo(pki.embedded().trust().certificates().get(0).getSubjectX500Principal());
        assertThat(pki.sipTlsCaFile()).contains(tmp.resolve("data/pki/ca/cert.pem"));
        assertThat(pki.sipTls().fingerprint()).as("reused at the next start").isEqualTo(sip.fingerprint());
    }

    @Test
    void a_configured_sip_certificate_must_allow_server_authentication() throws Exception {
        PrivateCa ca = PrivateCa.create("corporate CA", java.time.Instant.now(), new SecureRandom());
        Path files = Files.createDirectories(tmp.resolve("sip"));
        write(files, "sip", ca.issue(LeafSpec.sipServer(List.of("10.0.0.9")), java.time.Instant.now()));
        write(files, "client", ca.issue(LeafSpec.gateway("gw-1"), java.time.Instant.now())); // clientAuth only
        CtiConfig good = withSipTls(shipped(), new NetworkConfig.Tls(5061, Optional.of(new NetworkConfig.PemPair(
                files.resolve("sip.pem"), files.resolve("sip.key"))), List.of(), NetworkConfig.Tls.Srtp.REQUIRED));
        assertThat(SitePki.of(good, Clock.systemUTC()).sipTls().certificate().getIssuerX500Principal())
                .isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(SitePki.of(good, Clock.systemUTC()).sipTlsCaFile()).isEmpty();
        CtiConfig wrongRole = withSipTls(shipped(), new NetworkConfig.Tls(5061, Optional.of(new NetworkConfig.PemPair(
                files.resolve("client.pem"), files.resolve("client.key"))), List.of(), NetworkConfig.Tls.Srtp.REQUIRED));
        assertThatThrownBy(() -> SitePki.of(wrongRole, Clock.systemUTC()).sipTls())
                .isInstanceOf(PkiException.class).hasMessageContaining("lacks serverAuth");
    }
}
