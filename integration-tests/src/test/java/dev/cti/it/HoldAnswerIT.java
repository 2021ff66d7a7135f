package dev.cti.it;

import static dev.cti.it.stack.Audio.HEARS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.it.stack.Api;
import dev.cti.it.stack.Audio;
import dev.cti.it.stack.Caller;
import dev.cti.it.stack.Seat;
import dev.cti.it.stack.Stack;
import dev.cti.server.agent.AgentState;
import dev.cti.server.store.CallRecord;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answer and hold requested through the server (issue 4), the way a desktop or a CRM integration asks for them:
 * REST to the server, a CTI command to the gateway, SIP to the phone or a media change in the gateway. The seat
 * does not answer by itself: the answer must come from {@code POST /api/calls/{id}/answer} (the gateway's
 * {@code NOTIFY Event: talk}); the hold from {@code /hold} gives the caller music and cuts the agent off without
 * touching the phone, and {@code /resume} brings both back. Checked by tone, not by flags.
 */
class HoldAnswerIT {
    private static final Duration T = Duration.ofSeconds(15);
    @TempDir
    Path dir;
    private Stack stack;

    @AfterEach
    void stop() throws Exception {
        if (stack != null) stack.close();
    }

    @Test
    void answerHoldAndResumeThroughTheServer() throws Exception {
        stack = Stack.start(dir, Map.of());
        Seat agent = stack.seat("1001", 880, -1); // never answers by itself
        assertThat(agent.run("ready").getString("state")).isEqualTo("READY");
        Api desk = stack.api("1001");
        Caller caller = stack.caller("13812345678", 440);
        caller.dial("4008001000");

        String callId = agent.events().await("script", T).getString("callId");
        agent.events().await("incoming", T);
        Api.Reply answer = desk.post("/api/calls/" + callId + "/answer", new JsonObject());
        assertThat(answer.status()).as(answer.body().encode()).isEqualTo(202);
        agent.events().await("answered", T);
        caller.events().await("answered", T);
        agent.events().awaitState("ON_CALL", T);

        short[] callerHears = Audio.next(caller, 600, 1.5);
        assertThat(Audio.share(callerHears, 880)).as("caller hears the agent after a remote answer")
                .isGreaterThan(HEARS);

        Api.Reply hold = desk.post("/api/calls/" + callId + "/hold", new JsonObject());
        assertThat(hold.status()).as(hold.body().encode()).isEqualTo(202);
        await("the server sees the hold").atMost(T).until(() -> stack.agent("1001").held());
        short[] onHold = Audio.next(caller, 500, 1.5);
        assertThat(Audio.share(onHold, 880)).as("caller on hold does not hear the agent").isLessThan(0.05);
        assertThat(Audio.rms(onHold)).as("caller on hold hears music, not silence").isGreaterThan(200);
        short[] agentOnHold = Audio.next(agent, 0, 1);
        assertThat(Audio.share(agentOnHold, 440)).as("agent does not hear the held caller").isLessThan(0.05);

        Api.Reply resume = desk.post("/api/calls/" + callId + "/resume", new JsonObject());
        assertThat(resume.status()).as(resume.body().encode()).isEqualTo(202);
        await("the server sees the resume").atMost(T).until(() -> !stack.agent("1001").held());
        assertThat(Audio.share(Audio.next(caller, 500, 1), 880)).as("caller hears the agent again")
                .isGreaterThan(HEARS);
        assertThat(Audio.share(Audio.next(agent, 0, 1), 440)).as("agent hears the caller again")
                .isGreaterThan(HEARS);

        // another agent may not hold a call that is not theirs
        Api other = stack.api("1002");
        assertThat(other.post("/api/calls/" + callId + "/hold", new JsonObject()).status()).isEqualTo(403);

        caller.hangup();
        agent.events().awaitState("WRAP_UP", T);
        assertThat(stack.agent("1001").state()).isEqualTo(AgentState.WRAP_UP);
        CallRecord cdr = await().atMost(T).until(() -> cdr(callId),
                r -> r.isPresent() && r.get().endedAt().isPresent()).orElseThrow();
        assertThat(cdr.outcome()).isEqualTo(CallRecord.Outcome.ANSWERED);
        assertThat(cdr.holdTime()).as("the gateway's hold is stored like a phone's").isGreaterThan(Duration.ofSeconds(1));
    }

    private Optional<CallRecord> cdr(String callId) throws Exception {
        return stack.server().store().call(callId).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
