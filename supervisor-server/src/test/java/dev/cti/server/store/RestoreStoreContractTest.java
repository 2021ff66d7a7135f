package dev.cti.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentSnapshot;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.AgentStateChange;
import dev.cti.server.agent.Cause;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a restarting server reads back ({@link RestoreStore}), run unchanged on every backend
 * ({@link H2RestoreStoreTest}, {@link PostgresRestoreStoreTest}): each agent's last state with its call, queue, hold
 * and reason; the calls left in progress with their holds; closing the lost ones.
 */
abstract class RestoreStoreContractTest extends StoreContractBase {
    static final Instant T = Instant.parse("2026-03-01T08:15:30.123Z");

    RestoreStore restore;

    RestoreStoreContractTest() {
        super(T);
    }

    @BeforeEach
    void openView() {
        restore = new RestoreStore(store);
    }

    private void change(String agent, AgentState from, Optional<String> fromReason, AgentState to,
                        Optional<String> reason, AgentEventType event, Optional<String> call, Instant at)
            throws Exception {
        await(store.recordStateChange(new AgentStateChange(agent, from, fromReason, to, reason, event,
                Cause.agent(agent), call, at)));
    }

    private static CallRecord call(String id, CallRecord.Direction direction, Optional<String> queue,
                                   CallRecord.Outcome outcome, Optional<Instant> ended) {
        return new CallRecord(id, direction, queue, Optional.of("13812345678"), Optional.of("4001"),
                Optional.of("a2"), outcome, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ZERO,
                Duration.ZERO, Duration.ZERO, Optional.empty(), Optional.empty(), T, Optional.of(T.plusSeconds(5)),
                ended);
    }

    @Test
    void each_agent_comes_back_in_its_last_stored_state() throws Exception {
        // a1: logged in, then NOT_READY "meeting" (the newest row wins, even with the same time as the one before)
        change("a1", AgentState.LOGGED_OUT, Optional.empty(), AgentState.NOT_READY, Optional.of("system.login"),
                AgentEventType.LOGIN, Optional.empty(), T);
        change("a1", AgentState.NOT_READY, Optional.of("system.login"), AgentState.READY, Optional.empty(),
                AgentEventType.SET_READY, Optional.empty(), T.plusSeconds(1));
        change("a1", AgentState.READY, Optional.empty(), AgentState.NOT_READY, Optional.of("meeting"),
                AgentEventType.SET_NOT_READY, Optional.empty(), T.plusSeconds(1));
        // a2: ON_CALL on c1 of queue service, held (an open holds row)
        await(store.recordCall(call("c1", CallRecord.Direction.INBOUND, Optional.of("service"),
                CallRecord.Outcome.IN_PROGRESS, Optional.empty())));
        change("a2", AgentState.READY, Optional.empty(), AgentState.RESERVED, Optional.empty(),
                AgentEventType.CALL_OFFERED, Optional.of("c1"), T);
        change("a2", AgentState.RESERVED, Optional.empty(), AgentState.ON_CALL, Optional.empty(),
                AgentEventType.ANSWERED, Optional.of("c1"), T.plusSeconds(5));
        await(store.recordHold("c1", "a2", true, T.plusSeconds(10)));
        // a3: a click-to-dial made from NOT_READY "lunch": DIALING, returning to "lunch"
        change("a3", AgentState.NOT_READY, Optional.of("lunch"), AgentState.DIALING, Optional.empty(),
                AgentEventType.DIAL, Optional.of("dial-1"), T.plusSeconds(7));
        // a5: a click-to-dial from NOT_READY "break" the gateway named gw-9, then connected: the ON_CALL row is stored
        // under gw-9 (call_aliases), the agent's machine knows the call as dial-9
        change("a5", AgentState.NOT_READY, Optional.of("break"), AgentState.DIALING, Optional.empty(),
                AgentEventType.DIAL, Optional.of("dial-9"), T.plusSeconds(2));
        await(new CallHistoryStore(store).recordAlias("dial-9", "gw-9"));
        change("a5", AgentState.DIALING, Optional.empty(), AgentState.ON_CALL, Optional.empty(),
                AgentEventType.DIAL_CONNECTED, Optional.of("dial-9"), T.plusSeconds(4));
        await(store.recordHold("dial-9", "a5", true, T.plusSeconds(6)));
        // a4: wrapping up c1 since T+8
        change("a4", AgentState.ON_CALL, Optional.empty(), AgentState.WRAP_UP, Optional.empty(),
                AgentEventType.CALL_ENDED, Optional.of("c1"), T.plusSeconds(8));

        Map<String, AgentSnapshot> states = await(restore.lastStates(List.of("a1", "a2", "a3", "a4", "a5", "a6")));

        assertThat(states).containsOnlyKeys("a1", "a2", "a3", "a4", "a5");
        AgentSnapshot a1 = states.get("a1");
        assertThat(a1.state()).isEqualTo(AgentState.NOT_READY);
        assertThat(a1.reason()).contains("meeting");
        assertThat(a1.callId()).isEmpty();
        assertThat(a1.since()).isEqualTo(T.plusSeconds(1));
        AgentSnapshot a2 = states.get("a2");
        assertThat(a2.state()).isEqualTo(AgentState.ON_CALL);
        assertThat(a2.callId()).contains("c1");
        assertThat(a2.queueId()).contains("service");
        assertThat(a2.held()).isTrue();
        assertThat(a2.since()).isEqualTo(T.plusSeconds(5));
        AgentSnapshot a3 = states.get("a3");
        assertThat(a3.state()).isEqualTo(AgentState.DIALING);
        assertThat(a3.callId()).contains("dial-1");
        assertThat(a3.queueId()).isEmpty();
        assertThat(a3.pendingNotReady()).as("the reason the dial returns to").contains("lunch");
        AgentSnapshot a5 = states.get("a5");
        assertThat(a5.state()).isEqualTo(AgentState.ON_CALL);
        assertThat(a5.callId()).as("the request id, as the dialer knows it").contains("dial-9");
        assertThat(a5.held()).as("the hold stored under the gateway's id").isTrue();
        assertThat(a5.pendingNotReady()).contains("break");
        AgentSnapshot a4 = states.get("a4");
        assertThat(a4.state()).isEqualTo(AgentState.WRAP_UP);
        assertThat(a4.held()).as("only an ON_CALL agent is held").isFalse();
        assertThat(a4.since()).isEqualTo(T.plusSeconds(8));
    }

