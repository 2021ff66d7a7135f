package dev.cti.protocol.digest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Published test vectors: RFC 2617 3.5 (MD5) and RFC 7616 3.9.1 (SHA-256), both qop=auth. */
class DigestAlgorithmTest {

    @Test
    void md5MatchesRfc2617Example() {
        assertThat(DigestAlgorithm.MD5.response("Mufasa", "testrealm@host.com", "Circle Of Life", "GET",
                "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth"))
                .isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void sha256MatchesRfc7616Example() {
        assertThat(DigestAlgorithm.SHA_256.response("Mufasa", "http-auth@example.org", "Circle of Life", "GET",
                "/dir/index.html", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "00000001",
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "auth"))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void algorithmTokens() {
        assertThat(DigestAlgorithm.fromToken(null)).contains(DigestAlgorithm.MD5);
        assertThat(DigestAlgorithm.fromToken("sha-256")).contains(DigestAlgorithm.SHA_256);
        assertThat(DigestAlgorithm.fromToken("MD5-sess")).isEmpty();
    }
}
