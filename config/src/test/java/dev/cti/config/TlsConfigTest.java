package dev.cti.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing in clear on a network: plain HTTP on loopback only, and the PEM files of HTTPS and the CTI link. */
class TlsConfigTest {
    private static final String CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    private static final String KEY = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n";

    @TempDir
    Path tmp;

    @Test
    void the_shipped_configuration_serves_https_on_8443_and_plain_http_on_loopback() throws Exception {
        CtiConfig c = new ConfigFixture(tmp).load();
        assertThat(c.network().server().host()).isEqualTo("127.0.0.1");
        assertThat(c.network().server().https()).isEqualTo(NetworkConfig.Https.loopback(8443));
        assertThat(c.network().ctiLink().embeddedPki()).isTrue();
    }

    @Test
    void plain_http_on_a_non_loopback_address_is_an_error_at_its_line() {
        ConfigFixture fx = new ConfigFixture(tmp);
        int line = fx.replace("site.yaml", "host: 127.0.0.1           # plain HTTP", "host: 0.0.0.0           # plain HTTP");
        assertThat(fx.errors()).containsExactly(new ConfigError(fx.file("site.yaml"), line, "network.server.host",
                "plain HTTP is allowed on a loopback address only (127.0.0.1, ::1, localhost), got '0.0.0.0'; "
                        + "serve other machines over HTTPS: network.server.https.host"));
    }

    @Test
    void plain_http_on_a_lan_address_is_an_error_and_loopback_spellings_are_fine() throws Exception {
        ConfigFixture lan = new ConfigFixture(tmp.resolve("lan"));
        lan.replace("site.yaml", "host: 127.0.0.1           # plain HTTP", "host: 192.168.1.20           # plain HTTP");
        assertThat(lan.errors()).singleElement().satisfies(e -> assertThat(e.path()).isEqualTo("network.server.host"));
        for (String ok : new String[] {"localhost", "\"::1\"", "127.0.0.2"}) {
            ConfigFixture fx = new ConfigFixture(tmp.resolve(ok.replaceAll("\\W", "_")));
            fx.replace("site.yaml", "host: 127.0.0.1           # plain HTTP", "host: " + ok + "           # plain HTTP");
            fx.load();
        }
        assertThat(ConfigValidator.isLoopback("127.0.0.256")).isFalse();
        assertThat(ConfigValidator.isLoopback("localhost.evil.example")).isFalse();
    }

    @Test
    void https_on_all_addresses_is_fine_and_its_port_must_not_clash() {
        ConfigFixture fx = new ConfigFixture(tmp);
        fx.replace("site.yaml", "      host: 127.0.0.1\n      port: 8443", "      host: 0.0.0.0\n      port: 8080");
        int line = fx.lineOf("site.yaml", "      port: 8080");
        assertThat(fx.errors()).containsExactly(new ConfigError(fx.file("site.yaml"), line, "network.server.https.port",
                "port 8080 is already used by network.server.httpPort (line " + fx.lineOf("site.yaml", "httpPort: 8080")
                        + ")"));
    }

    @Test
    void a_certificate_needs_its_key() {
        ConfigFixture fx = new ConfigFixture(tmp);
        fx.writeFile("https.pem", CERT);
        int line = fx.replace("site.yaml", "      port: 8443", "      port: 8443\n      certFile: https.pem") + 1;
        assertThat(fx.errors()).containsExactly(new ConfigError(fx.file("site.yaml"), line,
                "network.server.https.certFile", "keyFile is required with certFile"));
    }

    @Test
    void configured_https_and_link_files_load_as_absolute_paths() throws Exception {
        ConfigFixture fx = new ConfigFixture(tmp);
        for (String f : new String[] {"https.pem", "ca.pem", "gw.pem"}) {
            fx.writeFile(f, CERT);
        }
        fx.writeFile("https.key", KEY);
        fx.writeFile("gw.key", KEY);
        fx.replace("site.yaml", "      port: 8443", "      port: 8443\n      certFile: https.pem\n      keyFile: https.key");
        fx.replace("site.yaml", "    port: 7070", "    port: 7070\n    caFile: ca.pem\n    gatewayCertFile: gw.pem\n"
                + "    gatewayKeyFile: gw.key");
        CtiConfig c = fx.load();
        assertThat(c.network().server().https().pem()).contains(new NetworkConfig.PemPair(fx.conf.resolve("https.pem")
                .toAbsolutePath().normalize(), fx.conf.resolve("https.key").toAbsolutePath().normalize()));
        NetworkConfig.CtiLink link = c.network().ctiLink();
        assertThat(link.embeddedPki()).isFalse();
        assertThat(link.caFile()).contains(fx.conf.resolve("ca.pem").toAbsolutePath().normalize());
        assertThat(link.server()).isEmpty();
        assertThat(link.gateway()).map(NetworkConfig.PemPair::keyFile)
                .contains(fx.conf.resolve("gw.key").toAbsolutePath().normalize());
    }

