package dev.cti.protocol.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GoertzelTest {

    @Test
    void findsTheToneThatIsThereAndNotOthers() {
        short[] a440 = ToneGenerator.at8kHz(10000, 440).next(8000);
        assertThat(Goertzel.relativePower(a440, 440)).isBetween(0.95, 1.05);
        assertThat(Goertzel.relativePower(a440, 880)).isLessThan(0.01);
        assertThat(Goertzel.relativePower(a440, 1000)).isLessThan(0.01);
    }

    @Test
    void splitsADualToneBetweenItsFrequencies() {
        short[] dtmf5 = ToneGenerator.at8kHz(10000, 770, 1336).next(4000);
        assertThat(Goertzel.relativePower(dtmf5, 770)).isBetween(0.4, 0.6);
        assertThat(Goertzel.relativePower(dtmf5, 1336)).isBetween(0.4, 0.6);
        assertThat(Goertzel.relativePower(dtmf5, 697)).isLessThan(0.01);
    }

    @Test
    void silenceHasNoPowerAnywhere() {
        assertThat(Goertzel.relativePower(new short[800], 440)).isZero();
    }

    @Test
    void toneGeneratorIsPhaseContinuousAndChecksItsArguments() {
        ToneGenerator g = ToneGenerator.at8kHz(10000, 880);
        short[] joined = new short[1600];
        for (int i = 0; i < 10; i++) {
            System.arraycopy(g.next(160), 0, joined, i * 160, 160);
        }
        assertThat(Goertzel.relativePower(joined, 880)).isGreaterThan(0.95);
        assertThatThrownBy(() -> ToneGenerator.at8kHz(40000, 440)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ToneGenerator.at8kHz(1000)).isInstanceOf(IllegalArgumentException.class);
    }
}
