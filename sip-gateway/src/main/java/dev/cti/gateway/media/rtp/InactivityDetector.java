package dev.cti.gateway.media.rtp;

import java.time.Duration;
import java.util.Optional;

/**
 * Decides when a leg has received no RTP for too long (NetworkConfig.Rtp.inactivitySeconds), so the
 * B2BUA can clear calls whose far end died without a BYE.
 *
 * <p>Reports once per silence: after a report, it reports again only after packets resumed and
 * stopped again. Disarmed until the leg expects media (remote SDP known) and while on hold with
 * {@code inactive}. Time comes from the caller, so tests need no sleeps. Used on one event loop.
 */
public final class InactivityDetector {

    private final long timeoutNanos;
    private boolean armed;
    private boolean reported;
    private long lastActivityNanos;

    public InactivityDetector(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("inactivity timeout must be positive: " + timeout);
        }
        this.timeoutNanos = timeout.toNanos();
    }

    /** Starts watching from {@code nowNanos} (or restarts the wait). */
    public void arm(long nowNanos) {
        armed = true;
        reported = false;
        lastActivityNanos = nowNanos;
    }

    public void disarm() {
        armed = false;
    }

    /** A packet arrived. */
    public void onActivity(long nowNanos) {
        lastActivityNanos = nowNanos;
        reported = false;
    }

    /** How long the leg has been silent, if that is to be reported now. */
    public Optional<Duration> check(long nowNanos) {
        long silent = nowNanos - lastActivityNanos;
        if (!armed || reported || silent < timeoutNanos) {
            return Optional.empty();
        }
        reported = true;
        return Optional.of(Duration.ofNanos(silent));
    }
}
