package dev.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.it.stack.Caller;
import dev.cti.it.stack.Seat;
import dev.cti.it.stack.Stack;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.AgentSnapshot;
import dev.cti.server.store.CallRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ring, no answer (RONA) end to end: two READY agents, the one idle longest does not answer; when the queue's ring
 * timeout (shortened to 4 s in this copy of the configuration) passes, the gateway cancels the ringing phone, the
 * server puts that agent NOT_READY(system.rona) and gives the call to the other agent, who answers it.
 */
class RingNoAnswerIT {
    private static final Duration T = Duration.ofSeconds(15);
    private static final int RING_TIMEOUT_SECONDS = 4;
    @TempDir
    Path dir;
    private Stack stack;

    @AfterEach
    void stop() throws Exception {
        if (stack != null) stack.close();
    }

    @Test
    void unansweredRingGoesToTheNextAgentAndTheFirstIsNotReadyRona() throws Exception {
        stack = Stack.start(dir, Map.of("ringTimeoutSeconds: 15", "ringTimeoutSeconds: " + RING_TIMEOUT_SECONDS));
        Seat sleepy = stack.seat("1002", 660, -1); // never answers
        Seat awake = stack.seat("1001", 880, 500);
        assertThat(sleepy.run("ready").getString("state")).isEqualTo("READY");
        // longest-idle: the agent READY first is offered the call first
        await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(2)).until(() -> true);
        assertThat(awake.run("ready").getString("state")).isEqualTo("READY");

        Caller caller = stack.caller("13912345678", 440);
        caller.dial("4008001000");

        sleepy.events().await("incoming", T);
        String callId = sleepy.events().await("script", T).getString("callId");
        Instant rangAt = Instant.now();
        assertThat(stack.agent("1002").state()).isEqualTo(AgentState.RESERVED);
        assertThat(awake.events().find("incoming", e -> true)).as("only one phone rings at a time").isNull();

        // the ring timeout: the first phone is cancelled, its agent is NOT_READY(system.rona)
        sleepy.events().await("cancelled", Duration.ofSeconds(RING_TIMEOUT_SECONDS + 10));
        assertThat(Duration.between(rangAt, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(RING_TIMEOUT_SECONDS - 1));
        sleepy.events().await("state", e -> "NOT_READY".equals(e.getString("state")), T);
        AgentSnapshot rona = stack.agent("1002");
        assertThat(rona.state()).isEqualTo(AgentState.NOT_READY);
        assertThat(rona.reason()).contains("system.rona");

        // ... and the call goes to the second agent, who answers it
        awake.events().await("answered", T);
        caller.events().await("answered", T);
        awake.events().awaitState("ON_CALL", T);
        assertThat(stack.agent("1001").callId()).contains(callId);
        assertThat(sleepy.events().count("answered")).isZero();

        caller.hangup();
        awake.events().awaitState("WRAP_UP", T);
        CallRecord cdr = await().atMost(T).until(() -> cdr(callId),
                r -> r.isPresent() && r.get().endedAt().isPresent()).orElseThrow();
        assertThat(cdr.outcome()).isEqualTo(CallRecord.Outcome.ANSWERED);
        assertThat(cdr.agentId()).contains("1001");
        assertThat(stack.agent("1002").state()).as("a RONA agent stays NOT_READY until it asks").isEqualTo(AgentState.NOT_READY);
    }

    private Optional<CallRecord> cdr(String callId) throws Exception {
        return stack.server().store().call(callId).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
