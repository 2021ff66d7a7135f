package dev.cti.link.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.link.net.ClientFsm.Event;
import dev.cti.link.net.ClientFsm.State;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientFsmTest {

    @Test
    void walksEveryTransitionOfTheTable() {
        Object[][] expected = {
            {State.IDLE, Event.START, State.CONNECTING},
            {State.CONNECTING, Event.CONNECTED, State.SYNCING},
            {State.CONNECTING, Event.CONNECT_FAILED, State.BACKING_OFF},
            {State.SYNCING, Event.SNAPSHOT_SENT, State.LIVE},
            {State.SYNCING, Event.SNAPSHOT_FAILED, State.BACKING_OFF},
            {State.SYNCING, Event.CONNECTION_LOST, State.BACKING_OFF},
            {State.LIVE, Event.SNAPSHOT_REQUESTED, State.SYNCING},
            {State.LIVE, Event.CONNECTION_LOST, State.BACKING_OFF},
            {State.BACKING_OFF, Event.RETRY_DUE, State.CONNECTING},
            {State.IDLE, Event.CLOSE, State.CLOSED},
            {State.CONNECTING, Event.CLOSE, State.CLOSED},
            {State.SYNCING, Event.CLOSE, State.CLOSED},
            {State.LIVE, Event.CLOSE, State.CLOSED},
            {State.BACKING_OFF, Event.CLOSE, State.CLOSED},
        };
        int walked = 0;
        for (Object[] row : expected) {
            assertThat(ClientFsm.next((State) row[0], (Event) row[1])).as("%s + %s", row[0], row[1]).contains((State) row[2]);
            walked++;
        }
        int inTable = ClientFsm.TABLE.values().stream().mapToInt(Map::size).sum();
        assertThat(walked).as("every transition in the table is walked here").isEqualTo(inTable);
    }

    @Test
    void everythingElseIsUnexpected() {
        int unexpected = 0;
        for (State s : State.values()) {
            for (Event e : Event.values()) {
                if (!ClientFsm.TABLE.getOrDefault(s, Map.of()).containsKey(e)) {
                    assertThat(ClientFsm.next(s, e)).as("%s + %s", s, e).isEmpty();
                    unexpected++;
                }
            }
        }
        assertThat(ClientFsm.next(State.CLOSED, Event.CONNECTION_LOST)).isEmpty();
        assertThat(ClientFsm.next(State.CLOSED, Event.CLOSE)).isEmpty();
        assertThat(unexpected).isGreaterThan(0);
    }

    @Test
    void backoffDoublesUpToTheCapAndResets() {
        Backoff backoff = new Backoff(java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(5));
        long[] delays = new long[9];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = backoff.next();
        }
        assertThat(delays).containsExactly(100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000);
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(100);
    }
}
