package dev.cti.it.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.it.stack.Seat;
import dev.cti.it.stack.Stack;
import dev.cti.server.store.CallRecord;
import dev.cti.testpeers.Sipp;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4 with a real PBX peer: a call placed by sipp into the service queue is routed to the registered READY
 * agent, answered by the agent's seat, hung up by sipp, and recorded as ANSWERED by agent 1001.
 */
class SippRoutingIT {
    private static final Duration T = Duration.ofSeconds(20);
    @TempDir
    Path dir;
    private Stack stack;

    @AfterEach
    void stop() throws Exception {
        if (stack != null) stack.close();
    }

    @Test
    void sippCallIntoQueueIsRoutedToTheReadyAgentAndRecordedAnswered() throws Exception {
        Sipp.require();
        stack = Stack.start(dir, java.util.Map.of());
        Seat agent = stack.seat("1001", 880, 800);
        assertThat(agent.run("ready").getString("state")).isEqualTo("READY");

        // sipp hangs up 4 s after its ACK: the gateway answers at once (queue), so the agent answers within it
        // the PBX: sipp on peers/sipp/caller.xml from 127.0.0.1 (the trunk address); it sends no RTP
        try (Sipp pbx = Sipp.scenario("/peers/sipp/caller.xml").workDir(dir.resolve("sipp"))
                .remote("127.0.0.1:" + stack.config().network().sip().udpPort())
                .args("-s", "4008001000", "-key", "caller", "13800000009", "-d", "4000")
                .timeout(Duration.ofSeconds(44)).start()) {
            JsonObject script = agent.events().await("script", T);
            String callId = script.getString("callId");
            agent.events().await("answered", T);
            agent.events().awaitState("ON_CALL", T);
            assertThat(stack.agent("1001").callId()).contains(callId);

            pbx.assertPassed(Duration.ofSeconds(40));
            assertThat(agent.events().await("hangup", T).getString("by")).isEqualTo("remote");
            agent.events().awaitState("WRAP_UP", T);

            CallRecord cdr = await().atMost(T).until(() -> cdr(callId),
                    r -> r.isPresent() && r.get().outcome() != CallRecord.Outcome.IN_PROGRESS
                            && r.get().endedAt().isPresent()).orElseThrow();
            assertThat(cdr.outcome()).isEqualTo(CallRecord.Outcome.ANSWERED);
            assertThat(cdr.agentId()).contains("1001");
            assertThat(cdr.queueId()).contains("service");
            assertThat(cdr.talkTime()).isGreaterThan(Duration.ZERO);
        }
    }

    private Optional<CallRecord> cdr(String callId) throws Exception {
        return stack.server().store().call(callId).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
