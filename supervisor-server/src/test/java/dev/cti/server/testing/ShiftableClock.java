package dev.cti.server.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock plus an offset the test can move forward, for tests where real time must pass (a browser, a
 * link) but a timer should be crossed without waiting for it: the wallboard's hold and wait timers (the page reads
 * the server's time from the pushes' "at"), the reconciler's grace for a pending Originate. {@link HandClock} is
 * the clock that stands still between the test's moves.
 */
public final class ShiftableClock extends Clock {
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public void advance(Duration d) {
        offset.accumulateAndGet(d, Duration::plus);
    }

    @Override
    public ZoneId getZone() {
        return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }
}
