package dev.cti.gateway.media.mix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.protocol.audio.G711;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Mixing math: sums, saturation at both ends, silence, and the G.711 round trip of a mix. */
class PcmMixTest {

    @Test
    void saturatesInsteadOfWrappingRound() {
        assertThat(PcmMix.saturate(40000)).isEqualTo(Short.MAX_VALUE);
        assertThat(PcmMix.saturate(-40000)).isEqualTo(Short.MIN_VALUE);
        assertThat(PcmMix.saturate(32767)).isEqualTo((short) 32767);
        assertThat(PcmMix.saturate(-32768)).isEqualTo((short) -32768);
        assertThat(PcmMix.saturate(-5)).isEqualTo((short) -5);
    }

    @Test
    void sumsTwoAndThreeSourcesSampleBySampleWithClipping() {
        short[] a = {1000, 30000, -30000, 0, 7};
        short[] b = {-500, 10000, -10000, 0, 8};
        short[] c = {1, 1, -1, 0, -15};
        short[] out = new short[5];

        PcmMix.mix(new short[][] {a, b}, 2, out, 5);
        assertThat(out).containsExactly(500, 32767, -32768, 0, 15);

        PcmMix.mix(new short[][] {a, b, c}, 3, out, 5);
        assertThat(out).containsExactly(501, 32767, -32768, 0, 0);
    }

    @Test
    void noSourceIsSilenceAndOneSourceIsItself() {
        short[] out = {9, 9, 9};
        PcmMix.mix(new short[3][], 0, out, 3);
        assertThat(out).containsExactly(0, 0, 0);

        short[] a = {-3, 4, 32767};
        PcmMix.mix(new short[][] {a}, 1, out, 3);
        assertThat(out).containsExactly(-3, 4, 32767);
    }

    @Test
    void threeLoudSourcesClipOnTheWayOutNotInTheMiddle() {
        // 20000 + 20000 - 20000: a 16-bit running sum would have wrapped; a 32-bit one gives 20000
        short[] out = new short[1];
        PcmMix.mix(new short[][] {{20000}, {20000}, {-20000}}, 3, out, 1);
        assertThat(out[0]).isEqualTo((short) 20000);
    }

    @Test
    void mixOfDecodedFramesSurvivesTheG711RoundTripInBothLaws() {
        for (G711 law : G711.values()) {
            short[] a = new short[160];
            short[] b = new short[160];
            for (int i = 0; i < 160; i++) {
                a[i] = law.decode(law.encode((short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0))));
                b[i] = law.decode(law.encode((short) (8000 * Math.sin(2 * Math.PI * 880 * i / 8000.0))));
            }
            short[] mixed = new short[160];
            PcmMix.mix(new short[][] {a, b}, 2, mixed, 160);
            byte[] encoded = new byte[160];
            law.encode(mixed, 0, 160, encoded, 0);
            short[] back = law.decode(encoded);
            for (int i = 0; i < 160; i++) {
                // G.711 keeps about 3 % of the magnitude (at most one quantisation step, ≤ 1024 at full scale)
                int tolerance = Math.max(16, Math.abs(mixed[i]) / 16);
                assertThat(Math.abs(back[i] - mixed[i])).as("%s sample %d", law, i).isLessThanOrEqualTo(tolerance);
            }
            // a second trip changes nothing: decoded codes are fixed points of the codec
            byte[] again = new byte[160];
            law.encode(back, 0, 160, again, 0);
            assertThat(again).as(law.name()).isEqualTo(encoded);
            assertThat(Arrays.equals(a, b)).isFalse();
        }
    }
}
