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
    /** Thresholds of the current hold reported so far (they are reported in order). */
    private int crossed;
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

    /** A hold that starts now. */
    public void hold() {
        hold(clock.instant());
    }

    /**
     * A hold that started at {@code start} (the gateway's time of the event; in the past when the event comes late,
     * replayed after a link outage): a threshold already passed is reported at once, with its true time
     * ({@code holdStartedAt} + threshold).
     */
    public void hold(Instant start) {
        if (heldSince != null) {
            return; // a repeated hold (re-INVITE refresh) does not restart the timer
        }
        heldSince = start;
        crossed = 0;
        Instant now = clock.instant();
        for (int i = 0; i < thresholds.size(); i++) {
            int index = i;
            Duration delay = Duration.between(now, start.plusSeconds(thresholds.get(i)));
            pending.add(timers.schedule(delay.isNegative() ? Duration.ZERO : delay, () -> cross(start, index)));
        }
    }

    /**
     * Takes up a call's hold time after a server restart: {@code heldBefore} of finished holds, and a hold in
     * progress since {@code heldSince}, whose thresholds not yet passed are scheduled for their remaining time (the
     * ones passed before the restart were reported then, and are not reported again).
     */
    public void restore(Duration heldBefore, java.util.Optional<Instant> heldSince) {
        pending.forEach(timers::cancel);
        pending.clear();
        totalHeld = heldBefore;
        this.heldSince = heldSince.orElse(null);
        crossed = 0;
        if (heldSince.isEmpty()) {
            return;
        }
        Instant start = heldSince.get();
        Instant now = clock.instant();
        for (int i = 0; i < thresholds.size(); i++) {
            Duration left = Duration.between(now, start.plusSeconds(thresholds.get(i)));
            if (left.isNegative() || left.isZero()) {
                crossed = i + 1;
                continue;
            }
            int index = i;
            pending.add(timers.schedule(left, () -> cross(start, index)));
        }
    }

    /** Reports threshold {@code index} of the hold that started at {@code start}, once, in order. */
    private void cross(Instant start, int index) {
        if (!start.equals(heldSince) || index < crossed) {
            return; // a timer of an earlier hold, or already reported
        }
        for (int i = crossed; i <= index; i++) {
            onCrossing.accept(new Crossing(callId, agentId, thresholds.get(i), start, i + 1));
        }
        crossed = index + 1;
    }

    /** Ends the hold now; returns how long it lasted (zero when the call was not held). */
    public Duration resume() {
        return resume(clock.instant());
    }

    /**
     * Ends the hold at {@code end} (the event's time): thresholds the hold passed before it are reported if their
     * timers had not fired yet (a hold replayed after an outage), then the rest are cancelled.
     */
    public Duration resume(Instant end) {
        if (heldSince == null) {
            return Duration.ZERO;
        }
        Instant start = heldSince;
        int last = -1;
        for (int i = 0; i < thresholds.size(); i++) {
            if (!start.plusSeconds(thresholds.get(i)).isAfter(end)) {
                last = i;
            }
        }
        if (last >= 0) {
            cross(start, last);
        }
        pending.forEach(timers::cancel);
        pending.clear();
        Duration lasted = Duration.between(start, end);
        if (lasted.isNegative()) {
            lasted = Duration.ZERO;
        }
        totalHeld = totalHeld.plus(lasted);
        heldSince = null;
        return lasted;
    }

    /** Hold time of the call so far, including a hold in progress. */
    public Duration totalHeld() {
        return heldSince == null ? totalHeld : totalHeld.plus(Duration.between(heldSince, clock.instant()));
    }
}
