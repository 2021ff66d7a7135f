package dev.cti.protocol.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SdpParserTest {

    @Test
    void parsesATypicalSoftphoneOffer() throws Exception {
        SessionDescription sdp = SdpFixtures.parse("offer-pcmu-pcma-telephone-event.sdp");
        assertThat(sdp.sessionVersion()).isEqualTo("3904567");
        assertThat(sdp.connection()).contains("192.0.2.10");
        MediaDescription audio = sdp.media().get(0);
        assertThat(audio.media()).isEqualTo("audio");
        assertThat(audio.port()).isEqualTo(49170);
        assertThat(audio.protocol()).isEqualTo("RTP/AVP");
        assertThat(audio.formats()).containsExactly(0, 8, 101);
        assertThat(audio.rtpMap(8)).contains(new RtpMap(8, "PCMA", 8000, 1));
        assertThat(audio.telephoneEventPayloadType()).isEqualTo(OptionalInt.of(101));
        assertThat(audio.fmtps()).containsEntry(101, "0-16");
        assertThat(audio.ptime()).isEqualTo(OptionalInt.of(20));
        assertThat(audio.direction()).isEqualTo(MediaDirection.SENDRECV);
    }

    @Test
    void keepsTheDtlsAndIceAttributesOfABrowserOfferTheSessionsUnderTheSections() throws Exception {
        MediaDescription audio = SdpFixtures.parse("offer-webrtc-dtls-opus-pcmu-pcma.sdp").media().get(0);
        assertThat(audio.protocol()).isEqualTo("UDP/TLS/RTP/SAVPF");
        assertThat(audio.formats()).containsExactly(111, 0, 8, 101);
        assertThat(audio.attribute("fingerprint")).hasValueSatisfying(f -> assertThat(f).startsWith("sha-256 19:E2:"));
        assertThat(audio.attribute("setup")).contains("actpass");
        assertThat(audio.attribute("ice-ufrag")).contains("h6vY");
        assertThat(audio.attribute("ice-pwd")).contains("asd88fgpdd777uzjYhagZg9a");
        assertThat(audio.attribute("rtcp-mux")).contains("");
        assertThat(audio.attribute("mid")).contains("0"); // kept since answers echo it (RFC 8843)
        assertThat(audio.attribute("group")).as("the session's, under the section").contains("BUNDLE 0");
        assertThat(audio.direction()).isEqualTo(MediaDirection.SENDRECV);
    }

    @Test
    void staticPayloadTypesNeedNoRtpmapAndLfOnlyIsAccepted() throws Exception {
        SessionDescription sdp = SdpParser.parse(SdpFixtures.text("offer-pcma-only-te96-no-rtpmap-for-static.sdp").replace("\r\n", "\n"));
        MediaDescription audio = sdp.media().get(0);
        assertThat(audio.rtpMap(8)).contains(new RtpMap(8, "PCMA", 8000, 1));
        assertThat(audio.telephoneEventPayloadType()).isEqualTo(OptionalInt.of(96));
        assertThat(audio.direction()).isEqualTo(MediaDirection.SENDRECV);
    }

    @Test
    void mediaLevelConnectionAndDirectionOverrideTheSessionsWhichStillApplyOtherwise() throws Exception {
        SessionDescription sdp = SdpFixtures.parse("video-then-audio-media-level-connection.sdp");
        assertThat(sdp.connection()).isEmpty();
        assertThat(sdp.media()).extracting(MediaDescription::media).containsExactly("video", "audio");
        MediaDescription audio = sdp.media().get(1);
        assertThat(sdp.connectionFor(audio)).contains("203.0.113.6");
        assertThat(audio.direction()).as("session-level a=inactive").isEqualTo(MediaDirection.INACTIVE);
        assertThat(SdpFixtures.parse("hold-sendonly.sdp").media().get(0).direction()).isEqualTo(MediaDirection.SENDONLY);
    }

    @Test
    void errorsSayWhichLineBrokeAndWhy() {
        record Case(String fixture, int line, String message) {}
        for (Case c : List.of(
                new Case("broken-m-port.sdp", 6, "m= port is not a non-negative number: \"port\""),
                new Case("broken-rtpmap.sdp", 7, "a=rtpmap encoding must be <name>/<clock rate>"),
                new Case("broken-connection.sdp", 4, "c= must be \"IN IP4|IP6 <address>\""))) {
            assertThatThrownBy(() -> SdpFixtures.parse(c.fixture()))
                    .as(c.fixture())
                    .isInstanceOfSatisfying(SdpException.class, e -> assertThat(e.line()).isEqualTo(c.line()))
                    .hasMessageStartingWith("SDP line " + c.line() + ": ")
                    .hasMessageContaining(c.message());
        }
    }

    @Test
    void rejectsBodiesThatAreNotSdp() {
        assertThatThrownBy(() -> SdpParser.parse("")).hasMessage("SDP: empty body");
        assertThatThrownBy(() -> SdpParser.parse("o=- 1 1 IN IP4 1.2.3.4\r\n")).hasMessage("SDP line 1: the first line must be v=0");
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\nhello\r\n")).hasMessageContaining("SDP line 2: expected <type>=<value>");
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\ns=-\r\n")).hasMessage("SDP: no o= line");
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 300\r\n"))
                .hasMessage("SDP line 3: m= format payload type 300 is above 127");
        assertThatThrownBy(() -> SdpParser.parse("v=0\r\no=- 1 IN IP4\r\n")).hasMessageContaining("SDP line 2: o= needs 6 fields");
    }
}
