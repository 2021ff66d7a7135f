package dev.cti.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cti.gateway.sip.registrar.DigestAlgorithm;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client-side digest against the RFCs' worked examples and against the registrar's own (server) code. */
class DigestClientTest {

    @Test
    void rfc2617Section35Example() {
        assertThat(DigestClient.response("MD5", "Mufasa", "testrealm@host.com", "Circle Of Life", "GET",
                "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth"))
                .isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void rfc7616Section391ExampleSha256AndMd5() {
        String realm = "http-auth@example.org";
        String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
        String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        assertThat(DigestClient.response("SHA-256", "Mufasa", realm, "Circle of Life", "GET", "/dir/index.html",
                nonce, "00000001", cnonce, "auth"))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
        assertThat(DigestClient.response("MD5", "Mufasa", realm, "Circle of Life", "GET", "/dir/index.html",
                nonce, "00000001", cnonce, "auth"))
                .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    }

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
    void qopResponsesAgreeWithTheRegistrarForBothAlgorithms() {
        for (DigestAlgorithm a : DigestAlgorithm.values()) {
            assertThat(DigestClient.response(a.token(), "1001", "cti.local", "pw", "BYE", "sip:gw@127.0.0.1:5060",
                    "abc", "00000002", "xyz", "auth"))
                    .isEqualTo(a.response("1001", "cti.local", "pw", "BYE", "sip:gw@127.0.0.1:5060", "abc",
                            "00000002", "xyz", "auth"));
        }
    }

    @Test
    void unusableChallengesAreRefused() {
        assertThat(DigestClient.parse("Basic realm=\"x\"")).isEmpty();
        assertThat(DigestClient.parse("Digest realm=\"x\", nonce=\"n\", algorithm=SHA-512-256")).isEmpty();
        assertThat(DigestClient.parse("Digest realm=\"x\", nonce=\"n\", qop=\"auth-int\"")).isEmpty();
        assertThat(DigestClient.parse("Digest realm=\"x\"")).isEmpty();
        assertThat(DigestClient.parse(null)).isEmpty();
        assertThatThrownBy(() -> DigestClient.response("SHA-1", "u", "r", "p", "GET", "/", "n", null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
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
