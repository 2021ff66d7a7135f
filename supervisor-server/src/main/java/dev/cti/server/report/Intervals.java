package dev.cti.server.report;

import java.time.Duration;
import java.time.Instant;

/**
 * The 15-minute intervals reports count in: quarter hours of UTC, which are quarter hours of every site time zone (all
 * are whole quarter hours from UTC), so a local day is a whole number of intervals.
 */
public final class Intervals {
    public static final Duration LENGTH = Duration.ofMinutes(15);
    static final long MILLIS = LENGTH.toMillis();

    private Intervals() {}

    /** The start of the interval holding {@code t}. */
    public static Instant floor(Instant t) {
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), MILLIS) * MILLIS);
    }

    /** The start of the interval after the one holding {@code t}. */
    public static Instant ceilingExclusive(Instant t) {
        return floor(t).plus(LENGTH);
    }
}
