package dev.cti.protocol.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 4568 {@code a=crypto} attributes: what parses, what is usable, what is refused, and that no error says a key. */
class SdesCryptoTest {
    /** RFC 4568 §9.1's example key. */
    static final String RFC_KEY = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";

    @Test
    void parsesTheRfcExampleAndWritesItBack() throws Exception {
        SdesCrypto c = SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|2^20|1:4");
        assertThat(c.tag()).isEqualTo(1);
        assertThat(c.suite()).contains(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        assertThat(c.usable()).as("an MKI: legal, but not ours").isFalse();

        SdesCrypto plain = SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + "|2^20");
        assertThat(plain.usable()).isTrue();
        assertThat(plain.key().orElseThrow().inline()).isEqualTo(RFC_KEY);
        assertThat(plain.value()).isEqualTo("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY);

        SdesCrypto short32 = SdesCrypto.parse("2 AES_CM_128_HMAC_SHA1_32 inline:" + RFC_KEY);
        assertThat(short32.suite()).contains(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
        assertThat(short32.usable()).isTrue();
        assertThat(short32.line()).isEqualTo("a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + RFC_KEY + "\r\n");
    }

    @Test
    void keyAndSaltAreTheInlineBytesInOrder() throws Exception {
        SrtpKey k = SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY).key().orElseThrow();
        byte[] raw = java.util.Base64.getDecoder().decode(RFC_KEY);
        assertThat(HexFormat.of().formatHex(k.masterKey())).isEqualTo(HexFormat.of().formatHex(raw, 0, 16));
        assertThat(HexFormat.of().formatHex(k.masterSalt())).isEqualTo(HexFormat.of().formatHex(raw, 16, 30));
    }

    @Test
    void otherSuitesAndSessionParametersParseButAreNotUsable() throws Exception {
        SdesCrypto gcm = SdesCrypto.parse("3 AEAD_AES_256_GCM inline:" + RFC_KEY + RFC_KEY);
        assertThat(gcm.suite()).isEmpty();
        assertThat(gcm.usable()).isFalse();
        assertThat(gcm.suiteName()).isEqualTo("AEAD_AES_256_GCM");
        assertThat(SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + " UNENCRYPTED_SRTP").usable())
                .as("session parameters").isFalse();
        assertThat(SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + RFC_KEY + ";inline:" + RFC_KEY).usable())
                .as("two keys (MKIs)").isFalse();
    }

    @Test
    void badInputIsAClearErrorThatNeverRepeatsTheKey() {
        String secret = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNk"; // 30 bytes, would be a key
        assertThatThrownBy(() -> SdesCrypto.parse("x AES_CM_128_HMAC_SHA1_80 inline:" + secret))
                .isInstanceOf(SdesException.class).hasMessageContaining("tag must be a number")
                .hasMessageNotContaining(secret);
        assertThatThrownBy(() -> SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80"))
                .isInstanceOf(SdesException.class).hasMessageContaining("needs <tag> <crypto-suite> <key-params>");
        assertThatThrownBy(() -> SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 uri:https://keys.example/" + secret))
                .isInstanceOf(SdesException.class).hasMessageContaining("key method must be inline:")
                .hasMessageNotContaining(secret);
        assertThatThrownBy(() -> SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + secret + "AAAA"))
                .isInstanceOf(SdesException.class).hasMessage("a=crypto:1 AES_CM_128_HMAC_SHA1_80: the key is 33 "
                        + "bytes, not 30 (16-byte master key and 14-byte salt)");
        assertThatThrownBy(() -> SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + secret.replace('Q', '*')))
                .isInstanceOf(SdesException.class).hasMessage("a=crypto:1 AES_CM_128_HMAC_SHA1_80: the key is not base64");
        assertThatThrownBy(() -> SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + secret + "|forever"))
                .isInstanceOf(SdesException.class).hasMessageContaining("lifetime must be a number")
                .hasMessageNotContaining(secret);
        assertThatThrownBy(() -> SdesCrypto.parse("1234567890 AES_CM_128_HMAC_SHA1_80 inline:" + secret))
                .isInstanceOf(SdesException.class).hasMessageContaining("at most 9 digits");
    }

    @Test
    void keysNeverPrintThemselves() {
        SrtpKey k = SrtpKey.random(new Random(7));
        SdesCrypto c = SdesCrypto.of(5, SrtpSuite.AES_CM_128_HMAC_SHA1_32, k);
        assertThat(k.toString()).doesNotContain(k.inline());
        assertThat(c.toString()).doesNotContain(k.inline()).contains("5 AES_CM_128_HMAC_SHA1_32");
        assertThat(new SrtpKeys(SrtpSuite.AES_CM_128_HMAC_SHA1_80, k, k).toString()).doesNotContain(k.inline());
    }
}
