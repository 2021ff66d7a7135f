package dev.cti.server.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.server.agent.AgentState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The constant-time occupancy equals the sum of every agent's intervals, counted one by one. */
class OccupancyTallyTest {
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

    @Test
    void noTimeInReadyOrCallWorkHasNoOccupancy() {
        OccupancyTally tally = new OccupancyTally();
        assertThat(tally.occupancy(T0)).isEmpty();
        tally.changed("a", AgentState.NOT_READY, T0);
        assertThat(tally.occupancy(T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void openAndClosedIntervalsCount() {
        OccupancyTally tally = new OccupancyTally();
        tally.changed("a", AgentState.READY, T0);
        tally.changed("b", AgentState.ON_CALL, T0);
        tally.changed("a", AgentState.RESERVED, T0.plusSeconds(30));   // a: 30 s ready, then busy
        // at +60: busy = b 60 + a 30 = 90, idle = 30
        assertThat(tally.occupancy(T0.plusSeconds(60)).getAsDouble()).isEqualTo(90.0 / 120.0);
    }

    @Test
    void equalsTheSumOverEveryAgentForRandomChanges() {
        Random random = new Random(11);
        AgentState[] states = AgentState.values();
        OccupancyTally tally = new OccupancyTally();
        List<long[]> closed = new ArrayList<>();            // {busy ms, idle ms}
        Map<String, AgentState> state = new HashMap<>();
        Map<String, Long> since = new HashMap<>();
        long now = T0.toEpochMilli();
        for (int i = 0; i < 5_000; i++) {
            now += random.nextInt(2_000);
            String agent = "a" + random.nextInt(50);
            AgentState to = states[random.nextInt(states.length)];
            AgentState from = state.put(agent, to);
            Long start = since.put(agent, now);
            if (from != null) {
                closed.add(interval(from, now - start));
            }
            tally.changed(agent, to, Instant.ofEpochMilli(now));
            long at = now + random.nextInt(1_000);
            long busy = 0;
            long idle = 0;
            for (long[] c : closed) {
                busy += c[0];
                idle += c[1];
            }
            for (Map.Entry<String, AgentState> e : state.entrySet()) {
                long[] open = interval(e.getValue(), at - since.get(e.getKey()));
                busy += open[0];
                idle += open[1];
            }
            OptionalDouble expected = busy + idle == 0 ? OptionalDouble.empty()
                    : OptionalDouble.of((double) busy / (busy + idle));
            assertThat(tally.occupancy(Instant.ofEpochMilli(at))).as("change %d", i).isEqualTo(expected);
        }
    }

    private static long[] interval(AgentState s, long ms) {
        return OccupancyTally.isBusy(s) ? new long[] {ms, 0} : s == AgentState.READY ? new long[] {0, ms}
                : new long[] {0, 0};
    }
}
