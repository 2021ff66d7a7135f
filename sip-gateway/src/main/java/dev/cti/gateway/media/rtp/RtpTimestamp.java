package dev.cti.gateway.media.rtp;

/**
 * A 32-bit unsigned RTP timestamp with rollover arithmetic (RFC 3550 §5.1).
 *
 * <p>Held in a {@code long} in 0..2^32-1 because Java has no unsigned int; {@code plus}/{@code minus}
 * wrap modulo 2^32 and {@link #compareTo} uses the shortest signed distance, so 2^32-1 comes before 0.
 */
public record RtpTimestamp(long value) implements Comparable<RtpTimestamp> {

    /** Number of distinct values (2^32). */
    public static final long MODULUS = 1L << 32;

    private static final long MASK = MODULUS - 1;

    public RtpTimestamp {
        if (value < 0 || value > MASK) {
            throw new IllegalArgumentException("RTP timestamp out of range 0..2^32-1: " + value);
        }
    }

    /** The timestamp for any long, reduced modulo 2^32. */
    public static RtpTimestamp of(long anyValue) {
        return new RtpTimestamp(anyValue & MASK);
    }

    public RtpTimestamp plus(long delta) {
        return of(value + delta);
    }

    public RtpTimestamp minus(long delta) {
        return of(value - delta);
    }

    /** Signed shortest distance {@code this - other}, in -2^31..2^31-1. */
    public long minus(RtpTimestamp other) {
        return delta(value, other.value);
    }

    /** Signed shortest distance {@code a - b} for raw 32-bit values. */
    public static long delta(long a, long b) {
        return (int) (a - b);
    }

    public boolean isAfter(RtpTimestamp other) {
        return minus(other) > 0;
    }

    @Override
    public int compareTo(RtpTimestamp other) {
        return Long.signum(minus(other));
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
