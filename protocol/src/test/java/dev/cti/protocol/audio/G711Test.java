package dev.cti.protocol.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Against values of the ITU-T G.711 tables and the codec's own round trips. */
class G711Test {

    @Test
    void muLawKnownValues() {
        assertThat(G711.PCMU.decode((byte) 0x80)).isEqualTo((short) 32124);
        assertThat(G711.PCMU.decode((byte) 0x00)).isEqualTo((short) -32124);
        assertThat(G711.PCMU.decode((byte) 0x8F)).isEqualTo((short) 16764);
        assertThat(G711.PCMU.decode((byte) 0x0F)).isEqualTo((short) -16764);
        assertThat(G711.PCMU.decode((byte) 0xFF)).isEqualTo((short) 0);
        assertThat(G711.PCMU.decode((byte) 0x7F)).isEqualTo((short) 0);
        assertThat(G711.PCMU.encode((short) 0)).isEqualTo((byte) 0xFF);
        assertThat(G711.PCMU.encode(Short.MAX_VALUE)).isEqualTo((byte) 0x80);
        assertThat(G711.PCMU.encode(Short.MIN_VALUE)).isEqualTo((byte) 0x00);
        assertThat(G711.PCMU.payloadType()).isZero();
        assertThat(G711.PCMU.encodingName()).isEqualTo("PCMU");
    }

    @Test
    void aLawKnownValues() {
        assertThat(G711.PCMA.decode((byte) 0xD5)).isEqualTo((short) 8);
        assertThat(G711.PCMA.decode((byte) 0x55)).isEqualTo((short) -8);
        assertThat(G711.PCMA.decode((byte) 0xAA)).isEqualTo((short) 32256);
        assertThat(G711.PCMA.decode((byte) 0x2A)).isEqualTo((short) -32256);
        assertThat(G711.PCMA.encode((short) 0)).isEqualTo((byte) 0xD5);
        assertThat(G711.PCMA.encode((short) -1)).isEqualTo((byte) 0x55);
        assertThat(G711.PCMA.encode(Short.MAX_VALUE)).isEqualTo((byte) 0xAA);
        assertThat(G711.PCMA.encode(Short.MIN_VALUE)).isEqualTo((byte) 0x2A);
        assertThat(G711.PCMA.payloadType()).isEqualTo(8);
    }

    @Test
    void bulkDecodeMatchesOneCodeAtATime() {
        byte[] codes = new byte[300];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) (i * 7);
        }
        for (G711 law : G711.values()) {
            short[] out = new short[260];
            law.decode(codes, 17, 256, out, 3);
            for (int i = 0; i < 256; i++) {
                assertThat(out[3 + i]).as("%s code at %d", law, 17 + i).isEqualTo(law.decode(codes[17 + i]));
            }
            assertThat(out[0]).isZero();
            assertThat(out[259]).isZero();
        }
    }

    @Test
    void everyCodeRoundTrips() {
        for (int code = 0; code < 256; code++) {
            byte c = (byte) code;
            assertThat(G711.PCMA.encode(G711.PCMA.decode(c))).as("A-law %02x", code).isEqualTo(c);
            if (code != 0x7F) { // µ-law has two zeros; -0 encodes as +0
                assertThat(G711.PCMU.encode(G711.PCMU.decode(c))).as("µ-law %02x", code).isEqualTo(c);
            }
        }
    }

    @Test
    void decodeOfEncodeIsMonotonicAndWithinTheQuantisationStep() {
        for (G711 law : G711.values()) {
            short previous = Short.MIN_VALUE;
            for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
                short y = law.decode(law.encode((short) x));
                assertThat((int) y).as("%s at %d", law, x).isGreaterThanOrEqualTo(previous);
                // the step doubles per segment: the error stays under 1/16 of the value plus the smallest step
                assertThat(Math.abs(y - x)).as("%s at %d", law, x).isLessThanOrEqualTo(Math.abs(x) / 16 + 16 + (x > 32000 || x < -32000 ? 1100 : 0));
                previous = y;
            }
        }
    }

    @Test
    void aToneSurvivesEncodingWithOver30DbSnr() {
        short[] tone = ToneGenerator.at8kHz(10000, 1000).next(8000);
        for (G711 law : G711.values()) {
            double signal = 0;
            double noise = 0;
            for (short s : tone) {
                double e = law.decode(law.encode(s)) - s;
                signal += (double) s * s;
                noise += e * e;
            }
            assertThat(10 * Math.log10(signal / noise)).as(law.name()).isGreaterThan(30);
        }
    }

    @Test
    void transcodesBetweenLawsThroughLinear() {
        for (int code = 0; code < 256; code++) {
            byte mu = (byte) code;
            assertThat(G711.PCMU.transcode(mu, G711.PCMA)).isEqualTo(G711.PCMA.encode(G711.PCMU.decode(mu)));
            assertThat(G711.PCMU.transcode(mu, G711.PCMU)).isEqualTo(mu);
        }
        assertThat(G711.forPayloadType(0)).isEqualTo(G711.PCMU);
        assertThat(G711.forPayloadType(8)).isEqualTo(G711.PCMA);
        assertThat(G711.forPayloadType(101)).isNull();
    }

    /** What the agent client's softphone relied on (moved from its MediaUnitsTest). */
    @Test
    void roundTripsWithinQuantisationErrorAndMutesWithTheZeroCode() {
        for (G711 law : G711.values()) {
            for (int s = -32000; s <= 32000; s += 97) {
                short back = law.decode(law.encode((short) s));
                assertThat(Math.abs(back - s)).as("%s %d", law, s).isLessThanOrEqualTo(Math.max(16, Math.abs(s) / 16));
            }
        }
        assertThat(G711.PCMU.silence()).isEqualTo((byte) 0xFF);
        assertThat(G711.PCMA.silence()).isEqualTo((byte) 0xD5);
    }
}
