package dev.cti.protocol.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The answer to a challenge against the RFCs' worked examples and against the registrar's formula (moved from the
 * gateway's DigestClientTest with the code).
 */
class DigestResponseTest {

    @Test
    void rfc2617Section35Example() {
        assertThat(DigestResponse.response("MD5", "Mufasa", "testrealm@host.com", "Circle Of Life", "GET",
                "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth"))
                .isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void rfc7616Section391ExampleSha256AndMd5() {
        String realm = "http-auth@example.org";
        String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
        String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        assertThat(DigestResponse.response("SHA-256", "Mufasa", realm, "Circle of Life", "GET", "/dir/index.html",
                nonce, "00000001", cnonce, "auth"))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
        assertThat(DigestResponse.response("MD5", "Mufasa", realm, "Circle of Life", "GET", "/dir/index.html",
                nonce, "00000001", cnonce, "auth"))
                .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    }

    @Test
    void qopResponsesAgreeWithTheRegistrarForBothAlgorithms() {
        for (DigestAlgorithm a : DigestAlgorithm.values()) {
            assertThat(DigestResponse.response(a.token(), "1001", "cti.local", "pw", "BYE", "sip:gw@127.0.0.1:5060",
                    "abc", "00000002", "xyz", "auth"))
                    .isEqualTo(a.response("1001", "cti.local", "pw", "BYE", "sip:gw@127.0.0.1:5060", "abc",
                            "00000002", "xyz", "auth"));
        }
    }

    @Test
    void anAlgorithmWeCannotComputeIsRefused() {
        assertThatThrownBy(() -> DigestResponse.response("SHA-1", "u", "r", "p", "GET", "/", "n", null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
