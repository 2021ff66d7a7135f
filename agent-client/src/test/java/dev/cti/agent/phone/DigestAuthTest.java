package dev.cti.agent.phone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.protocol.digest.DigestAlgorithm;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Digest answers against the published examples of RFC 2617 (MD5) and RFC 7616 (SHA-256). */
class DigestAuthTest {

    @Test
    void md5MatchesRfc2617Example() {
        var c = new DigestAuth.Challenge("testrealm@host.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093", null, "auth",
                "5ccc069c403ebaf9f0171e9517f40e41");
        var a = DigestAuth.answer(c, "Mufasa", "Circle Of Life", "GET", "/dir/index.html", 1, "0a4f113b");
        assertThat(a.response()).isEqualTo("6629fae49393a05397450978507c4ef1");
        assertThat(a.nc()).isEqualTo("00000001");
        assertThat(a.algorithm()).isNull(); // not echoed when the challenge did not name one
    }

    @Test
    void sha256MatchesRfc7616Example() {
        var c = new DigestAuth.Challenge("http-auth@example.org", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
                "SHA-256", "auth, auth-int", "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
        var a = DigestAuth.answer(c, "Mufasa", "Circle of Life", "GET", "/dir/index.html", 1,
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");
        assertThat(a.response()).isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
        assertThat(a.algorithm()).isEqualTo("SHA-256");
        assertThat(a.qop()).isEqualTo("auth");
    }

    @Test
    void withoutQopTheOldRfc2069FormIsUsed() {
        var c = new DigestAuth.Challenge("cti.local", "abc", "MD5", null, null);
        var a = DigestAuth.answer(c, "1001", "pw", "REGISTER", "sip:cti.local", 1, "x");
        String ha1 = DigestAlgorithm.MD5.hex("1001:cti.local:pw");
        String ha2 = DigestAlgorithm.MD5.hex("REGISTER:sip:cti.local");
        assertThat(a.response()).isEqualTo(DigestAlgorithm.MD5.hex(ha1 + ":abc:" + ha2));
        assertThat(a.cnonce()).isNull();
        assertThat(a.nc()).isNull();
    }

    @Test
    void sha256IsChosenOverMd5AndUnknownAlgorithmsAreSkipped() {
        var md5 = new DigestAuth.Challenge("r", "n1", "MD5", "auth", null);
        var sha = new DigestAuth.Challenge("r", "n2", "SHA-256", "auth", null);
        var sha512 = new DigestAuth.Challenge("r", "n3", "SHA-512-256", "auth", null);
        assertThat(DigestAuth.choose(List.of(md5, sha))).contains(sha);
        assertThat(DigestAuth.choose(List.of(sha512, md5))).contains(md5);
        assertThat(DigestAuth.choose(List.of(sha512))).isEmpty();
    }
}
