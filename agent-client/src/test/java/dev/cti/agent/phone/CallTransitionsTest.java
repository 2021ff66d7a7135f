package dev.cti.agent.phone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Walks every row of the call transition table, and every pair that is not a row. */
class CallTransitionsTest {

    @Test
    void everyRowMovesTheMachineAndNotifiesOnce() {
        int rows = 0;
        for (Map.Entry<CallState, Map<CallEvent, CallState>> from : CallTransitions.table().entrySet()) {
            for (Map.Entry<CallEvent, CallState> row : from.getValue().entrySet()) {
                List<String> seen = new ArrayList<>();
                CallMachine m = machineIn(from.getKey(), seen);
                seen.clear();
                assertThat(m.fire(row.getKey())).as("%s --%s-->", from.getKey(), row.getKey()).isTrue();
                assertThat(m.state()).isEqualTo(row.getValue());
                assertThat(seen).containsExactly(from.getKey() + ">" + row.getKey() + ">" + row.getValue());
                assertThat(m.unexpectedEvents()).isZero();
                rows++;
            }
        }
        assertThat(rows).isEqualTo(33);
    }

    @Test
    void everyOtherPairIsRefusedCountedAndLeavesTheStateAlone() {
        for (CallState s : CallState.values()) {
            for (CallEvent e : CallEvent.values()) {
                if (CallTransitions.next(s, e).isPresent()) continue;
                CallMachine m = machineIn(s, new ArrayList<>());
                long before = m.unexpectedEvents();
                assertThat(m.can(e)).isFalse();
                assertThat(m.fire(e)).isFalse();
                assertThat(m.state()).isEqualTo(s);
                assertThat(m.unexpectedEvents()).isEqualTo(before + 1);
            }
        }
    }

    @Test
    void everyStateIsReachableAndCanGetBackToIdle() {
        Set<CallState> reached = EnumSet.of(CallState.IDLE);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (CallState s : Set.copyOf(reached)) grew |= reached.addAll(CallTransitions.table().get(s).values());
        }
        assertThat(reached).containsExactlyInAnyOrder(CallState.values());
        for (CallState s : CallState.values()) {
            if (s != CallState.IDLE) assertThat(CallTransitions.table().get(s)).as("exits of %s", s).isNotEmpty();
        }
    }

    /** Drives a fresh machine from IDLE into {@code target} along table rows only. */
    private static CallMachine machineIn(CallState target, List<String> seen) {
        CallMachine m = new CallMachine("test", Clock.systemUTC(), (f, e, t) -> seen.add(f + ">" + e + ">" + t));
        List<CallEvent> path = switch (target) {
            case IDLE -> List.of();
            case RINGING -> List.of(CallEvent.INCOMING_INVITE);
            case DIALING -> List.of(CallEvent.DIAL);
            case CONNECTED -> List.of(CallEvent.INCOMING_INVITE, CallEvent.ANSWER);
            case HOLDING -> List.of(CallEvent.INCOMING_INVITE, CallEvent.ANSWER, CallEvent.HOLD);
            case HELD -> List.of(CallEvent.INCOMING_INVITE, CallEvent.ANSWER, CallEvent.HOLD, CallEvent.HOLD_OK);
            case RESUMING -> List.of(CallEvent.INCOMING_INVITE, CallEvent.ANSWER, CallEvent.HOLD, CallEvent.HOLD_OK,
                    CallEvent.RESUME);
            case TRANSFERRING -> List.of(CallEvent.INCOMING_INVITE, CallEvent.ANSWER, CallEvent.TRANSFER);
            case ENDING -> List.of(CallEvent.INCOMING_INVITE, CallEvent.ANSWER, CallEvent.HANGUP);
        };
        for (CallEvent e : path) assertThat(m.fire(e)).isTrue();
        assertThat(m.state()).isEqualTo(target);
        return m;
    }
}
