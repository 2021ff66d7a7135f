package dev.cti.gateway.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cti.gateway.media.RemoteMedia;
import dev.cti.gateway.media.dtls.DtlsFingerprint;
import dev.cti.gateway.media.dtls.DtlsRole;
import dev.cti.gateway.media.ice.IceCredentials;
import dev.cti.protocol.audio.G711;
import dev.cti.protocol.sdp.MediaDescription;
import dev.cti.protocol.sdp.MediaDirection;
import dev.cti.protocol.sdp.SdpException;
import dev.cti.protocol.sdp.SdpFixtures;
import dev.cti.protocol.sdp.SdpParser;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * UDP/TLS/RTP/SAVPF offers (browsers, baresip with dtls_srtp) answered with DTLS-SRTP and ICE-lite; our own DTLS-SRTP
 * offers to browser seats and their answers. The Chromium fixtures are what Chromium 156 (Debian's chromium package)
 * sent: its offer (getUserMedia audio, bundlePolicy balanced, rtcp-mux required, gathering complete) and its answer
 * (createAnswer after setRemoteDescription) to the offer {@code offeringDtls().offer(20000, SENDRECV, 7, 1)} of this
 * class's negotiator wrote.
 */
class DtlsNegotiationTest {
    private static final String OFFER = "offer-webrtc-dtls-opus-pcmu-pcma.sdp";
    private static final String CHROMIUM_OFFER = "offer-chromium-156-bundle.sdp";
    private static final String CHROMIUM_ANSWER = "answer-chromium-156-to-gateway-offer.sdp";
    private final Random random = new Random(5);
    private final DtlsLocal ours = new DtlsLocal(IceCredentials.random(random),
            DtlsFingerprint.parse("sha-256 " + "AB:".repeat(31) + "CD"));

    private SdpNegotiator negotiator(MediaSecurity security, DtlsLocal dtls, DtlsRemote agreed) {
        return new SdpNegotiator("10.0.0.5", List.of(G711.PCMU, G711.PCMA), security, dtls, agreed);
    }

    @Test
    void answersABrowserOfferWithG711PassiveSetupOurFingerprintAndIceLite() throws Exception {
        SdpNegotiator.Answer answer = negotiator(MediaSecurity.PLAIN, ours, null)
                .answer(SdpFixtures.parse(OFFER), 20000, 1, 1);

        DtlsRemote remote = answer.media().dtls().orElseThrow();
        assertThat(remote.ourRole()).isEqualTo(DtlsRole.SERVER);
        assertThat(remote.fingerprint().sdpValue()).startsWith("sha-256 19:E2:1C");
        assertThat(remote.rtcpMux()).isTrue();
        assertThat(remote.iceUfrag()).isEqualTo("h6vY");
        assertThat(answer.media().codec()).isEqualTo(G711.PCMU);
        assertThat(answer.media().srtp()).as("the keys come from the handshake").isEmpty();
        assertThat(RemoteMedia.from(answer.media()).srtp()).isNull();

        assertThat(answer.sdp()).contains("a=ice-lite\r\n");
        MediaDescription audio = SdpParser.parse(answer.sdp()).media().get(0);
        assertThat(audio.protocol()).isEqualTo("UDP/TLS/RTP/SAVPF");
        assertThat(audio.formats()).as("G.711 only, no Opus").containsExactly(0, 101);
        assertThat(audio.attribute("setup")).contains("passive");
        assertThat(audio.attribute("fingerprint")).contains(ours.fingerprint().sdpValue());
        assertThat(audio.attribute("ice-ufrag")).contains(ours.ice().ufrag());
        assertThat(audio.attribute("ice-pwd")).contains(ours.ice().password());
        assertThat(audio.attribute("rtcp-mux")).isPresent();
        assertThat(answer.sdp()).contains("a=candidate:1 1 udp 2130706431 10.0.0.5 20000 typ host\r\n");
    }

    @Test
    void aTlsLegAcceptsDtlsToo() throws Exception {
        MediaSecurity tls = MediaSecurity.srtp(MediaSecurity.Mode.SRTP_REQUIRED, random);
        SdpNegotiator.Answer answer = negotiator(tls, ours, null).answer(SdpFixtures.parse(OFFER), 20000, 1, 1);
        assertThat(answer.media().dtls()).isPresent();
        assertThat(answer.sdp()).doesNotContain("a=crypto");
    }

    @Test
    void refusesDtlsWithoutFingerprintOrSetupOrOnALegThatDoesNotSpeakIt() {
        String offer = SdpFixtures.text(OFFER);
        assertThatThrownBy(() -> negotiator(MediaSecurity.PLAIN, ours, null)
                .answer(SdpParser.parse(offer.replaceAll("a=fingerprint:[^\r]*\r\n", "")), 20000, 1, 1))
                .isInstanceOf(SdpException.class).hasMessageContaining("without a=fingerprint")
                .extracting(e -> ((SdpException) e).reason()).isEqualTo("bad_dtls");
        assertThatThrownBy(() -> negotiator(MediaSecurity.PLAIN, ours, null)
                .answer(SdpParser.parse(offer.replace("a=setup:actpass", "a=setup:holdconn")), 20000, 1, 1))
                .isInstanceOf(SdpException.class).hasMessageContaining("a=setup:holdconn");
        assertThatThrownBy(() -> negotiator(MediaSecurity.PLAIN, ours, null)
                .answer(SdpParser.parse(offer.replace("sha-256 19:E2", "sha-256 19")), 20000, 1, 1))
                .isInstanceOf(SdpException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> negotiator(MediaSecurity.PLAIN, null, null)
                .answer(SdpParser.parse(offer), 20000, 1, 1))
                .isInstanceOf(SdpException.class).hasMessageContaining("does not speak it")
                .extracting(e -> ((SdpException) e).reason()).isEqualTo("bad_dtls");
    }

    @Test
    void reOffersOnAnAgreedLegRepeatTheRoleAndCredentialsAndReadTheAnswer() throws Exception {
        DtlsRemote agreed = negotiator(MediaSecurity.PLAIN, ours, null)
                .answer(SdpFixtures.parse(OFFER), 20000, 1, 1).media().dtls().orElseThrow();
        SdpNegotiator leg = negotiator(MediaSecurity.PLAIN, ours, agreed);
        String reOffer = leg.offer(20000, MediaDirection.SENDONLY, 1, 2);
        MediaDescription audio = SdpParser.parse(reOffer).media().get(0);
        assertThat(audio.protocol()).isEqualTo("UDP/TLS/RTP/SAVPF");
        assertThat(audio.attribute("setup")).contains("passive");
        assertThat(audio.attribute("ice-pwd")).contains(ours.ice().password());
        assertThat(audio.direction()).isEqualTo(MediaDirection.SENDONLY);

        String theirAnswer = SdpFixtures.text(OFFER).replace("a=setup:actpass", "a=setup:active")
                .replace("a=sendrecv", "a=recvonly");
        NegotiatedMedia back = leg.accept(SdpParser.parse(theirAnswer));
        assertThat(back.dtls().orElseThrow().ourRole()).isEqualTo(DtlsRole.SERVER);
        assertThat(back.remoteDirection()).isEqualTo(MediaDirection.RECVONLY);
        assertThatThrownBy(() -> leg.accept(SdpFixtures.parse("offer-pcmu-pcma-telephone-event.sdp")))
                .isInstanceOf(SdpException.class).hasMessageContaining("we offered UDP/TLS/RTP/SAVPF");
    }

    @Test
    void answersChromiumsBundleOfferWithItsMidAndGroupAndG711() throws Exception {
        for (String offer : List.of(SdpFixtures.text(CHROMIUM_OFFER), SdpFixtures.text(CHROMIUM_OFFER)
                .replace("a=ice-options:trickle\r\n", "a=ice-options:trickle\r\na=end-of-candidates\r\n"))) {
            SdpNegotiator.Answer answer = negotiator(MediaSecurity.PLAIN, ours, null)
                    .answer(SdpParser.parse(offer), 20000, 1, 1);
            DtlsRemote remote = answer.media().dtls().orElseThrow();
            assertThat(remote.mid()).isEqualTo("0");
            assertThat(remote.bundle()).isTrue();
            assertThat(remote.ourRole()).isEqualTo(DtlsRole.SERVER);
            assertThat(answer.media().codec()).isEqualTo(G711.PCMU);
            assertThat(answer.media().telephoneEventPayloadType()).as("the 8 kHz telephone-event").hasValue(126);
            assertThat(answer.media().remoteAddress()).isEqualTo("192.0.2.2");

            String sdp = answer.sdp();
            assertThat(sdp.substring(0, sdp.indexOf("m=audio"))).contains("a=ice-lite\r\n", "a=group:BUNDLE 0\r\n");
            MediaDescription audio = SdpParser.parse(sdp).media().get(0);
            assertThat(audio.attribute("mid")).contains("0");
            assertThat(audio.formats()).containsExactly(0, 126);
            assertThat(audio.attribute("setup")).contains("passive");
            assertThat(audio.attribute("rtcp-mux")).isPresent();
        }
    }

    @Test
    void anOfferWithoutBundleGetsNoGroupAndAMidOnlyWhenOffered() throws Exception {
        SdpNegotiator.Answer answer = negotiator(MediaSecurity.PLAIN, ours, null).answer(SdpParser.parse(
                SdpFixtures.text(CHROMIUM_OFFER).replace("a=group:BUNDLE 0\r\n", "")), 20000, 1, 1);
        assertThat(answer.sdp()).doesNotContain("a=group").contains("a=mid:0\r\n");
        String noMid = SdpFixtures.text(OFFER).replace("a=group:BUNDLE 0\r\n", "").replace("a=mid:0\r\n", "");
        assertThat(negotiator(MediaSecurity.PLAIN, ours, null).answer(SdpParser.parse(noMid), 20000, 1, 1).sdp())
                .as("an offer with neither (baresip's)").doesNotContain("a=group", "a=mid");
    }

    @Test
    void offersABrowserDtlsSrtpWithActpassBundleAndIceLiteAndReadsChromiumsActiveAnswer() throws Exception {
        SdpNegotiator toBrowser = negotiator(MediaSecurity.PLAIN, ours, null).offeringDtls();
        String offer = toBrowser.offer(20000, MediaDirection.SENDRECV, 7, 1);

        String session = offer.substring(0, offer.indexOf("m=audio"));
        assertThat(session).contains("a=ice-lite\r\n", "a=group:BUNDLE 0\r\n");
        MediaDescription audio = SdpParser.parse(offer).media().get(0);
        assertThat(audio.protocol()).isEqualTo("UDP/TLS/RTP/SAVPF");
        assertThat(audio.formats()).containsExactly(0, 8, 101);
        assertThat(audio.attribute("setup")).contains("actpass");
        assertThat(audio.attribute("mid")).contains("0");
        assertThat(audio.attribute("rtcp-mux")).isPresent();
        assertThat(audio.attribute("fingerprint")).contains(ours.fingerprint().sdpValue());
        assertThat(audio.attribute("ice-ufrag")).contains(ours.ice().ufrag());
        assertThat(audio.attribute("ice-pwd")).contains(ours.ice().password());
        assertThat(offer).contains("a=candidate:1 1 udp 2130706431 10.0.0.5 20000 typ host\r\n",
                "a=rtpmap:101 telephone-event/8000\r\n");

        NegotiatedMedia answered = toBrowser.accept(SdpFixtures.parse(CHROMIUM_ANSWER));
        DtlsRemote agreed = answered.dtls().orElseThrow();
        assertThat(agreed.ourRole()).as("Chromium answers a=setup:active: we are the DTLS server")
                .isEqualTo(DtlsRole.SERVER);
        assertThat(agreed.mid()).isEqualTo("0");
        assertThat(agreed.bundle()).isTrue();
        assertThat(agreed.rtcpMux()).isTrue();
        assertThat(answered.codec()).isEqualTo(G711.PCMU);
        assertThat(answered.telephoneEventPayloadType()).hasValue(101);

        String reOffer = negotiator(MediaSecurity.PLAIN, ours, agreed).offeringDtls()
                .offer(20000, MediaDirection.SENDONLY, 7, 2);
        assertThat(reOffer).contains("a=group:BUNDLE 0\r\n", "a=mid:0\r\n", "a=setup:passive\r\n",
                "a=ice-pwd:" + ours.ice().password());
    }

    @Test
    void aBrowserLegRefusesAnAnswerThatIsNotDtlsSrtp() {
        assertThatThrownBy(() -> negotiator(MediaSecurity.PLAIN, ours, null).offeringDtls()
                .accept(SdpFixtures.parse("offer-pcmu-pcma-telephone-event.sdp")))
                .isInstanceOf(SdpException.class).hasMessageContaining("we offered UDP/TLS/RTP/SAVPF")
                .extracting(e -> ((SdpException) e).reason()).isEqualTo("bad_dtls");
        assertThatThrownBy(() -> negotiator(MediaSecurity.PLAIN, null, null).offeringDtls())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
