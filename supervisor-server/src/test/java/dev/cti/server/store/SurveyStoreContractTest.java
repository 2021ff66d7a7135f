package dev.cti.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.server.store.SurveyStore.Counts;
import dev.cti.server.store.SurveyStore.Outcome;
import dev.cti.server.store.SurveyStore.Result;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The satisfaction surveys' rows ({@link SurveyStore}, V11; issue 17), run unchanged on every backend
 * ({@link H2SurveyStoreTest}, {@link PostgresSurveyStoreTest}): a rating and a no answer read back as stored, a repeat
 * is ignored, and the counts take only the surveys ended in the range, per queue, filtered by queue and agent.
 */
abstract class SurveyStoreContractTest extends StoreContractBase {
    static final Instant T = Instant.parse("2026-03-01T08:15:30.123Z");

    SurveyStore surveys;

    SurveyStoreContractTest() {
        super(T);
    }

    @BeforeEach
    void openView() {
        surveys = new SurveyStore(store);
    }

    private static Result rated(String call, String queue, String agent, int rating, boolean satisfied, Instant end) {
        return new Result(call, queue, agent, Outcome.RATED, Optional.of(rating), satisfied, end.minusSeconds(6), end);
    }

    private static Result unanswered(String call, String queue, String agent, Instant end) {
        return new Result(call, queue, agent, Outcome.NO_ANSWER, Optional.empty(), false, end.minusSeconds(8), end);
    }

    @Test
    void a_rating_and_a_no_answer_read_back_as_stored() throws Exception {
        Result four = rated("c1", "service", "a1", 4, true, T.plusSeconds(10));
        Result none = unanswered("c2", "sales", "a2", T.plusSeconds(20));
        await(surveys.record(four));
        await(surveys.record(none));

        assertThat(await(surveys.of("c1"))).contains(four);
        Result back = await(surveys.of("c2")).orElseThrow();
        assertThat(back).isEqualTo(none);
        assertThat(back.rating()).as("no answer has no rating, not 0").isEmpty();
        assertThat(await(surveys.of("c3"))).isEmpty();
    }

    @Test
    void a_call_is_surveyed_once_a_repeat_is_ignored() throws Exception {
        Result first = rated("c1", "service", "a1", 2, false, T.plusSeconds(10));
        await(surveys.record(first));
        await(surveys.record(rated("c1", "service", "a1", 5, true, T.plusSeconds(30))));

        assertThat(await(surveys.of("c1"))).contains(first);
        assertThat(await(surveys.countsByQueue(T, T.plusSeconds(3600))))
                .containsExactly(Map.entry("service", new Counts(1, 0, 0, 2)));
    }

    @Test
    void counts_take_the_surveys_ended_in_the_range_per_queue() throws Exception {
        await(surveys.record(rated("c1", "service", "a1", 4, true, T.plusSeconds(10))));
        await(surveys.record(rated("c2", "service", "a2", 5, true, T.plusSeconds(20))));
        await(surveys.record(rated("c3", "service", "a1", 1, false, T.plusSeconds(30))));
        await(surveys.record(unanswered("c4", "service", "a1", T.plusSeconds(40))));
        await(surveys.record(rated("c5", "sales", "a2", 3, false, T.plusSeconds(50))));
        await(surveys.record(rated("c6", "service", "a1", 5, true, T.minusSeconds(1)))); // before the range
        await(surveys.record(rated("c7", "service", "a1", 5, true, T.plusSeconds(3600)))); // at its end: out

        assertThat(await(surveys.countsByQueue(T, T.plusSeconds(3600)))).containsOnly(
                Map.entry("service", new Counts(3, 2, 1, 10)),
                Map.entry("sales", new Counts(1, 0, 0, 3)));

        Map<String, Counts> a1Service = await(store.read(c -> SurveyStore.counts(c, T, T.plusSeconds(3600),
                "service"::equals, "a1"::equals)));
        assertThat(a1Service).containsExactly(Map.entry("service", new Counts(2, 1, 1, 5)));
    }
}