    @Test
    void link_certificates_need_the_ca_and_the_ca_needs_a_certificate() {
        ConfigFixture noCa = new ConfigFixture(tmp.resolve("a"));
        noCa.writeFile("gw.pem", CERT);
        noCa.writeFile("gw.key", KEY);
        int line = noCa.replace("site.yaml", "    port: 7070", "    port: 7070\n    gatewayCertFile: gw.pem\n"
                + "    gatewayKeyFile: gw.key") + 1;
        assertThat(noCa.errors()).containsExactly(new ConfigError(noCa.file("site.yaml"), line,
                "network.ctiLink.gatewayCertFile", "needs caFile, the CA that issued the peer's certificate (without "
                        + "PEM files both sides use the CA generated in storage.dataDir/pki)"));

        ConfigFixture caOnly = new ConfigFixture(tmp.resolve("b"));
        caOnly.writeFile("ca.pem", CERT);
        int caLine = caOnly.replace("site.yaml", "    port: 7070", "    port: 7070\n    caFile: ca.pem") + 1;
        assertThat(caOnly.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(caLine);
            assertThat(e.message()).startsWith("caFile needs this host's own certificate as well");
        });
    }

    @Test
    void a_missing_or_non_pem_file_is_named() {
        ConfigFixture fx = new ConfigFixture(tmp);
        fx.writeFile("ca.pem", "just text");
        fx.writeFile("gw.pem", CERT);
        int line = fx.replace("site.yaml", "    port: 7070", "    port: 7070\n    caFile: ca.pem\n    gatewayCertFile: gw.pem\n"
                + "    gatewayKeyFile: nowhere.key") + 1;
        assertThat(fx.errors()).extracting(ConfigError::line, ConfigError::message).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(line, fx.conf.resolve("ca.pem")
                        + " holds no PEM CERTIFICATE (-----BEGIN CERTIFICATE-----)"),
                org.assertj.core.groups.Tuple.tuple(line + 2, "file not found: " + fx.conf.resolve("nowhere.key")));
    }

    @Test
    void the_shipped_gateway_listens_for_sip_over_tls_on_5061_with_srtp_required() throws Exception {
        NetworkConfig.Tls tls = new ConfigFixture(tmp).load().network().sip().tls();
        assertThat(tls.port()).isEqualTo(5061);
        assertThat(tls.enabled()).isTrue();
        assertThat(tls.pem()).as("the site CA's certificate").isEmpty();
        assertThat(tls.srtp()).isEqualTo(NetworkConfig.Tls.Srtp.REQUIRED);
    }

    @Test
    void a_tls_trunk_needs_its_ca_and_tls_on_and_a_ca_needs_a_tls_trunk() throws Exception {
        ConfigFixture noCa = new ConfigFixture(tmp.resolve("no-ca"));
        int line = noCa.replace("site.yaml", "    transport: udp", "    transport: tls");
        assertThat(noCa.errors()).containsExactly(new ConfigError(noCa.file("site.yaml"), line, "trunks[0].transport",
                "transport tls needs caFile: the CA that issued the trunk's certificate"));

        ConfigFixture ok = new ConfigFixture(tmp.resolve("ok"));
        ok.writeFile("trunk-ca.pem", CERT);
        ok.replace("site.yaml", "    transport: udp", "    transport: tls\n    caFile: trunk-ca.pem");
        TrunkConfig trunk = ok.load().trunks().get(0);
        assertThat(trunk.transport()).isEqualTo(TrunkConfig.Transport.TLS);
        assertThat(trunk.caFile()).contains(tmp.resolve("ok/conf/trunk-ca.pem").toAbsolutePath().normalize());

        ConfigFixture off = new ConfigFixture(tmp.resolve("off"));
        off.writeFile("trunk-ca.pem", CERT);
        off.replace("site.yaml", "      port: 5061 ", "      port: 0 ");
        int tlsLine = off.replace("site.yaml", "    transport: udp", "    transport: tls\n    caFile: trunk-ca.pem");
        assertThat(off.errors()).containsExactly(new ConfigError(off.file("site.yaml"), tlsLine, "trunks[0].transport",
                "transport tls needs network.sip.tls.port (it is 0: TLS is off)"));

        ConfigFixture udpCa = new ConfigFixture(tmp.resolve("udp-ca"));
        udpCa.writeFile("trunk-ca.pem", CERT);
        udpCa.replace("site.yaml", "    transport: udp", "    transport: udp\n    caFile: trunk-ca.pem");
        int caLine = udpCa.lineOf("site.yaml", "    caFile: trunk-ca.pem");
        assertThat(udpCa.errors()).containsExactly(new ConfigError(udpCa.file("site.yaml"), caLine, "trunks[0].caFile",
                "caFile is only used with transport tls"));
    }

    @Test
    void the_sip_tls_port_must_not_clash_and_its_certificate_needs_its_key() {
        ConfigFixture clash = new ConfigFixture(tmp.resolve("clash"));
        int line = clash.replace("site.yaml", "      port: 5061 ", "      port: 5060 ");
        assertThat(clash.errors()).containsExactly(new ConfigError(clash.file("site.yaml"), line,
                "network.sip.tls.port", "port 5060 is already used by network.sip.tcpPort (line "
                        + clash.lineOf("site.yaml", "tcpPort: 5060") + ")"));
        ConfigFixture half = new ConfigFixture(tmp.resolve("half"));
        half.writeFile("sip.pem", CERT);
        int certLine = half.replace("site.yaml", "      srtp: required", "      srtp: required\n      certFile: sip.pem");
        assertThat(half.errors()).containsExactly(new ConfigError(half.file("site.yaml"), certLine + 1,
                "network.sip.tls.certFile", "keyFile is required with certFile"));
    }
}
