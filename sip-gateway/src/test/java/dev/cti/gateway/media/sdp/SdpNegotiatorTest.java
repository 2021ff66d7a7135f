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
import dev.cti.protocol.sdp.SessionDescription;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SdpNegotiatorTest {

    private final SdpNegotiator pcmaFirst = new SdpNegotiator("10.0.0.5", List.of(G711.PCMA, G711.PCMU));
    private final SdpNegotiator pcmuFirst = new SdpNegotiator("10.0.0.5", List.of(G711.PCMU, G711.PCMA));

    @Test
    void answersWithThePreferredCodecAndTheOfferersTelephoneEventType() throws Exception {
        SdpNegotiator.Answer answer = pcmaFirst.answer(SdpFixtures.parse("offer-pcmu-pcma-telephone-event.sdp"), 20000, 42, 1);
        assertThat(answer.media()).isEqualTo(new NegotiatedMedia("192.0.2.10", 49170, G711.PCMA, OptionalInt.of(101), MediaDirection.SENDRECV));
        SessionDescription parsed = SdpParser.parse(answer.sdp());
        MediaDescription audio = parsed.media().get(0);
        assertThat(parsed.connection()).contains("10.0.0.5");
        assertThat(parsed.sessionId()).isEqualTo("42");
        assertThat(audio.port()).isEqualTo(20000);
        assertThat(audio.formats()).containsExactly(8, 101);
        assertThat(audio.telephoneEventPayloadType()).isEqualTo(OptionalInt.of(101));
        assertThat(audio.direction()).isEqualTo(MediaDirection.SENDRECV);
        assertThat(answer.sdp()).contains("a=rtpmap:8 PCMA/8000\r\n").contains("a=fmtp:101 0-16\r\n").endsWith("\r\n");

        assertThat(pcmuFirst.answer(SdpFixtures.parse("offer-pcmu-pcma-telephone-event.sdp"), 20000, 42, 1).media().codec())
                .isEqualTo(G711.PCMU);
    }

    @Test
    void keepsTheOfferersTelephoneEventNumberAndOmitsItWhenNotOffered() throws Exception {
        SdpNegotiator.Answer te96 = pcmuFirst.answer(SdpFixtures.parse("offer-pcma-only-te96-no-rtpmap-for-static.sdp"), 20002, 1, 1);
        assertThat(te96.media().codec()).isEqualTo(G711.PCMA);
        assertThat(SdpParser.parse(te96.sdp()).media().get(0).formats()).containsExactly(8, 96);

        SdpNegotiator.Answer noTe = pcmuFirst.answer(SdpFixtures.parse("video-then-audio-media-level-connection.sdp"), 20004, 1, 1);
        assertThat(noTe.media().telephoneEventPayloadType()).isEmpty();
        assertThat(noTe.sdp()).doesNotContain("telephone-event");
    }

    @Test
    void rejectsUnusableStreamsWithPortZeroKeepingTheirOrder() throws Exception {
        SdpNegotiator.Answer answer = pcmuFirst.answer(SdpFixtures.parse("video-then-audio-media-level-connection.sdp"), 20004, 1, 1);
        List<MediaDescription> media = SdpParser.parse(answer.sdp()).media();
        assertThat(media).extracting(MediaDescription::media).containsExactly("video", "audio");
        assertThat(media.get(0).port()).isZero();
        assertThat(media.get(1).port()).isEqualTo(20004);
        assertThat(media.get(1).formats()).containsExactly(0);
        assertThat(answer.media().remoteAddress()).isEqualTo("203.0.113.6");
        assertThat(media.get(1).direction()).as("answer to inactive").isEqualTo(MediaDirection.INACTIVE);
    }

    @Test
    void answersHoldWithRecvonly() throws Exception {
        SdpNegotiator.Answer answer = pcmuFirst.answer(SdpFixtures.parse("hold-sendonly.sdp"), 20006, 1, 2);
        assertThat(answer.media().remoteDirection()).isEqualTo(MediaDirection.SENDONLY);
        assertThat(SdpParser.parse(answer.sdp()).media().get(0).direction()).isEqualTo(MediaDirection.RECVONLY);
        RemoteMedia remote = RemoteMedia.from(answer.media());
        assertThat(remote.direction().receives()).as("the gateway must not send to it").isFalse();
    }

    @Test
    void noCommonCodecIsAnSdpExceptionForA488() throws Exception {
        SessionDescription opus = SdpFixtures.parse("offer-opus-only.sdp");
        assertThatThrownBy(() -> pcmuFirst.answer(opus, 20000, 1, 1))
                .isInstanceOf(SdpException.class)
                .hasMessageContaining("no audio RTP/AVP stream offers PCMU or PCMA");
    }

    @Test
    void offersEveryPreferredCodecAndAcceptsTheAnswer() throws Exception {
        String offer = pcmaFirst.offer(20008, MediaDirection.SENDRECV, 7, 1);
        MediaDescription m = SdpParser.parse(offer).media().get(0);
        assertThat(m.formats()).containsExactly(8, 0, 101);
        assertThat(m.telephoneEventPayloadType()).isEqualTo(OptionalInt.of(101));

        // the phone answers that offer choosing PCMU
        String phoneAnswer = pcmuFirst.answer(SdpParser.parse(offer), 49170, 9, 1).sdp();
        NegotiatedMedia agreed = pcmaFirst.accept(SdpParser.parse(phoneAnswer));
        assertThat(agreed.codec()).isEqualTo(G711.PCMU);
        assertThat(agreed.remotePort()).isEqualTo(49170);
        assertThat(RemoteMedia.from(agreed).address()).isEqualTo(new InetSocketAddress("10.0.0.5", 49170));

        assertThatThrownBy(() -> pcmaFirst.accept(SdpFixtures.parse("offer-opus-only.sdp"))).isInstanceOf(SdpException.class);
    }

    @Test
    void remoteMediaNeverResolvesHostNamesAndTreatsZeroAddressAsNoTarget() {
        assertThat(RemoteMedia.from(new NegotiatedMedia("0.0.0.0", 4000, G711.PCMU, OptionalInt.empty(), MediaDirection.SENDONLY)).address()).isNull();
        assertThat(RemoteMedia.from(new NegotiatedMedia("phone.example", 4000, G711.PCMU, OptionalInt.empty(), MediaDirection.SENDRECV)).address()).isNull();
        assertThat(RemoteMedia.from(new NegotiatedMedia("192.0.2.1", 4000, G711.PCMU, OptionalInt.of(101), MediaDirection.SENDRECV)).telephoneEventPayloadType()).isEqualTo(101);
    }
}
