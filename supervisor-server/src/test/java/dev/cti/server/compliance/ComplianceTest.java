package dev.cti.server.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.ComplianceConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ComplianceTest {
    private static final ComplianceConfig STANDARD = new ComplianceConfig(3, 5.0, List.of(10, 60, 120), 10);

    @Test
    void ringCountRoundsUpStartedRings() {
        assertThat(RingCount.of(Duration.ZERO, STANDARD)).isEqualTo(1);
        assertThat(RingCount.of(Duration.ofMillis(4_999), STANDARD)).isEqualTo(1);
        assertThat(RingCount.of(Duration.ofMillis(5_000), STANDARD)).isEqualTo(1);
        assertThat(RingCount.of(Duration.ofMillis(5_001), STANDARD)).isEqualTo(2);
        assertThat(RingCount.of(Duration.ofSeconds(12), STANDARD)).isEqualTo(3);
        assertThat(RingCount.withinTarget(Duration.ofSeconds(15), STANDARD)).isTrue();
        assertThat(RingCount.withinTarget(Duration.ofMillis(15_200), STANDARD)).isFalse();
        assertThat(RingCount.of(Duration.ofMillis(15_200), STANDARD)).isEqualTo(4);
    }

    @Test
    void holdTimerReportsEachThresholdOnceAndResumeCancelsTheRest() {
        ManualTime t = new ManualTime();
        List<HoldTimer.Crossing> crossings = new ArrayList<>();
        HoldTimer timer = new HoldTimer("call-1", "1001", STANDARD.holdThresholdsSeconds(), t, t, crossings::add);
        timer.hold();
        timer.hold(); // a refresh does not restart it
        t.advance(Duration.ofSeconds(9));
        assertThat(crossings).isEmpty();
        t.advance(Duration.ofSeconds(1));
        assertThat(crossings).extracting(HoldTimer.Crossing::thresholdSeconds).containsExactly(10);
        t.advance(Duration.ofSeconds(50));
        assertThat(crossings).extracting(HoldTimer.Crossing::level).containsExactly(1, 2);
        assertThat(timer.resume()).isEqualTo(Duration.ofSeconds(60));
        t.advance(Duration.ofSeconds(100));
        assertThat(crossings).hasSize(2);
        assertThat(timer.held()).isFalse();

        timer.hold();
        t.advance(Duration.ofSeconds(11));
        assertThat(crossings).hasSize(3);
        assertThat(timer.totalHeld()).isEqualTo(Duration.ofSeconds(71));
        timer.resume();
        assertThat(timer.totalHeld()).isEqualTo(Duration.ofSeconds(71));
    }

    @Test
    void aHoldReportedLateKeepsItsOwnTimesAndItsThresholds() {
        ManualTime t = new ManualTime();
        List<HoldTimer.Crossing> crossings = new ArrayList<>();
        HoldTimer timer = new HoldTimer("call-1", "1001", STANDARD.holdThresholdsSeconds(), t, t, crossings::add);
        Instant start = t.instant().minusSeconds(90);
        // a hold and its resume replayed after a link outage, both in the past, one right after the other
        timer.hold(start);
        assertThat(timer.resume(start.plusSeconds(70))).isEqualTo(Duration.ofSeconds(70));
        assertThat(crossings).extracting(HoldTimer.Crossing::level).containsExactly(1, 2);
        assertThat(crossings).extracting(HoldTimer.Crossing::holdStartedAt).containsOnly(start);
        t.advance(Duration.ofSeconds(200));
        assertThat(crossings).as("the 120 s threshold was never reached").hasSize(2);
        assertThat(timer.totalHeld()).isEqualTo(Duration.ofSeconds(70));

        // a hold reported late that goes on: the thresholds already passed come at once, the next on time
        Instant later = t.instant().minusSeconds(65);
        timer.hold(later);
        t.advance(Duration.ZERO);
        assertThat(crossings).hasSize(4);
        t.advance(Duration.ofSeconds(54));
        assertThat(crossings).hasSize(4);
        t.advance(Duration.ofSeconds(1));
        assertThat(crossings).hasSize(5);
        assertThat(crossings.get(4).level()).isEqualTo(3);
    }

    /** A clock and timer wheel moved by hand. */
    static final class ManualTime extends Clock implements HoldTimer.Timers {
        private Instant now = Instant.parse("2026-11-23T09:00:00Z");
        private final TreeMap<Long, Map.Entry<Instant, Runnable>> tasks = new TreeMap<>();
        private long next;

        void advance(Duration d) {
            Instant target = now.plus(d);
            while (true) {
                var due = tasks.entrySet().stream().filter(e -> !e.getValue().getKey().isAfter(target))
                        .min(Map.Entry.comparingByValue(Map.Entry.comparingByKey())).orElse(null);
                if (due == null) {
                    break;
                }
                tasks.remove(due.getKey());
                now = due.getValue().getKey();
                due.getValue().getValue().run();
            }
            now = target;
        }

        @Override
        public long schedule(Duration delay, Runnable task) {
            tasks.put(++next, Map.entry(now.plus(delay), task));
            return next;
        }

        @Override
        public void cancel(long handle) {
            tasks.remove(handle);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
