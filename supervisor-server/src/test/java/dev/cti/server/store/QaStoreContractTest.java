package dev.cti.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.QaConfig.Rating;
import dev.cti.config.StorageConfig;
import dev.cti.server.agent.Cause;
import dev.cti.server.agent.WrapUpRecord;
import dev.cti.server.qa.Evaluation;
import dev.cti.server.qa.EvaluationState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The QA records (V2__qa.sql: aliases, desktop reports, evaluations, disputes, work lists, sampling runs), run
 * unchanged on every backend: {@link H2QaStoreTest}, {@link PostgresQaStoreTest}.
 */
abstract class QaStoreContractTest {
    static final Instant T = Instant.parse("2026-03-01T08:15:30Z");
    static final LocalDate DAY = LocalDate.of(2026, 3, 1);

    Vertx vertx;
    Store store;
    CallHistoryStore history;
    EvaluationStore evaluations;
    WorkListStore work;

    abstract StorageConfig storage() throws Exception;

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        store = Store.open(storage(), vertx, new SimpleMeterRegistry(), Clock.fixed(T, ZoneOffset.UTC));
        history = new CallHistoryStore(store);
        evaluations = new EvaluationStore(store);
        work = new WorkListStore(store);
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        await(vertx.close());
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static CallRecord call(String id, CallRecord.Direction dir, Optional<String> queue, String agent, Instant start,
                           long ringMs, long talkS) {
        return new CallRecord(id, dir, queue, Optional.of("13800001111"), Optional.empty(), Optional.of(agent),
                CallRecord.Outcome.ANSWERED, Duration.ofSeconds(3), Duration.ofMillis(ringMs), Duration.ofSeconds(talkS),
                Duration.ZERO, Duration.ZERO, Optional.empty(), Optional.empty(), start,
                Optional.of(start.plusSeconds(5)), Optional.of(start.plusSeconds(5 + talkS)));
    }

