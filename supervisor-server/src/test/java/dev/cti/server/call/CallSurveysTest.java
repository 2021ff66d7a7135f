package dev.cti.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.link.message.CallInSurvey;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DtmfReceived;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.Leg;
import dev.cti.link.message.PlayPrompts;
import dev.cti.link.message.PromptsPlayed;
import dev.cti.link.message.SurveyLeft;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.server.events.QueueFigures;
import dev.cti.server.store.SurveyStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server running the service queue's satisfaction survey (issue 17) against a scripted gateway: the customer
 * hears the question, presses 4: the rating is stored with the call and the agent, the thank-you plays and the call is
 * hung up; today's satisfaction of the queue goes from none to exactly 1/1, the meters count it. A customer who
 * presses nothing is stored as no answer (satisfaction unchanged, noAnswer counted), as is one who hangs up; keys
 * that are no rating are ignored. The clock is 00:30 in Shanghai, when the UTC day is still the day before: today's
 * figures are the site's day. The survey waits 1 s for the key here.
 */
class CallSurveysTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Instant AT = ZonedDateTime.of(2027, 1, 5, 0, 30, 0, 0, SHANGHAI).toInstant();

    @TempDir
    Path tmp;
    private CallCenterRig rig;
    private ScriptedGatewayPeer gateway;
    private QueueConfig.Survey survey;

    @BeforeEach
    void start() throws Exception {
        rig = CallCenterRig.start(tmp.resolve("data"), Clock.fixed(AT, SHANGHAI), c -> {
            CtiConfig changed = c.withQueues(c.queues().stream().map(q -> q.survey().isEmpty() ? q
                    : q.withSurvey(new QueueConfig.Survey(true, q.survey().get().prompt(),
                            q.survey().get().thankYouPrompt(), q.survey().get().keys(),
                            q.survey().get().satisfiedFrom(), 1))).toList());
            survey = changed.queue("service").orElseThrow().survey().orElseThrow();
            return changed;
        }, (vertx, events) -> { });
        gateway = rig.gateway;
    }

    @AfterEach
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aRatingOf4IsStoredWithTheCallAndTheAgentAndMovesSatisfactionExactly() throws Exception {
        assertThat(serviceSurveys().rated()).isZero();
        gateway.send(new CallInSurvey("c-1", "service", "1001", System.currentTimeMillis()));
        PlayPrompts question = awaitPlay("c-1", survey.prompt());
        key("c-1", Leg.AGENT, '5'); // not the customer's
        key("c-1", Leg.CALLER, '9'); // no rating key
        played(question);
        key("c-1", Leg.CALLER, '4');
        PlayPrompts thanks = awaitPlay("c-1", survey.thankYouPrompt());
        key("c-1", Leg.CALLER, '1'); // rated once
        assertThat(gateway.received(HangUp.class)).as("not before the thanks were heard").isEmpty();
        played(thanks);
        assertThat(gateway.await(HangUp.class).cause()).isEqualTo(ClearCause.SERVER_HANGUP);

        SurveyStore.Result stored = stored("c-1");
        assertThat(stored.outcome()).isEqualTo(SurveyStore.Outcome.RATED);
        assertThat(stored.rating()).contains(4);
        assertThat(stored.agentId()).isEqualTo("1001");
        assertThat(stored.queueId()).isEqualTo("service");
        assertThat(stored.satisfied()).isTrue();
        SurveyStore.Counts today = serviceSurveys();
        assertThat(today).isEqualTo(new SurveyStore.Counts(1, 1, 0, 4));
        assertThat(rig.meters.find("cti.survey.satisfaction").tag("queue", "service").gauge().value()).isEqualTo(1.0);
        assertThat(rig.meters.find("cti.survey.results").tag("queue", "service").tag("result", "satisfied")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void noKeyInTimeAndAHangUpAreStoredAsNoAnswer() throws Exception {
        gateway.send(new CallInSurvey("c-2", "service", "1001", System.currentTimeMillis()));
        played(awaitPlay("c-2", survey.prompt()));
        assertThat(gateway.await(HangUp.class, h -> h.callId().equals("c-2")).cause())
                .isEqualTo(ClearCause.SERVER_HANGUP);
        assertThat(gateway.received(PlayPrompts.class)).as("no thanks without a rating").hasSize(1);
        SurveyStore.Result stored = stored("c-2");
        assertThat(stored.outcome()).isEqualTo(SurveyStore.Outcome.NO_ANSWER);
        assertThat(stored.rating()).isEmpty();

        gateway.send(new CallInSurvey("c-3", "service", "1001", System.currentTimeMillis()));
        awaitPlay("c-3", survey.prompt());
        gateway.send(new SurveyLeft("c-3", System.currentTimeMillis()));
        assertThat(stored("c-3").outcome()).isEqualTo(SurveyStore.Outcome.NO_ANSWER);

        assertThat(serviceSurveys()).isEqualTo(new SurveyStore.Counts(0, 0, 2, 0));
        assertThat(rig.meters.find("cti.survey.satisfaction").tag("queue", "service").gauge().value()).isNaN();
        assertThat(rig.meters.find("cti.survey.results").tag("result", "no_answer").counter().count()).isEqualTo(2.0);
    }

    private PlayPrompts awaitPlay(String callId, String... prompts) {
        return gateway.await(PlayPrompts.class, p -> p.callId().equals(callId) && p.prompts().equals(List.of(prompts)));
    }

    private void key(String callId, Leg leg, char digit) throws InterruptedException {
        gateway.send(new DtmfReceived(callId, leg, String.valueOf(digit), System.currentTimeMillis()));
        Thread.sleep(100);
    }

    private void played(PlayPrompts p) {
        gateway.send(new PromptsPlayed(p.callId(), p.playId(), System.currentTimeMillis()));
    }

    private SurveyStore.Result stored(String callId) {
        SurveyStore store = new SurveyStore(rig.store);
        return Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> store.of(callId).toCompletionStage()
                .toCompletableFuture().get(5, TimeUnit.SECONDS), Optional::isPresent).orElseThrow();
    }

    /** Today's survey counts of the service queue, as the wallboard's queue figures show them. */
    private SurveyStore.Counts serviceSurveys() throws Exception {
        List<QueueFigures> queues = rig.center.queues().toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        return queues.stream().filter(q -> q.id().equals("service")).findFirst().orElseThrow().surveys()
                .orElseThrow();
    }
}
