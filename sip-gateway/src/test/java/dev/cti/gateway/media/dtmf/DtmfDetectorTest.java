package dev.cti.gateway.media.dtmf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DtmfDetectorTest {

    private final DtmfDetector detector = new DtmfDetector();
    private final List<Character> digits = new ArrayList<>();

    private void packet(long ts, int event, boolean end, int duration) {
        TelephoneEvent reported = detector.onPacket(0xABCD, ts, new TelephoneEvent(event, end, 10, duration));
        if (reported != null) {
            digits.add(reported.digit());
        }
    }

    /** One key press as RFC 4733 sends it: updates every 50 ms, then three end packets. */
    private void press(long ts, int event) {
        for (int d = 400; d <= 1200; d += 400) {
            packet(ts, event, false, d);
        }
        packet(ts, event, true, 1600);
        packet(ts, event, true, 1600);
        packet(ts, event, true, 1600);
    }

    @Test
    void reportsEachKeyPressOnceDespiteEndRetransmissions() {
        press(1000, 5);
        press(9000, 5); // same key again: a new event (new timestamp)
        press(17000, 11);
        press(25000, 10);
        assertThat(digits).containsExactly('5', '5', '#', '*');
    }

    @Test
    void anEventWhoseEndPacketsWereAllLostIsReportedWhenTheNextStarts() {
        packet(1000, 1, false, 400);
        packet(1000, 1, false, 800);
        assertThat(digits).isEmpty();
        packet(9000, 2, false, 400);
        assertThat(digits).containsExactly('1');
        packet(9000, 2, true, 800);
        packet(9000, 2, true, 800);
        assertThat(digits).containsExactly('1', '2');
    }

    @Test
    void lateUpdatesOfAFinishedEventAreIgnored() {
        press(1000, 9);
        packet(1000, 9, false, 1200);
        assertThat(digits).containsExactly('9');
    }

    @Test
    void mapsEventCodesToDigits() {
        assertThat(new TelephoneEvent(0, false, 0, 0).digit()).isEqualTo('0');
        assertThat(new TelephoneEvent(12, false, 0, 0).digit()).isEqualTo('A');
        assertThat(new TelephoneEvent(16, false, 0, 0).isDtmf()).isFalse();
    }
}
