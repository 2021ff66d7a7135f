package dev.cti.agent.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cti.protocol.audio.G711;
import dev.cti.protocol.sdp.MediaDirection;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** SDP parsing of fixture files named after what they show, and offer/answer directions. */
class SdpTest {
    private static String fixture(String name) throws Exception {
        try (var in = SdpTest.class.getResourceAsStream("/sdp/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void holdOfferKeepsTheFarEndsLawOrderAndDtmfType() throws Exception {
        Sdp.Audio a = Sdp.parse(fixture("hold-sendonly-pcma-first.txt"));
        assertThat(a.address()).isEqualTo("10.0.0.1");
        assertThat(a.port()).isEqualTo(20000);
        assertThat(a.preferredLaw()).isEqualTo(G711.PCMA);
        assertThat(a.telephoneEventPt()).isEqualTo(96);
        assertThat(a.direction()).isEqualTo(MediaDirection.SENDONLY);
        assertThat(a.direction().answer()).isEqualTo(MediaDirection.RECVONLY);
        String answer = Sdp.answer(a, G711.PCMA, "127.0.0.1", 4000, 1, 1, a.direction().answer());
        assertThat(answer).contains("m=audio 4000 RTP/AVP 8 96").contains("a=recvonly").contains("a=rtpmap:96 telephone-event/8000");
    }

    @Test
    void zeroAddressIsTheOldHoldAndIsInactive() throws Exception {
        assertThat(Sdp.parse(fixture("hold-rfc2543-zero-address.txt")).direction()).isEqualTo(MediaDirection.INACTIVE);
    }

    @Test
    void offersThePhoneCannotUseAreRefusedClearly() throws Exception {
        assertThat(Sdp.parse(fixture("offer-no-g711.txt")).preferredLaw()).isNull();
        assertThatThrownBy(() -> Sdp.parse(fixture("offer-no-audio.txt"))).hasMessageContaining("no audio");
        assertThatThrownBy(() -> Sdp.parse("")).hasMessageContaining("empty");
    }

    @Test
    void ourOfferParsesBack() throws Exception {
        Sdp.Audio a = Sdp.parse(Sdp.offer("127.0.0.1", 5000, 7, 1, MediaDirection.SENDONLY));
        assertThat(a.payloadTypes()).containsExactly(0, 8, 101);
        assertThat(a.telephoneEventPt()).isEqualTo(101);
        assertThat(a.direction()).isEqualTo(MediaDirection.SENDONLY);
    }
}
