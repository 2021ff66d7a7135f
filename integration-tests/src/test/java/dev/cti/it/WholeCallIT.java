package dev.cti.it;

import static dev.cti.it.stack.Audio.HEARS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.it.stack.Audio;
import dev.cti.it.stack.Caller;
import dev.cti.it.stack.Seat;
import dev.cti.it.stack.Stack;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.WrapUpRecord;
import dev.cti.server.store.CallRecord;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One customer call through the whole system (issues 3, 4 and 6): a caller dials the service hotline through the
 * trunk, the server routes it to the only READY agent, whose seat rings, shows the script and answers; both hear
 * each other (tones checked by Goertzel), hold gives the caller music and not the agent, the caller hangs up, the
 * agent wraps up and is READY again, and the call's record holds what happened.
 */
class WholeCallIT {
    private static final Duration T = Duration.ofSeconds(15);
    @TempDir
    Path dir;
    private Stack stack;

    @AfterEach
    void stop() throws Exception {
        if (stack != null) stack.close();
    }

    @Test
    void callIsRoutedAnsweredHeardHeldResumedWrappedUpAndRecorded() throws Exception {
        stack = Stack.start(dir, Map.of());
        Seat agent = stack.seat("1001", 880, 1200); // answers after 1.2 s of ringing
        assertThat(agent.run("ready").getString("state")).isEqualTo("READY");
        Caller caller = stack.caller("13812345678", 440);
        caller.dial("4008001000");

        // routed to 1001: RESERVED (ringing, script pushed) then ON_CALL
        JsonObject script = agent.events().await("script", T);
        String callId = script.getString("callId");
        assertThat(script.getJsonObject("script").getJsonArray("steps").getJsonObject(0).getString("text"))
                .contains("1001号");
        agent.events().await("incoming", T);
        agent.events().await("answered", T);
        caller.events().await("answered", T);
        agent.events().awaitState("ON_CALL", T);
        List<String> states = agent.events().states();
        assertThat(states.subList(states.indexOf("READY"), states.size())).containsSubsequence("READY", "RESERVED",
                "ON_CALL");
        assertThat(stack.agent("1001").callId()).contains(callId);

        // audio both ways: each hears the other, not itself
        short[] agentHears = Audio.next(agent, 600, 2);
        short[] callerHears = Audio.next(caller, 0, 2);
        assertThat(Audio.share(agentHears, 440)).as("agent hears the caller").isGreaterThan(HEARS);
        assertThat(Audio.share(agentHears, 880)).as("agent does not hear itself").isLessThan(0.05);
        assertThat(Audio.share(callerHears, 880)).as("caller hears the agent").isGreaterThan(HEARS);
        assertThat(Audio.share(callerHears, 440)).as("caller does not hear itself").isLessThan(0.05);

        // hold from the seat: the caller hears music, not the agent
        assertThat(agent.run("hold").getString("event")).isEqualTo("ok");
        agent.events().await("held", T);
        await().atMost(T).until(() -> stack.agent("1001").held());
        short[] onHold = Audio.next(caller, 500, 1.5);
        assertThat(Audio.share(onHold, 880)).as("caller on hold does not hear the agent").isLessThan(0.05);
        assertThat(Audio.rms(onHold)).as("caller on hold hears music, not silence").isGreaterThan(200);

        assertThat(agent.run("resume").getString("event")).isEqualTo("ok");
        agent.events().await("resumed", T);
        short[] resumed = Audio.next(caller, 500, 1);
        assertThat(Audio.share(resumed, 880)).as("caller hears the agent again after resume").isGreaterThan(HEARS);
        assertThat(Audio.share(Audio.next(agent, 0, 1), 440)).as("agent hears the caller again after resume")
                .isGreaterThan(HEARS);

        // the caller hangs up: wrap-up, then READY with a code
        caller.hangup();
        assertThat(agent.events().await("hangup", T).getString("by")).isEqualTo("remote");
        agent.events().awaitState("WRAP_UP", T);
        JsonObject wrap = agent.run("wrapup resolved 客户问题已解决");
        assertThat(wrap.getString("event")).as(wrap.encode()).isEqualTo("ok");
        assertThat(wrap.getString("state")).isEqualTo("READY");
        assertThat(stack.agent("1001").state()).isEqualTo(AgentState.READY);

        CallRecord cdr = await().atMost(T).until(() -> cdr(callId),
                r -> r.isPresent() && r.get().outcome() != CallRecord.Outcome.IN_PROGRESS
                        && r.get().endedAt().isPresent()).orElseThrow();
        assertThat(cdr.outcome()).isEqualTo(CallRecord.Outcome.ANSWERED);
        assertThat(cdr.agentId()).contains("1001");
        assertThat(cdr.queueId()).contains("service");
        assertThat(cdr.ringTime()).isGreaterThan(Duration.ZERO);
        assertThat(cdr.holdTime()).isGreaterThan(Duration.ZERO);
        assertThat(cdr.talkTime()).isGreaterThan(Duration.ofSeconds(2));
        List<WrapUpRecord> wrapUps = await().atMost(T).until(() -> stack.server().store().wrapUps(callId)
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS), l -> !l.isEmpty());
        assertThat(wrapUps).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo("resolved");
            assertThat(w.agentId()).isEqualTo("1001");
            assertThat(w.notes()).contains("客户问题已解决");
        });
    }

    private Optional<CallRecord> cdr(String callId) throws Exception {
        return stack.server().store().call(callId).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
