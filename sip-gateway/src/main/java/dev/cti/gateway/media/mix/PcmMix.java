package dev.cti.gateway.media.mix;

/**
 * Mixing arithmetic on 16-bit linear PCM: sums in 32 bits, then saturates each sample to
 * [-32768, 32767] (clipping a loud sum instead of letting it wrap round into a loud click).
 */
public final class PcmMix {

    private PcmMix() {}

    /** {@code value} clamped to the 16-bit range. */
    public static short saturate(int value) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, value));
    }

    /**
     * {@code out[i] = saturate(sum of sources[k][i] for k < count)} for {@code i < length}; silence when
     * {@code count == 0}. {@code out} may not be one of the sources.
     */
    public static void mix(short[][] sources, int count, short[] out, int length) {
        switch (count) {
            case 0 -> java.util.Arrays.fill(out, 0, length, (short) 0);
            case 1 -> System.arraycopy(sources[0], 0, out, 0, length);
            case 2 -> {
                short[] a = sources[0];
                short[] b = sources[1];
                for (int i = 0; i < length; i++) {
                    out[i] = saturate(a[i] + b[i]);
                }
            }
            default -> {
                for (int i = 0; i < length; i++) {
                    int sum = 0;
                    for (int k = 0; k < count; k++) {
                        sum += sources[k][i];
                    }
                    out[i] = saturate(sum);
                }
            }
        }
    }
}
