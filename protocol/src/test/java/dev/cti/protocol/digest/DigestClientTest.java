package dev.cti.protocol.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client side of digest: parsing challenges, choosing among them and writing the answer (the gateway's answers
 * to its trunks, the softphone's to the registrar), against the published examples of RFC 2617 (MD5) and RFC 7616
 * (SHA-256) and the registrar's own (server) formula. The response values alone are DigestResponseTest's.
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
        String auth = DigestClient.answer(c, "Mufasa", "Circle of Life", "GET", "/dir/index.html", 1,
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ").headerValue();
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
        String auth = DigestClient.answer(c, "gw", "s3cret", "INVITE", "sip:139@pbx.example:5060", 1, "cn")
                .headerValue();
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
        assertThat(DigestClient.answer(c, "u", "p", "INVITE", "sip:x", 1, "c").headerValue())
                .contains("realm=\"a, \\\"b\\\"\"");
        assertThat(DigestClient.usable(List.of("Basic realm=\"x\"", "Digest realm=\"r\", nonce=\"1\"")))
                .singleElement().extracting(DigestClient.Challenge::realm).isEqualTo("r");
    }

    @Test
    void md5MatchesRfc2617Example() {
        var c = DigestClient.Challenge.of("testrealm@host.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093", null, "auth",
                "5ccc069c403ebaf9f0171e9517f40e41");
        var a = DigestClient.answer(c, "Mufasa", "Circle Of Life", "GET", "/dir/index.html", 1, "0a4f113b");
        assertThat(a.response()).isEqualTo("6629fae49393a05397450978507c4ef1");
        assertThat(a.nc()).isEqualTo("00000001");
        assertThat(a.algorithm()).isNull(); // not echoed when the challenge did not name one
    }

    @Test
    void sha256MatchesRfc7616Example() {
        var c = DigestClient.Challenge.of("http-auth@example.org", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
                "SHA-256", "auth, auth-int", "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
        var a = DigestClient.answer(c, "Mufasa", "Circle of Life", "GET", "/dir/index.html", 1,
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");
        assertThat(a.response()).isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
        assertThat(a.algorithm()).isEqualTo("SHA-256");
        assertThat(a.qop()).isEqualTo("auth");
    }

    @Test
    void withoutQopTheOldRfc2069FormIsUsed() {
        var c = DigestClient.Challenge.of("cti.local", "abc", "MD5", null, null);
        var a = DigestClient.answer(c, "1001", "pw", "REGISTER", "sip:cti.local", 1, "x");
        String ha1 = DigestAlgorithm.MD5.hex("1001:cti.local:pw");
        String ha2 = DigestAlgorithm.MD5.hex("REGISTER:sip:cti.local");
        assertThat(a.response()).isEqualTo(DigestAlgorithm.MD5.hex(ha1 + ":abc:" + ha2));
        assertThat(a.cnonce()).isNull();
        assertThat(a.nc()).isNull();
    }

    @Test
    void sha256IsChosenOverMd5AndUnknownAlgorithmsAreSkipped() {
        var md5 = DigestClient.Challenge.of("r", "n1", "MD5", "auth", null);
        var sha = DigestClient.Challenge.of("r", "n2", "SHA-256", "auth", null);
        var sha512 = DigestClient.Challenge.of("r", "n3", "SHA-512-256", "auth", null);
        assertThat(DigestClient.choose(List.of(md5, sha))).contains(sha);
        assertThat(DigestClient.choose(List.of(sha512, md5))).contains(md5);
        assertThat(DigestClient.choose(List.of(sha512))).isEmpty();
    }
}
