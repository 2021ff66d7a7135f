package dev.cti.server.compliance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The hold timer of one call (domain §2): each configured threshold (10 / 60 / 120 s by default) that a
 * hold lasts past is reported once, through {@code onCrossing}, at the moment it is crossed. Resuming
 * cancels the pending thresholds; a new hold starts over. Timers come from a {@link Timers} so the server
 * runs them on its Vert.x context and tests run them by hand.
 */
public final class HoldTimer {
    /** Schedules work after a delay; returns a handle to cancel it. */
    public interface Timers {
        long schedule(Duration delay, Runnable task);

        void cancel(long handle);
    }

    /** A threshold crossing: which threshold (seconds) and the hold's start. */
    public record Crossing(String callId, String agentId, int thresholdSeconds, Instant holdStartedAt, int level) {}

    private final String callId;
    private final String agentId;
    private final List<Integer> thresholds;
    private final Clock clock;
    private final Timers timers;
    private final Consumer<Crossing> onCrossing;
    private final List<Long> pending = new ArrayList<>();
    private Instant heldSince;
    private Duration totalHeld = Duration.ZERO;

    public HoldTimer(String callId, String agentId, List<Integer> thresholdsSeconds, Clock clock, Timers timers,
                     Consumer<Crossing> onCrossing) {
        this.callId = callId;
        this.agentId = agentId;
        this.thresholds = List.copyOf(thresholdsSeconds);
        this.clock = clock;
        this.timers = timers;
        this.onCrossing = onCrossing;
    }

    public boolean held() {
        return heldSince != null;
    }

    public void hold() {
        if (heldSince != null) {
            return; // a repeated hold (re-INVITE refresh) does not restart the timer
        }
        Instant start = clock.instant();
        heldSince = start;
        for (int i = 0; i < thresholds.size(); i++) {
            int seconds = thresholds.get(i);
            int level = i + 1;
            pending.add(timers.schedule(Duration.ofSeconds(seconds),
                    () -> onCrossing.accept(new Crossing(callId, agentId, seconds, start, level))));
        }
    }

    /**
     * Takes up a call's hold time after a server restart: {@code heldBefore} of finished holds, and a hold in
     * progress since {@code heldSince}, whose thresholds not yet passed are scheduled for their remaining time (the
     * ones passed before the restart were reported then).
     */
    public void restore(Duration heldBefore, java.util.Optional<Instant> heldSince) {
        pending.forEach(timers::cancel);
        pending.clear();
        totalHeld = heldBefore;
        this.heldSince = heldSince.orElse(null);
        if (heldSince.isEmpty()) {
            return;
        }
        Instant start = heldSince.get();
        Duration elapsed = Duration.between(start, clock.instant());
        for (int i = 0; i < thresholds.size(); i++) {
            int seconds = thresholds.get(i);
            int level = i + 1;
            Duration left = Duration.ofSeconds(seconds).minus(elapsed);
            if (!left.isNegative() && !left.isZero()) {
                pending.add(timers.schedule(left,
                        () -> onCrossing.accept(new Crossing(callId, agentId, seconds, start, level))));
            }
        }
    }

    /** Ends the hold; returns how long it lasted (zero when the call was not held). */
    public Duration resume() {
        if (heldSince == null) {
            return Duration.ZERO;
        }
        pending.forEach(timers::cancel);
        pending.clear();
        Duration lasted = Duration.between(heldSince, clock.instant());
        totalHeld = totalHeld.plus(lasted);
        heldSince = null;
        return lasted;
    }

    /** Hold time of the call so far, including a hold in progress. */
    public Duration totalHeld() {
        return heldSince == null ? totalHeld : totalHeld.plus(Duration.between(heldSince, clock.instant()));
    }
}