    @Test
    void a_calls_history_gathers_its_rows_and_those_of_its_aliases() throws Exception {
        await(store.recordCall(call("gw-1", CallRecord.Direction.OUTBOUND, Optional.empty(), "a1", T, 0, 90)));
        await(history.recordAlias("dial-1", "gw-1"));
        await(history.recordAlias("dial-1", "gw-1")); // again: harmless
        await(store.recordHold("dial-1", "a1", true, T.plusSeconds(20)));
        await(store.recordHold("dial-1", "a1", false, T.plusSeconds(95)));
        await(store.recordHoldThresholdCrossing(new HoldThresholdCrossing("gw-1", "a1", 60, T.plusSeconds(80))));
        await(history.recordScriptEvent(new ScriptShown(Optional.of("dial-1"), "a1", "sales-inbound",
                Optional.of("before-hold"), "en", T.plusSeconds(19)), "phrase"));
        await(store.recordScriptShown(new ScriptShown(Optional.of("gw-1"), "a1", "sales-inbound",
                Optional.of("greeting"), "en", T.plusSeconds(5))));
        await(store.recordWrapUp(new WrapUpRecord("a1", "dial-1", Optional.empty(), "callback-booked",
                Optional.empty(), Cause.agent("alice"), T.plusSeconds(100))));
        await(store.recordAudit(new AuditEntry("sam", "monitor-start", Optional.of("a1"), Optional.of("gw-1"),
                Optional.of("mode=whisper"), T.plusSeconds(30))));
        await(store.recordCall(call("other", CallRecord.Direction.INBOUND, Optional.of("sales"), "a2", T, 0, 10)));
        await(store.recordHold("other", "a2", true, T));

        CallHistory h = await(history.history("gw-1")).orElseThrow();
        assertThat(h.call().id()).isEqualTo("gw-1");
        assertThat(h.scripts()).extracting(CallHistory.ScriptEvent::kind, e -> e.id().orElseThrow())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("step", "greeting"),
                        org.assertj.core.groups.Tuple.tuple("phrase", "before-hold"));
        assertThat(h.holds()).containsExactly(new CallHistory.Hold(T.plusSeconds(20), Optional.of(T.plusSeconds(95))));
        assertThat(h.crossings()).extracting(HoldThresholdCrossing::thresholdSeconds).containsExactly(60);
        assertThat(h.wrapUps()).extracting(WrapUpRecord::code).containsExactly("callback-booked");
        assertThat(h.audit()).extracting(AuditEntry::detail).containsExactly(Optional.of("mode=whisper"));
        assertThat(await(history.history("nothing"))).isEmpty();
        assertThat(await(store.count("call_aliases"))).isEqualTo(1);
    }

    @Test
    void a_form_version_is_stored_once_per_content() throws Exception {
        long a = await(evaluations.formVersion("inbound", 1, "aa", "{\"v\":1}", T));
        long again = await(evaluations.formVersion("inbound", 1, "aa", "{\"v\":1}", T.plusSeconds(5)));
        long changed = await(evaluations.formVersion("inbound", 1, "bb", "{\"v\":\"changed\"}", T));
        assertThat(again).isEqualTo(a);
        assertThat(changed).isNotEqualTo(a);
        assertThat(await(evaluations.formDefinition(changed))).contains("{\"v\":\"changed\"}");
    }

    private Evaluation draft(long formVersionId, String callId) {
        return new Evaluation(0, callId, "a1", "red", Optional.of("sales"), "INBOUND", "quinn", formVersionId,
                "inbound", 1, EvaluationState.DRAFT, new Evaluation.Score(3, false, Optional.of("D")), Optional.empty(), 0,
                T, T, Optional.empty(), Optional.empty(),
                List.of(new Evaluation.Item("greeting", Optional.of(Rating.EXCELLENT),
                                Optional.of("{\"code\":\"ring-target-met\"}"), Optional.of(Rating.EXCELLENT), false,
                                Optional.empty()),
                        new Evaluation.Item("ask-name", Optional.empty(), Optional.empty(), Optional.empty(), false,
                                Optional.empty())),
                List.of(new Evaluation.Deduction("filler", 2, Optional.of("嗯 twice"))), List.of());
    }

    @Test
    void an_evaluation_keeps_every_field_and_its_call_gets_only_one() throws Exception {
        long form = await(evaluations.formVersion("inbound", 1, "aa", "{}", T));
        await(work.recordRun(DAY, List.of(new WorkListStore.NewItem("quinn", "c-1", "a1", DAY, List.of("random")))
                , T));
        AuditEntry audit = new AuditEntry("quinn", "qa-evaluation-create", Optional.of("a1"), Optional.empty(),
                Optional.empty(), T);
        EvaluationStore.Created created = await(evaluations.create(draft(form, "c-1"), audit));
        assertThat(created.created()).isTrue();
        long id = created.evaluation().id();
        Evaluation read = await(evaluations.get(id)).orElseThrow();
        assertThat(read).isEqualTo(draft(form, "c-1").withId(id));

        EvaluationStore.Created second = await(evaluations.create(draft(form, "c-1"), audit));
        assertThat(second.created()).isFalse();
        assertThat(second.evaluation().id()).isEqualTo(id);
        assertThat(await(store.count("qa_evaluations"))).isEqualTo(1);
        assertThat(await(work.list(Optional.of("quinn"), Set.of("IN_PROGRESS"), Optional.empty(), 10)))
                .singleElement().satisfies(w -> assertThat(w.evaluationId()).contains(id));
        assertThat(await(store.auditLog(5))).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("qa-evaluation-create");
            assertThat(a.callId()).contains("c-1");
            assertThat(a.detail().orElseThrow()).startsWith("evaluation " + id);
        });
    }

    @Test
    void submit_dispute_and_review_change_the_lists_and_the_figures_in_one_transaction_each() throws Exception {
        long form = await(evaluations.formVersion("inbound", 1, "aa", "{}", T));
        Evaluation e = await(evaluations.create(draft(form, "c-2"), audit("create"))).evaluation();
        Evaluation rated = e.withContent(List.of(e.items().get(0), e.items().get(1).rated(Optional.of(Rating.GOOD),
                Optional.of("asked late"))), List.of(), Optional.of("ok"), new Evaluation.Score(85.5, true,
                Optional.of("B")), T.plusSeconds(60));
        Evaluation submitted = rated.withState(EvaluationState.SUBMITTED, T.plusSeconds(60), rated.disputeList());
        await(evaluations.save(submitted, EvaluationStore.WorkChange.DONE, DAY, audit("submit")));
        Evaluation disputed = submitted.withState(EvaluationState.DISPUTED, T.plusSeconds(120), List.of(
                new Evaluation.Dispute(0, "a1", "I did ask the name", 85.5, T.plusSeconds(120), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty())));
        await(evaluations.save(disputed, EvaluationStore.WorkChange.REQUEUE, DAY, audit("dispute")));

        Evaluation stored = await(evaluations.get(e.id())).orElseThrow();
        assertThat(stored.state()).isEqualTo(EvaluationState.DISPUTED);
        assertThat(stored.disputes()).isEqualTo(1);
        assertThat(stored.submittedAt()).contains(T.plusSeconds(60));
        assertThat(stored.item("ask-name").orElseThrow().overridden()).isTrue();
        assertThat(stored.deductions()).isEmpty();
        assertThat(stored.disputeList()).singleElement().satisfies(d -> assertThat(d.open()).isTrue());
        // the call was on nobody's list (evaluated ad hoc): the dispute puts it on the evaluator's
        assertThat(await(work.list(Optional.of("quinn"), Set.of("OPEN"), Optional.empty(), 10))).singleElement()
                .satisfies(w -> {
                    assertThat(w.reasons()).containsExactly("dispute");
                    assertThat(w.evaluationId()).contains(e.id());
                    assertThat(w.callDay()).isEqualTo(DAY);
                });

        Evaluation.Dispute d = stored.disputeList().get(0);
        Evaluation answered = stored.withState(EvaluationState.SUBMITTED, T.plusSeconds(180), List.of(
                new Evaluation.Dispute(d.id(), d.agentId(), d.remarks(), d.scoreBefore(), d.openedAt(),
                        Optional.of("quinn"), Optional.of("upheld"), Optional.of(85.5),
                        Optional.of(T.plusSeconds(180)))));
        await(evaluations.save(answered, EvaluationStore.WorkChange.DONE, DAY, audit("submit")));
        Evaluation after = await(evaluations.get(e.id())).orElseThrow();
        assertThat(after.submittedAt()).as("the first submission counts").contains(T.plusSeconds(60));
        assertThat(after.disputeList().get(0).reply()).contains("upheld");
        assertThat(after.disputeList().get(0).scoreAfter()).contains(85.5);
        assertThat(await(work.list(Optional.of("quinn"), Set.of("DONE"), Optional.empty(), 10))).hasSize(1);

        assertThat(await(evaluations.kpis(T, T.plusSeconds(3600)))).containsExactly(
                new EvaluationStore.KpiRow("red", Optional.of("sales"), 1, 1, 85.5));
        assertThat(await(evaluations.kpis(T.plusSeconds(3600), T.plusSeconds(7200)))).isEmpty();
        assertThat(await(evaluations.list(List.of("a1"), Set.of(EvaluationState.SUBMITTED), T, T.plusSeconds(60), 10)))
                .extracting(Evaluation::id).containsExactly(e.id());
        assertThat(await(evaluations.list(List.of("a2"), Set.of(EvaluationState.SUBMITTED), T, T.plusSeconds(60), 10)))
                .isEmpty();
        assertThat(await(evaluations.list(List.of(), Set.of(EvaluationState.DRAFT), T, T.plusSeconds(60), 10)))
                .isEmpty();
    }

    private static AuditEntry audit(String action) {
        return new AuditEntry("quinn", "qa-evaluation-" + action, Optional.of("a1"), Optional.empty(), Optional.empty(), T);
    }

    @Test
    void a_day_is_sampled_once_and_candidates_carry_their_longest_hold_and_codes() throws Exception {
        await(store.recordCall(call("c-3", CallRecord.Direction.INBOUND, Optional.of("sales"), "a1", T, 9000, 100)));
        await(store.recordHold("c-3", "a1", true, T.plusSeconds(10)));
        await(store.recordHold("c-3", "a1", false, T.plusSeconds(30)));
        await(store.recordHold("c-3", "a1", true, T.plusSeconds(40)));
        await(store.recordHold("c-3", "a1", false, T.plusSeconds(115)));
        await(store.recordWrapUp(new WrapUpRecord("a1", "c-3", Optional.of("sales"), "complaint", Optional.empty(),
                Cause.agent("alice"), T.plusSeconds(120))));
        CallRecord abandoned = new CallRecord("c-4", CallRecord.Direction.INBOUND, Optional.of("sales"),
                Optional.empty(), Optional.empty(), Optional.empty(), CallRecord.Outcome.ABANDONED, Duration.ZERO,
                Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Optional.empty(), Optional.empty(), T,
                Optional.empty(), Optional.of(T.plusSeconds(3)));
        await(store.recordCall(abandoned));

        List<WorkListStore.Candidate> candidates = await(work.candidates(T.minusSeconds(60), T.plusSeconds(60)));
        assertThat(candidates).singleElement().satisfies(c -> {
            assertThat(c.call().id()).isEqualTo("c-3");
            assertThat(c.longestHold()).isEqualTo(Duration.ofSeconds(75));
            assertThat(c.wrapUpCodes()).containsExactly("complaint");
        });
        List<WorkListStore.NewItem> items = List.of(
                new WorkListStore.NewItem("quinn", "c-3", "a1", DAY, List.of("random", "long-hold")));
        assertThat(await(work.recordRun(DAY, items, T))).isTrue();
        assertThat(await(work.recordRun(DAY, items, T.plusSeconds(5)))).isFalse();
        assertThat(await(work.sampled(DAY))).isTrue();
        assertThat(await(work.sampled(DAY.plusDays(1)))).isFalse();
        assertThat(await(work.recordRun(DAY.plusDays(1), items, T))).as("already on the list").isTrue();
        assertThat(await(work.list(Optional.empty(), Set.of("OPEN"), Optional.of(DAY), 10))).singleElement()
                .satisfies(w -> assertThat(w.reasons()).containsExactly("random", "long-hold"));
        assertThat(await(work.calls(List.of("c-3", "zz")))).containsOnlyKeys("c-3");
    }
}
