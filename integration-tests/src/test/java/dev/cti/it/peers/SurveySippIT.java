package dev.cti.it.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.it.stack.Seat;
import dev.cti.it.stack.Stack;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.SurveyStore;
import dev.cti.testpeers.Sipp;
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
 * The satisfaction survey of issue 17 on the real stack: sipp is the PBX and the customer, pressing keys as RFC 4733
 * events; a Java seat is the agent. The service queue asks every customer when the agent hangs up (queues.yaml edited:
 * afterAgentHangUp on, a 2 s wait for the key). The agent answers and hangs up; the customer, still connected, hears
 * the question and presses 4: the call's rating is 4, stored with the call and agent 1001, whose CDR is the ordinary
 * answered one, and customer satisfaction moves exactly from none to 1/1 in /metrics; then the thank-you and the
 * gateway's hang-up. A customer who presses nothing is recorded as no answer and leaves satisfaction as it was.
 */
class SurveySippIT {
    private static final Duration T = Duration.ofSeconds(20);
    private static final Map<String, String> ASK_EVERY_CUSTOMER = Map.of(
            "afterAgentHangUp: false   #", "afterAgentHangUp: true    #",
            "timeoutSeconds: 8", "timeoutSeconds: 2");

    @TempDir
    Path dir;
    private Stack stack;

    @AfterEach
    void stop() throws Exception {
        if (stack != null) stack.close();
    }

    @Test
    void theCustomerPresses4AfterTheAgentHangsUpAndSatisfactionMovesExactly() throws Exception {
        Sipp.require();
        stack = Stack.start(dir, ASK_EVERY_CUSTOMER);
        assertThat(metrics()).contains("cti_survey_satisfaction_ratio{queue=\"service\"} NaN");
        Seat agent = stack.seat("1001", 880, 800);
        assertThat(agent.run("ready").getString("state")).isEqualTo("READY");

        try (Sipp pbx = caller("/peers/sipp/caller-survey-key4.xml")) {
            String callId = agent.events().await("script", T).getString("callId");
            agent.events().await("answered", T);
            agent.run("hangup");
            pbx.assertPassed(Duration.ofSeconds(40)); // 4 pressed, the thank-you heard, then the gateway's BYE
            SurveyStore.Result survey = survey(callId);
            assertThat(survey.outcome()).isEqualTo(SurveyStore.Outcome.RATED);
            assertThat(survey.rating()).contains(4);
            assertThat(survey.agentId()).isEqualTo("1001");
            assertThat(survey.queueId()).isEqualTo("service");
            CallRecord cdr = await().atMost(T).until(() -> cdr(callId),
                    r -> r.isPresent() && r.get().endedAt().isPresent()).orElseThrow();
            assertThat(cdr.agentId()).contains("1001");
            assertThat(cdr.outcome()).isEqualTo(CallRecord.Outcome.ANSWERED);
        }
        assertThat(metrics()).contains("cti_survey_satisfaction_ratio{queue=\"service\"} 1.0")
                .contains("cti_survey_results_total{queue=\"service\",result=\"satisfied\"} 1.0")
                .doesNotContain("result=\"no_answer\"");
    }

    @Test
    void aCustomerWhoPressesNothingIsRecordedAsNoAnswer() throws Exception {
        Sipp.require();
        stack = Stack.start(dir, ASK_EVERY_CUSTOMER);
        Seat agent = stack.seat("1001", 880, 800);
        assertThat(agent.run("ready").getString("state")).isEqualTo("READY");
        try (Sipp pbx = caller("/peers/sipp/caller-survey-silent-awaits-bye.xml")) {
            String callId = agent.events().await("script", T).getString("callId");
            agent.events().await("answered", T);
            agent.run("hangup");
            pbx.assertPassed(Duration.ofSeconds(40)); // the question, 2 s without a key, the gateway's BYE
            SurveyStore.Result survey = survey(callId);
            assertThat(survey.outcome()).isEqualTo(SurveyStore.Outcome.NO_ANSWER);
            assertThat(survey.rating()).isEmpty();
        }
        assertThat(metrics()).contains("cti_survey_results_total{queue=\"service\",result=\"no_answer\"} 1.0")
                .contains("cti_survey_satisfaction_ratio{queue=\"service\"} NaN");
    }

    private Sipp caller(String scenario) {
        return Sipp.scenario(scenario).workDir(dir.resolve("sipp"))
                .remote("127.0.0.1:" + stack.config().network().sip().udpPort())
                .args(List.of("-s", "4008001000", "-key", "caller", "13800000009")).timeout(Duration.ofSeconds(44))
                .start();
    }

    private String metrics() {
        return stack.server().meters().scrape();
    }

    private SurveyStore.Result survey(String callId) {
        SurveyStore store = new SurveyStore(stack.server().store());
        return await().atMost(T).until(() -> store.of(callId).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS), Optional::isPresent).orElseThrow();
    }

    private Optional<CallRecord> cdr(String callId) throws Exception {
        return stack.server().store().call(callId).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
