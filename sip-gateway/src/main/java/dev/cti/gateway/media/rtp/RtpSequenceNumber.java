package dev.cti.gateway.media.rtp;

/**
 * A 16-bit RTP sequence number with rollover arithmetic (RFC 3550 §5.1).
 *
 * <p>Exists because comparing raw {@code int}s breaks at 65535 → 0: {@code plus}/{@code minus} wrap
 * modulo 2^16 and {@link #compareTo} orders numbers by the shortest distance around the circle, so
 * 65535 comes before 0. Modelled on jitsi's {@code RtpSequenceNumber}.
 */
public record RtpSequenceNumber(int value) implements Comparable<RtpSequenceNumber> {

    /** Number of distinct values (2^16). */
    public static final int MODULUS = 1 << 16;

    private static final int MASK = MODULUS - 1;

    public RtpSequenceNumber {
        if (value < 0 || value > MASK) {
            throw new IllegalArgumentException("RTP sequence number out of range 0..65535: " + value);
        }
    }

    /** The sequence number for any int, reduced modulo 2^16. */
    public static RtpSequenceNumber of(int anyValue) {
        return new RtpSequenceNumber(anyValue & MASK);
    }

    public RtpSequenceNumber plus(int delta) {
        return of(value + delta);
    }

    public RtpSequenceNumber minus(int delta) {
        return of(value - delta);
    }

    /**
     * Signed distance {@code this - other} in the range -32768..32767: positive when this number is
     * after {@code other} on the circle.
     */
    public int minus(RtpSequenceNumber other) {
        return delta(value, other.value);
    }

    /** Signed shortest distance {@code a - b} for raw 16-bit values. */
    public static int delta(int a, int b) {
        return (short) (a - b);
    }

    public boolean isAfter(RtpSequenceNumber other) {
        return minus(other) > 0;
    }

    @Override
    public int compareTo(RtpSequenceNumber other) {
        return Integer.signum(minus(other));
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
