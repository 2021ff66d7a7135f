package dev.cti.server.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.server.monitor.MonitorState.Event;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Walks every state x event pair of the monitor session table. */
class MonitorStateTest {
    /** state, event, expected next state ("-" = unexpected). */
    private static final String[][] EXPECTED = {
            {"CALLING", "STARTED", "ACTIVE"}, {"CALLING", "MODE_CHANGED", "-"}, {"CALLING", "ENDED", "ENDED"},
            {"ACTIVE", "STARTED", "-"}, {"ACTIVE", "MODE_CHANGED", "ACTIVE"}, {"ACTIVE", "ENDED", "ENDED"},
            {"ENDED", "STARTED", "-"}, {"ENDED", "MODE_CHANGED", "-"}, {"ENDED", "ENDED", "-"},
    };

    @Test
    void everyPairIsAsWrittenOut() {
        assertThat(EXPECTED.length).isEqualTo(MonitorState.values().length * Event.values().length);
        for (String[] row : EXPECTED) {
            Optional<MonitorState> next = MonitorState.valueOf(row[0]).on(Event.valueOf(row[1]));
            assertThat(next).as(row[0] + " " + row[1])
                    .isEqualTo(row[2].equals("-") ? Optional.empty() : Optional.of(MonitorState.valueOf(row[2])));
        }
    }

    @Test
    void jsonNamesAreLowerCase() {
        assertThat(MonitorState.CALLING.json()).isEqualTo("calling");
        assertThat(MonitorState.ACTIVE.json()).isEqualTo("active");
        assertThat(MonitorState.ENDED.json()).isEqualTo("ended");
    }
}