    @Test
    void calls_left_in_progress_come_back_with_their_holds_and_lost_ones_are_closed() throws Exception {
        await(store.recordCall(call("c1", CallRecord.Direction.INBOUND, Optional.of("service"),
                CallRecord.Outcome.IN_PROGRESS, Optional.empty())));
        await(store.recordCall(call("c2", CallRecord.Direction.INBOUND, Optional.of("service"),
                CallRecord.Outcome.ANSWERED, Optional.of(T.plusSeconds(60)))));
        await(store.recordHold("c1", "a2", true, T.plusSeconds(10)));
        await(store.recordHold("c1", "a2", false, T.plusSeconds(30)));
        await(store.recordHold("c1", "a2", true, T.plusSeconds(40)));

        List<RestoreStore.OpenCall> open = await(restore.openCalls());

        assertThat(open).singleElement().satisfies(o -> {
            assertThat(o.record().id()).isEqualTo("c1");
            assertThat(o.record().queueId()).contains("service");
            assertThat(o.heldBefore()).isEqualTo(Duration.ofSeconds(20));
            assertThat(o.heldSince()).contains(T.plusSeconds(40));
            assertThat(o.visitNo()).as("no visit stored: the first").isEqualTo(1);
        });

        // the call overflowed from sales into service before the crash: it goes on as its second visit
        QueueVisitStore visits = new QueueVisitStore(store);
        await(visits.record(visit("c1", 1, "sales", T, QueueVisit.Outcome.OVERFLOWED)));
        await(visits.record(visit("c1", 2, "service", T.plusSeconds(5), QueueVisit.Outcome.WAITING)));
        assertThat(await(restore.openCalls())).singleElement().satisfies(o -> {
            assertThat(o.visitNo()).isEqualTo(2);
            assertThat(o.visitEnteredAt()).contains(T.plusSeconds(5));
        });

        Instant found = T.plusSeconds(90);
        await(restore.closeLost(List.of("c1", "c2"), found));

        CallRecord c1 = await(store.call("c1")).orElseThrow();
        assertThat(c1.outcome()).isEqualTo(CallRecord.Outcome.LOST_ON_RESTART);
        assertThat(c1.endedAt()).contains(found);
        assertThat(StoreContractTestAccess.openHolds(store, "c1")).isZero();
        CallRecord c2 = await(store.call("c2")).orElseThrow();
        assertThat(c2.outcome()).as("a call that had ended is left alone").isEqualTo(CallRecord.Outcome.ANSWERED);
        assertThat(c2.endedAt()).contains(T.plusSeconds(60));
        assertThat(await(restore.openCalls())).isEmpty();
    }

    private static QueueVisit visit(String callId, int no, String queue, Instant entered, QueueVisit.Outcome outcome) {
        return new QueueVisit(callId, no, queue, Optional.empty(), T, entered, outcome, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}
