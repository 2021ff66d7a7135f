package dev.cti.agent.media;

/**
 * G.711 µ-law and A-law (ITU-T G.711) sample conversion. The softphone's only codecs: every gateway and PBX speaks
 * them, and they need no library. Decoding uses 256-entry tables; encoding is the classic segment search.
 */
public final class G711 {
    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW_TO_LINEAR[i] = ulawDecode(i);
            ALAW_TO_LINEAR[i] = alawDecode(i);
        }
    }

    private G711() {}

    /** The two laws with their static RTP payload types (RFC 3551). */
    public enum Law {
        PCMU(0), PCMA(8);

        public final int payloadType;

        Law(int payloadType) {
            this.payloadType = payloadType;
        }

        public byte encode(short sample) {
            return this == PCMU ? linearToUlaw(sample) : linearToAlaw(sample);
        }

        public short decode(byte code) {
            return this == PCMU ? ULAW_TO_LINEAR[code & 0xFF] : ALAW_TO_LINEAR[code & 0xFF];
        }

        /** The code of digital silence, sent while muted. */
        public byte silence() {
            return encode((short) 0);
        }
    }

    static byte linearToUlaw(short pcm) {
        final int bias = 0x84;
        final int clip = 32635;
        int sample = pcm;
        int sign = (sample >> 8) & 0x80;
        if (sign != 0) sample = -sample;
        if (sample > clip) sample = clip;
        sample += bias;
        int exponent = 7;
        for (int mask = 0x4000; (sample & mask) == 0 && exponent > 0; mask >>= 1) exponent--;
        int mantissa = (sample >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    private static short ulawDecode(int code) {
        int u = ~code & 0xFF;
        int sign = u & 0x80;
        int exponent = (u >> 4) & 0x07;
        int mantissa = u & 0x0F;
        int sample = (((mantissa << 3) + 0x84) << exponent) - 0x84;
        return (short) (sign != 0 ? -sample : sample);
    }

    static byte linearToAlaw(short pcm) {
        int sample = pcm;
        int sign = (~sample >> 8) & 0x80;
        if (sign == 0) sample = -sample;
        if (sample > 32635) sample = 32635;
        int code;
        if (sample >= 256) {
            int exponent = 7;
            for (int mask = 0x4000; (sample & mask) == 0 && exponent > 1; mask >>= 1) exponent--;
            int mantissa = (sample >> (exponent + 3)) & 0x0F;
            code = (exponent << 4) | mantissa;
        } else {
            code = sample >> 4;
        }
        return (byte) ((code | sign) ^ 0x55);
    }

    private static short alawDecode(int code) {
        int a = (code ^ 0x55) & 0xFF;
        int sign = a & 0x80;
        int exponent = (a >> 4) & 0x07;
        int mantissa = a & 0x0F;
        int sample = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (short) (sign != 0 ? sample : -sample);
    }
}
