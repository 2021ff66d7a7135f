package dev.cti.gateway.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cti.gateway.media.RemoteMedia;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.sdp.MediaDescription;
import dev.cti.protocol.sdp.MediaDirection;
import dev.cti.protocol.sdp.SdpException;
import dev.cti.protocol.sdp.SdpFixtures;
import dev.cti.protocol.sdp.SdpParser;
import dev.cti.protocol.srtp.SdesCrypto;
import dev.cti.protocol.srtp.SrtpKey;
import dev.cti.protocol.srtp.SrtpSuite;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RTP/SAVP offers and answers with SDES keys on TLS legs, and their refusal on plain ones. */
class SrtpNegotiationTest {
    static final String KEY_80 = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNk";
    private final Random random = new Random(11);
    private final MediaSecurity tls = MediaSecurity.srtp(MediaSecurity.Mode.SRTP_REQUIRED, random);

    private SdpNegotiator negotiator(MediaSecurity security) {
        return new SdpNegotiator("10.0.0.5", List.of(G711.PCMU, G711.PCMA), security);
    }

    @Test
    void aTlsLegAnswersTheFirstUsableCryptoLineWithItsTagAndOurKey() throws Exception {
        SdpNegotiator.Answer answer = negotiator(tls).answer(SdpFixtures.parse("offer-savp-gcm-then-sha1-32-then-80.sdp"),
                20000, 1, 1);
        var keys = answer.media().srtp().orElseThrow();
        assertThat(keys.suite()).as("GCM is not ours: the next line, _32").isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
        assertThat(answer.media().cryptoTag()).isEqualTo(4);
        assertThat(keys.remote().inline()).isEqualTo("PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR");
        assertThat(keys.local()).isEqualTo(tls.localFor(SrtpSuite.AES_CM_128_HMAC_SHA1_32).orElseThrow().key().orElseThrow());
        MediaDescription audio = SdpParser.parse(answer.sdp()).media().get(0);
        assertThat(audio.protocol()).isEqualTo("RTP/SAVP");
        assertThat(audio.cryptos()).hasSize(1);
        assertThat(audio.cryptos().get(0).tag()).isEqualTo(4);
        assertThat(audio.cryptos().get(0).key()).contains(keys.local());
        assertThat(RemoteMedia.from(answer.media()).srtp()).isEqualTo(keys);
    }

    @Test
    void ourOfferCarriesOneLinePerSuiteAndTheAnswerPicksOne() throws Exception {
        String offer = negotiator(tls).offer(20002, MediaDirection.SENDRECV, 1, 1);
        MediaDescription audio = SdpParser.parse(offer).media().get(0);
        assertThat(audio.protocol()).isEqualTo("RTP/SAVP");
        assertThat(audio.cryptos()).extracting(SdesCrypto::tag).containsExactly(1, 2);
        assertThat(audio.cryptos()).extracting(c -> c.suite().orElseThrow())
                .containsExactly(SrtpSuite.AES_CM_128_HMAC_SHA1_80, SrtpSuite.AES_CM_128_HMAC_SHA1_32);
        assertThat(audio.cryptos().get(0).key()).isNotEqualTo(audio.cryptos().get(1).key());

        // the peer (another gateway) answers from our offer: it picks tag 1
        MediaSecurity peer = MediaSecurity.srtp(MediaSecurity.Mode.SRTP_REQUIRED, random);
        SdpNegotiator.Answer theirs = negotiator(peer).answer(SdpParser.parse(offer), 30000, 2, 1);
        NegotiatedMedia agreed = negotiator(tls).accept(SdpParser.parse(theirs.sdp()));
        assertThat(agreed.cryptoTag()).isEqualTo(1);
        assertThat(agreed.srtp().orElseThrow().local()).isEqualTo(theirs.media().srtp().orElseThrow().remote());
        assertThat(agreed.srtp().orElseThrow().remote()).isEqualTo(theirs.media().srtp().orElseThrow().local());

        // after the exchange we repeat the agreed line only, with the same key
        MediaSecurity narrowed = tls.agreed(SrtpSuite.AES_CM_128_HMAC_SHA1_80, 1);
        MediaDescription refresh = SdpParser.parse(negotiator(narrowed).offer(20002, MediaDirection.SENDRECV, 1, 2))
                .media().get(0);
        assertThat(refresh.cryptos()).hasSize(1);
        assertThat(refresh.cryptos().get(0).key()).isEqualTo(audio.cryptos().get(0).key());
    }

