package dev.cti.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrivateCaTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final SecureRandom random = new SecureRandom();
    private final PrivateCa ca = PrivateCa.create("test CA", NOW, random);

    @Test
    void a_gateway_certificate_names_its_id_is_a_client_certificate_and_chains_to_the_ca() throws Exception {
        Credential gw = ca.issue(LeafSpec.gateway("gw-7"), NOW);
        X509Certificate leaf = gw.certificate();
        assertThat(Identities.gatewayId(leaf)).contains("gw-7");
        assertThat(Identities.isLinkServer(leaf)).isFalse();
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(ca.issued(leaf)).isTrue();
        assertThat(gw.chain()).hasSize(2).element(1).isEqualTo(ca.certificate());
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(NOW.plus(PrivateCa.LEAF_VALIDITY));
        assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void the_ca_is_a_root_that_issues_leaves_only() {
        X509Certificate c = ca.certificate();
        assertThat(c.getBasicConstraints()).isZero();
        assertThat(c.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(c.getSubjectX500Principal()).isEqualTo(c.getIssuerX500Principal());
    }

    @Test
    void another_ca_did_not_issue_it_and_an_https_certificate_is_no_gateway() {
        PrivateCa other = PrivateCa.create("other", NOW, random);
        Credential gw = other.issue(LeafSpec.gateway("gw-1"), NOW);
        assertThat(ca.issued(gw.certificate())).isFalse();
        Credential https = ca.issue(LeafSpec.httpsServer(List.of()), NOW);
        assertThat(Identities.gatewayId(https.certificate())).isEmpty();
        assertThat(Identities.isLinkServer(https.certificate())).isFalse();
    }

    @Test
    void a_server_certificate_covers_loopback_and_the_configured_hosts_but_not_others() {
        LeafSpec spec = LeafSpec.linkServer(List.of("10.1.2.3", "cti.example.com", "0.0.0.0"));
        Credential link = ca.issue(spec, NOW);
        assertThat(Identities.isLinkServer(link.certificate())).isTrue();
        assertThat(spec.covers(link.certificate())).isTrue();
        assertThat(LeafSpec.linkServer(List.of("127.0.0.1")).covers(link.certificate())).isTrue();
        assertThat(LeafSpec.linkServer(List.of("10.9.9.9")).covers(link.certificate())).isFalse();
        assertThat(LeafSpec.gateway("gw-1").covers(link.certificate())).isFalse();
    }

    @Test
    void pem_round_trip_keeps_key_and_chain_and_the_pair_check_catches_a_foreign_key() {
        Credential a = ca.issue(LeafSpec.gateway("gw-1"), NOW);
        Credential b = ca.issue(LeafSpec.gateway("gw-2"), NOW);
        assertThat(a.keyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Pem.readCertificates(a.chainPem(), "a")).containsExactlyElementsOf(a.chain());
        assertThat(Pem.matches(Pem.readPrivateKey(a.keyPem(), "a"), a.certificate())).isTrue();
        assertThat(Pem.matches(b.privateKey(), a.certificate())).isFalse();
        assertThat(a.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void a_gateway_id_that_cannot_be_a_uri_is_refused() {
        assertThatThrownBy(() -> LeafSpec.gateway("gw 1/../x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateway id");
    }
}
