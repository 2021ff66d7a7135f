package dev.cti.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.it.stack.Caller;
import dev.cti.it.stack.Seat;
import dev.cti.it.stack.Stack;
import dev.cti.link.message.Snapshot;
import dev.cti.server.agent.AgentState;
import dev.cti.server.store.CallRecord;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, "Link outage", through the real stack: the CTI link between the real gateway and the real server is cut
 * silently (a relay drops every byte: each side notices only by its heartbeat, so the first events of the outage go
 * into a dead connection). Meanwhile the agent holds and resumes a connected call and the caller hangs up, and another
 * caller comes and goes without ever reaching an agent. After the link is back, the server has both records with the
 * right outcome and times (from the gateway's buffered and replayed events), and the agent is in wrap-up.
 */
class LinkOutageIT {
    private static final Duration T = Duration.ofSeconds(15);
    @TempDir
    Path dir;
    private Stack stack;

    @AfterEach
    void stop() throws Exception {
        if (stack != null) stack.close();
    }

    @Test
    void callsOfAnOutageGetTheirRecordsHoldsAndOutcomesOnceTheLinkIsBack() throws Exception {
        stack = Stack.startWithLinkCut(dir);
        Seat agent = stack.seat("1001", 880, 300);
        agent.run("ready");
        Caller first = stack.caller("13812345678", 440);
        first.dial("4008001000");
        String answeredCall = agent.events().await("script", T).getString("callId");
        agent.events().await("answered", T);
        agent.events().awaitState("ON_CALL", T);

        // the network between gateway and server fails silently
        stack.linkCut().cut();
        Instant heldAt = Instant.now();
        assertThat(agent.run("hold").getString("event")).isEqualTo("ok");
        agent.events().await("held", T);
        pause(Duration.ofSeconds(2));
        assertThat(agent.run("resume").getString("event")).isEqualTo("ok");
        agent.events().await("resumed", T);
        Duration heldFor = Duration.between(heldAt, Instant.now());

        // a second caller arrives while the server cannot route, waits and gives up
        Caller second = stack.caller("13912345678", 660);
        second.dial("4008001000");
        String abandonedCall = await().atMost(T).until(() -> stack.gateway().b2bua().snapshot().calls().stream()
                .map(Snapshot.CallSnapshot::callId).filter(id -> !id.equals(answeredCall)).findFirst(),
                Optional::isPresent).orElseThrow();
        pause(Duration.ofSeconds(3));
        second.hangup();
        first.hangup();
        JsonObject hungUp = agent.events().await("hangup", T);
        assertThat(hungUp.getString("by")).isEqualTo("remote");
        await().atMost(T).until(() -> stack.gateway().b2bua().liveCalls() == 0);
        await("the gateway noticed the dead link").atMost(T).until(() -> !stack.gateway().link().connected());
        assertThat(stack.server().store().call(abandonedCall).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS)).as("the server heard nothing of the second call yet").isEmpty();

        stack.linkCut().restore();
        stack.awaitLinkUp();

        CallRecord answered = finished(answeredCall);
        assertThat(answered.outcome()).isEqualTo(CallRecord.Outcome.ANSWERED);
        assertThat(answered.agentId()).contains("1001");
        assertThat(answered.holdTime()).as("the hold made during the outage, from the gateway's own times")
                .isBetween(Duration.ofMillis(1500), heldFor.plusMillis(500));
        assertThat(answered.talkTime()).isGreaterThan(Duration.ZERO);
        assertThat(answered.ringTime()).isGreaterThan(Duration.ZERO);

        CallRecord abandoned = finished(abandonedCall);
        assertThat(abandoned.outcome()).isEqualTo(CallRecord.Outcome.ABANDONED);
        assertThat(abandoned.waitTime()).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(10));
        assertThat(abandoned.endedAt()).isPresent();

        await().atMost(T).until(() -> stack.agent("1001").state() == AgentState.WRAP_UP);
        JsonObject wrap = agent.run("wrapup resolved");
        assertThat(wrap.getString("event")).as(wrap.encode()).isEqualTo("ok");
        assertThat(stack.gateway().link().stats().replayed())
                .as("events written into the dead connection were sent again (Replayed): only the acks saved them")
                .isPositive();
        assertThat(stack.gateway().link().buffered()).as("all acknowledged").isZero();
    }

    private CallRecord finished(String callId) {
        return await().atMost(T).until(() -> stack.server().store().call(callId).toCompletionStage()
                .toCompletableFuture().get(5, TimeUnit.SECONDS), r -> r.isPresent()
                && r.get().outcome() != CallRecord.Outcome.IN_PROGRESS).orElseThrow();
    }

    private static void pause(Duration d) {
        await().pollDelay(d).atMost(d.plusSeconds(5)).until(() -> true);
    }
}