    @Test
    void anAnswerWithoutOurTagOrInPlainRtpIsRefused() throws Exception {
        String plainAnswer = negotiator(MediaSecurity.PLAIN).answer(
                SdpFixtures.parse("offer-pcmu-pcma-telephone-event.sdp"), 30000, 1, 1).sdp();
        assertThatThrownBy(() -> negotiator(tls).accept(SdpParser.parse(plainAnswer)))
                .isInstanceOf(SdpException.class).hasMessageContaining("we offered RTP/SAVP");
        String otherTag = negotiator(tls).answer(SdpFixtures.parse("offer-savp-pcmu-sha1-80.sdp"), 30000, 1, 1).sdp()
                .replace("a=crypto:1 ", "a=crypto:9 ");
        assertThatThrownBy(() -> negotiator(tls).accept(SdpParser.parse(otherTag)))
                .isInstanceOf(SdpException.class).hasMessageContaining("no usable a=crypto line with a tag and suite we offered");
    }

    @Test
    void aPlainLegRefusesSrtpAndNeverWritesAKey() throws Exception {
        SdpNegotiator plain = negotiator(MediaSecurity.PLAIN);
        assertThatThrownBy(() -> plain.answer(SdpFixtures.parse("offer-savp-pcmu-sha1-80.sdp"), 20000, 1, 1))
                .isInstanceOf(SdpException.class)
                .hasMessageContaining("RTP/SAVP (SRTP) offered over plain SIP")
                .hasMessageNotContaining(KEY_80)
                .extracting(e -> ((SdpException) e).reason()).isEqualTo("srtp_without_tls");
        assertThat(plain.offer(20000, MediaDirection.SENDRECV, 1, 1)).contains("RTP/AVP").doesNotContain("crypto");
    }

    @Test
    void srtpRequiredRefusesPlainRtpAndOptionalAnswersIt() throws Exception {
        assertThatThrownBy(() -> negotiator(tls).answer(SdpFixtures.parse("offer-pcmu-pcma-telephone-event.sdp"),
                20000, 1, 1)).isInstanceOf(SdpException.class)
                .extracting(e -> ((SdpException) e).reason()).isEqualTo("srtp_required");
        MediaSecurity optional = MediaSecurity.srtp(MediaSecurity.Mode.SRTP_OPTIONAL, random);
        SdpNegotiator.Answer answer = negotiator(optional).answer(
                SdpFixtures.parse("offer-pcmu-pcma-telephone-event.sdp"), 20000, 1, 1);
        assertThat(answer.media().srtp()).isEmpty();
        assertThat(answer.sdp()).contains("RTP/AVP").doesNotContain("crypto");
    }

    @Test
    void anOfferWhoseLinesWeCannotUseIsRefused() throws Exception {
        assertThatThrownBy(() -> negotiator(tls).answer(SdpFixtures.parse("offer-savp-only-mki-and-session-params.sdp"),
                20000, 1, 1)).isInstanceOf(SdpException.class).hasMessageContaining("usable a=crypto line");
    }

    @Test
    void aBrokenCryptoLineIsAnErrorAtItsLineWithoutTheKey() {
        assertThatThrownBy(() -> SdpFixtures.parse("broken-crypto-key-length.sdp"))
                .isInstanceOf(SdpException.class)
                .hasMessage("SDP line 8: a=crypto:1 AES_CM_128_HMAC_SHA1_80: the key is 33 bytes, not 30 "
                        + "(16-byte master key and 14-byte salt)");
    }

    @Test
    void keysInAnAnswerAreNotPrinted() throws Exception {
        SdpNegotiator.Answer answer = negotiator(tls).answer(SdpFixtures.parse("offer-savp-pcmu-sha1-80.sdp"), 20000, 1, 1);
        assertThat(answer.media().toString()).doesNotContain(KEY_80)
                .doesNotContain(answer.media().srtp().orElseThrow().local().inline());
        assertThat(tls.toString()).doesNotContain(tls.local().get(0).key().orElseThrow().inline());
        SrtpKey k = answer.media().srtp().orElseThrow().remote();
        assertThat(k.inline()).isEqualTo(KEY_80);
    }
}
