package dev.cti.protocol.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.protocol.audio.G711;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** What the writer puts on the wire, line by line, and that the parser reads it back. */
class SdpWriterTest {

    @Test
    void anOfferIsTheExpectedLinesAndParsesBack() throws Exception {
        String sdp = SdpWriter.session("cti-agent", "cti-agent", 7, 2, "10.1.2.3")
                .append(SdpWriter.audio(4000, "RTP/AVP", List.of(G711.PCMU, G711.PCMA), OptionalInt.of(101), "0-15",
                        MediaDirection.SENDONLY, List.of("a=x-test:1\r\n")))
                .toString();
        assertThat(sdp).isEqualTo("v=0\r\n"
                + "o=cti-agent 7 2 IN IP4 10.1.2.3\r\n"
                + "s=cti-agent\r\n"
                + "c=IN IP4 10.1.2.3\r\n"
                + "t=0 0\r\n"
                + "m=audio 4000 RTP/AVP 0 8 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-15\r\n"
                + "a=ptime:20\r\n"
                + "a=sendonly\r\n"
                + "a=x-test:1\r\n");
        SessionDescription back = SdpParser.parse(sdp);
        MediaDescription m = back.media().get(0);
        assertThat(back.connectionFor(m)).contains("10.1.2.3");
        assertThat(m.formats()).containsExactly(0, 8, 101);
        assertThat(m.telephoneEventPayloadType()).hasValue(101);
        assertThat(m.fmtps()).containsEntry(101, "0-15");
        assertThat(m.direction()).isEqualTo(MediaDirection.SENDONLY);
    }

    @Test
    void anIpv6AddressIsWrittenAsIp6AndTelephoneEventIsOptional() throws Exception {
        String sdp = SdpWriter.session("cti-gateway", "-", 1, 1, "::1")
                .append(SdpWriter.audio(5000, "RTP/AVP", List.of(G711.PCMA), OptionalInt.empty(), "0-16",
                        MediaDirection.SENDRECV, List.of()))
                .toString();
        assertThat(sdp).contains("o=cti-gateway 1 1 IN IP6 ::1\r\n", "s=-\r\n", "c=IN IP6 ::1\r\n",
                "m=audio 5000 RTP/AVP 8\r\n").doesNotContain("telephone-event").doesNotContain("fmtp");
        assertThat(SdpParser.parse(sdp).media().get(0).telephoneEventPayloadType()).isEmpty();
    }

    @Test
    void directionsIntersectAndAnswer() {
        assertThat(MediaDirection.SENDRECV.intersect(MediaDirection.RECVONLY)).isEqualTo(MediaDirection.RECVONLY);
        assertThat(MediaDirection.SENDONLY.intersect(MediaDirection.RECVONLY)).isEqualTo(MediaDirection.INACTIVE);
        assertThat(MediaDirection.SENDONLY.intersect(MediaDirection.SENDRECV)).isEqualTo(MediaDirection.SENDONLY);
        for (MediaDirection d : MediaDirection.values()) {
            assertThat(d.intersect(MediaDirection.SENDRECV)).isEqualTo(d);
            assertThat(d.intersect(MediaDirection.INACTIVE)).isEqualTo(MediaDirection.INACTIVE);
            assertThat(d.answer().answer()).isEqualTo(d);
        }
    }
}
