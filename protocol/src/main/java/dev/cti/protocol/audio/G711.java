package dev.cti.protocol.audio;

/**
 * ITU-T G.711 companding: µ-law (RTP payload type 0, "PCMU") and A-law (payload type 8, "PCMA").
 *
 * <p>Exists so the gateway can play 16-bit PCM prompts to a leg, translate between a PCMU leg and a
 * PCMA leg, and let tests decode what a phone received; the agent client's softphone encodes and decodes its
 * audio with the same tables. Encoding uses the segment search of the ITU
 * reference code (as in Sun's public-domain {@code g711.c}); every operation is a table look-up
 * computed once per JVM, so the hot path allocates nothing.
 */
public enum G711 {
    /** µ-law, North America and Japan. */
    PCMU(0, "PCMU"),
    /** A-law, the rest of the world (including China). */
    PCMA(8, "PCMA");

    /** Samples per second of every G.711 stream. */
    public static final int SAMPLE_RATE = 8000;

    private final int payloadType;
    private final String encodingName;
    private final short[] decodeTable = new short[256];
    private final byte[] encodeTable = new byte[65536];

    G711(int payloadType, String encodingName) {
        this.payloadType = payloadType;
        this.encodingName = encodingName;
        for (int i = 0; i < 256; i++) {
            decodeTable[i] = (short) (payloadType == 0 ? Itu.ulawToLinear(i) : Itu.alawToLinear(i));
        }
        for (int i = 0; i < 65536; i++) {
            short pcm = (short) (i - 32768);
            encodeTable[i] = (byte) (payloadType == 0 ? Itu.linearToUlaw(pcm) : Itu.linearToAlaw(pcm));
        }
    }

    /** The static RTP payload type (RFC 3551): 0 or 8. */
    public int payloadType() {
        return payloadType;
    }

    /** The SDP encoding name, as in {@code a=rtpmap:0 PCMU/8000}. */
    public String encodingName() {
        return encodingName;
    }

    /** The codec for a static payload type, or {@code null} if it is neither 0 nor 8. */
    public static G711 forPayloadType(int payloadType) {
        return switch (payloadType) {
            case 0 -> PCMU;
            case 8 -> PCMA;
            default -> null;
        };
    }

    public byte encode(short sample) {
        return encodeTable[sample + 32768];
    }

    public short decode(byte code) {
        return decodeTable[code & 0xFF];
    }

    /** Encodes {@code length} samples from {@code pcm[offset]} into {@code out[outOffset]}. */
    public void encode(short[] pcm, int offset, int length, byte[] out, int outOffset) {
        for (int i = 0; i < length; i++) {
            out[outOffset + i] = encodeTable[pcm[offset + i] + 32768];
        }
    }

    /** Decodes {@code length} codes from {@code codes[offset]} into {@code out[outOffset]}. */
    public void decode(byte[] codes, int offset, int length, short[] out, int outOffset) {
        for (int i = 0; i < length; i++) {
            out[outOffset + i] = decodeTable[codes[offset + i] & 0xFF];
        }
    }

    /** Decodes every byte of {@code codes} to 16-bit samples. */
    public short[] decode(byte[] codes) {
        short[] pcm = new short[codes.length];
        for (int i = 0; i < codes.length; i++) {
            pcm[i] = decodeTable[codes[i] & 0xFF];
        }
        return pcm;
    }

    /** The code of digital silence (0xFF in µ-law, 0xD5 in A-law), what a muted phone sends. */
    public byte silence() {
        return encode((short) 0);
    }

    /** Re-encodes one code of this law in {@code target}'s law (identity when they are equal). */
    public byte transcode(byte code, G711 target) {
        return target == this ? code : target.encode(decode(code));
    }

    /**
     * ITU-T G.711 reference algorithms, used only to fill the tables. A nested class because an
     * enum's own static fields are not yet initialised while its constants are constructed.
     */
    static final class Itu {
        private Itu() {}


        private static final int SIGN_BIT = 0x80;
        private static final int QUANT_MASK = 0x0F;
        private static final int SEG_SHIFT = 4;
        private static final int SEG_MASK = 0x70;
        private static final int ULAW_BIAS = 0x84;
        private static final int ULAW_CLIP = 8159;
        private static final int[] SEG_UEND = {0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF};
        private static final int[] SEG_AEND = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};

        private static int segment(int value, int[] ends) {
            for (int i = 0; i < ends.length; i++) {
                if (value <= ends[i]) {
                    return i;
                }
            }
            return ends.length;
        }

        static int linearToUlaw(short sample) {
            int pcm = sample >> 2;
            int mask;
            if (pcm < 0) {
                pcm = -pcm;
                mask = 0x7F;
            } else {
                mask = 0xFF;
            }
            if (pcm > ULAW_CLIP) {
                pcm = ULAW_CLIP;
            }
            pcm += ULAW_BIAS >> 2;
            int seg = segment(pcm, SEG_UEND);
            if (seg >= 8) {
                return 0x7F ^ mask;
            }
            int uval = (seg << 4) | ((pcm >> (seg + 1)) & 0xF);
            return (uval ^ mask) & 0xFF;
        }

        static int ulawToLinear(int code) {
            int u = ~code & 0xFF;
            int t = ((u & QUANT_MASK) << 3) + ULAW_BIAS;
            t <<= (u & SEG_MASK) >> SEG_SHIFT;
            return (u & SIGN_BIT) != 0 ? ULAW_BIAS - t : t - ULAW_BIAS;
        }

        static int linearToAlaw(short sample) {
            int pcm = sample >> 3;
            int mask;
            if (pcm >= 0) {
                mask = 0xD5;
            } else {
                mask = 0x55;
                pcm = -pcm - 1;
            }
            int seg = segment(pcm, SEG_AEND);
            if (seg >= 8) {
                return (0x7F ^ mask) & 0xFF;
            }
            int aval = seg << SEG_SHIFT;
            aval |= seg < 2 ? (pcm >> 1) & QUANT_MASK : (pcm >> seg) & QUANT_MASK;
            return (aval ^ mask) & 0xFF;
        }

        static int alawToLinear(int code) {
            int a = (code ^ 0x55) & 0xFF;
            int t = (a & QUANT_MASK) << 4;
            int seg = (a & SEG_MASK) >> SEG_SHIFT;
            switch (seg) {
                case 0 -> t += 8;
                case 1 -> t += 0x108;
                default -> {
                    t += 0x108;
                    t <<= seg - 1;
                }
            }
            return (a & SIGN_BIT) != 0 ? t : -t;
        }
    }
}
