package dev.cti.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.protocol.digest.DigestAlgorithm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client-side digest header: parsing challenges and writing the answer, checked against the registrar's own
 * (server) code. The response values against the RFCs' examples are DigestResponseTest's, in the protocol module.
 */
class DigestClientTest {

    @Test
    void authorizationAnswersAProxyChallengeWithQopAndEchoesOpaque() {
        String header = "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
                + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
                + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
        DigestClient.Challenge c = DigestClient.parse(header).orElseThrow();
        assertThat(c.qopAuth()).isTrue();
        assertThat(c.algorithm()).isEqualTo("SHA-256");
        String auth = DigestClient.authorization(c, "Mufasa", "Circle of Life", "GET", "/dir/index.html",
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", 1);
        assertThat(auth).startsWith("Digest username=\"Mufasa\", realm=\"http-auth@example.org\"")
                .contains("uri=\"/dir/index.html\"")
                .contains("response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\"")
                .contains("algorithm=SHA-256")
                .contains("qop=auth", "nc=00000001", "cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\"")
                .contains("opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
    }

    @Test
    void withoutQopTheRfc2069FormIsUsedAndTheRegistrarAgrees() {
        DigestClient.Challenge c = DigestClient.parse("Digest realm=\"trunk.example\",nonce=\"n-1\"").orElseThrow();
        assertThat(c.qopAuth()).isFalse();
        assertThat(c.algorithm()).isEqualTo("MD5");
        String auth = DigestClient.authorization(c, "gw", "s3cret", "INVITE", "sip:139@pbx.example:5060", "cn", 1);
        assertThat(auth).doesNotContain("qop").doesNotContain("cnonce").doesNotContain("nc=")
                .doesNotContain("opaque");
        String expected = DigestAlgorithm.MD5.response("gw", "trunk.example", "s3cret", "INVITE",
                "sip:139@pbx.example:5060", "n-1", null, null, null);
        assertThat(auth).contains("response=\"" + expected + "\"");
    }

    @Test
    void unusableChallengesAreRefused() {
        assertThat(DigestClient.parse("Basic realm=\"x\"")).isEmpty();
        assertThat(DigestClient.parse("Digest realm=\"x\", nonce=\"n\", algorithm=SHA-512-256")).isEmpty();
        assertThat(DigestClient.parse("Digest realm=\"x\", nonce=\"n\", qop=\"auth-int\"")).isEmpty();
        assertThat(DigestClient.parse("Digest realm=\"x\"")).isEmpty();
        assertThat(DigestClient.parse(null)).isEmpty();
    }

    @Test
    void parsesQuotedCommasEscapesAndStale() {
        DigestClient.Challenge c = DigestClient.parse(
                "Digest realm=\"a, \\\"b\\\"\", nonce=\"n,1\", stale=TRUE, algorithm=md5-sess, qop=\"auth\"")
                .orElseThrow();
        assertThat(c.realm()).isEqualTo("a, \"b\"");
        assertThat(c.nonce()).isEqualTo("n,1");
        assertThat(c.stale()).isTrue();
        assertThat(DigestClient.authorization(c, "u", "p", "INVITE", "sip:x", "c", 1))
                .contains("realm=\"a, \\\"b\\\"\"");
        assertThat(DigestClient.usable(List.of("Basic realm=\"x\"", "Digest realm=\"r\", nonce=\"1\"")))
                .singleElement().extracting(DigestClient.Challenge::realm).isEqualTo("r");
    }
}
