package dev.cti.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cti.config.StorageConfig;
import dev.cti.server.agent.AgentEventType;
import dev.cti.server.agent.AgentState;
import dev.cti.server.agent.AgentStateChange;
import dev.cti.server.agent.Cause;
import dev.cti.server.agent.WrapUpRecord;
import dev.cti.server.store.RecordingRow.Span;
import dev.cti.server.store.RecordingRow.Status;
import dev.cti.server.store.RecordingStore.Change;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The recording index (migration V3), run unchanged on every backend ({@link H2RecordingStoreTest},
 * {@link PostgresRecordingStoreTest}): idempotent writes, spans with who paused, skips, retention marks with their
 * audit entries, the search with its CDR join, and the call timeline's reads.
 */
abstract class RecordingStoreContractTest {
    static final Instant T = Instant.parse("2026-12-07T08:00:00Z");
    static final String R1 = "20261207-5f0c2a9e41d84b6c9d3e7f1a2b3c4d5e";
    static final String R2 = "20261207-00000000000000000000000000000002";
    static final String R3 = "20261207-00000000000000000000000000000003";

    Vertx vertx;
    Store store;
    RecordingStore recordings;
    RecordingRetentionStore retention;
    RecordingSearch search;
    CallTimelineStore timelines;

    /** A fresh, empty database for one test. */
    abstract StorageConfig storage() throws Exception;

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        Clock clock = Clock.fixed(T.plusSeconds(3600), ZoneOffset.UTC);
        store = Store.open(storage(), vertx, new SimpleMeterRegistry(), clock);
        recordings = new RecordingStore(store, clock);
        retention = new RecordingRetentionStore(store);
        search = new RecordingSearch(store);
        timelines = new CallTimelineStore(store);
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

    static RecordingStore.Finished finished(String id, String callId, Status status, long durationMillis,
                                            List<Span> pauses, List<Span> holds) {
        return new RecordingStore.Finished(id, callId, "2026/12/07/" + id + ".ctirec", status,
                status == Status.FAILED ? Optional.of("DISK_FULL") : Optional.empty(), T, durationMillis, 1_281_056,
                "9f2c7a0b5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a49", "k-1", 8000, 2, pauses, holds);
    }

    static CallRecord call(String id, String queue, String agent, CallRecord.Outcome outcome, long ringMillis,
                           long holdMillis, Instant start) {
        return new CallRecord(id, CallRecord.Direction.INBOUND, Optional.ofNullable(queue), Optional.of("13812345678"),
                Optional.of("4008001000"), Optional.ofNullable(agent), outcome, Duration.ofSeconds(3),
                Duration.ofMillis(ringMillis), Duration.ofSeconds(60), Duration.ofMillis(holdMillis), Duration.ZERO,
                Optional.empty(), Optional.empty(), start, Optional.of(start.plusSeconds(5)),
                Optional.of(start.plusSeconds(90)));
    }

    @Test
    void a_started_recording_is_indexed_once_and_a_snapshot_guess_is_corrected_by_the_real_start() throws Exception {
        // adopted from a snapshot first: file and start guessed
        assertThat(await(recordings.started(R1, "c-1", Optional.of("1001"), "guess.ctirec", T.plusSeconds(2), false)))
                .isEqualTo(Change.CREATED);
        assertThat(await(recordings.started(R1, "c-1", Optional.empty(), "other.ctirec", T, false)))
                .isEqualTo(Change.UNCHANGED);
        assertThat(await(recordings.find(R1)).orElseThrow().file()).isEqualTo("guess.ctirec");
        // RecordingStarted (repeated after a reconnect) is authoritative for file and start while it is in progress
        assertThat(await(recordings.started(R1, "c-1", Optional.of("1002"), "2026/12/07/r.ctirec", T, true)))
                .isEqualTo(Change.UNCHANGED);
        RecordingRow r = await(recordings.find(R1)).orElseThrow();
        assertThat(r.status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(r.file()).isEqualTo("2026/12/07/r.ctirec");
        assertThat(r.startedAt()).isEqualTo(T);
        assertThat(r.agentId()).contains("1001"); // the first known agent is kept
        assertThat(r.indexedAt()).isEqualTo(T.plusSeconds(3600));
        assertThat(r.durationMillis()).isEmpty();
        assertThat(await(recordings.ofCall("c-1"))).extracting(RecordingRow::id).containsExactly(R1);
    }

    @Test
    void final_metadata_is_applied_idempotently_with_its_spans_and_the_users_who_paused() throws Exception {
        await(recordings.started(R1, "c-1", Optional.of("1001"), "2026/12/07/" + R1 + ".ctirec", T, true));
        await(recordings.paused(R1, "c-1", "ignored.ctirec", T, 12_000, "1001"));
        await(recordings.paused(R1, "c-1", "ignored.ctirec", T, 12_000, "1001")); // repeated event
        await(recordings.resumed(R1, 19_500, "supervisor"));
        await(recordings.paused(R1, "c-1", "ignored.ctirec", T, 30_000, "1001")); // never resumed
        RecordingRow live = await(recordings.find(R1)).orElseThrow();
        assertThat(live.pauses()).containsExactly(
                new RecordingRow.Pause(12_000, Optional.of(19_500L), Optional.of("1001"), Optional.of("supervisor")),
                new RecordingRow.Pause(30_000, Optional.empty(), Optional.of("1001"), Optional.empty()));

        RecordingStore.Finished f = finished(R1, "c-1", Status.COMPLETE, 40_000,
                List.of(new Span(12_000, 19_500)), List.of(new Span(10_000, 25_000), new Span(33_000, 35_000)));
        assertThat(await(recordings.finished(f, Optional.empty()))).isEqualTo(Change.FINISHED);
        assertThat(await(recordings.finished(f, Optional.empty()))).isEqualTo(Change.UNCHANGED);
        RecordingRow r = await(recordings.find(R1)).orElseThrow();
        assertThat(r.status()).isEqualTo(Status.COMPLETE);
        assertThat(r.durationMillis()).contains(40_000L);
        assertThat(r.endedAt()).contains(T.plusMillis(40_000));
        assertThat(r.sizeBytes()).contains(1_281_056L);
        assertThat(r.sha256()).contains(f.sha256());
        assertThat(r.keyId()).contains("k-1");
        assertThat(r.channels()).contains(2);
        assertThat(r.sampleRate()).contains(8000);
        assertThat(r.failure()).isEmpty();
        assertThat(r.holds()).containsExactly(new Span(10_000, 25_000), new Span(33_000, 35_000));
        // the pause still open when the recording ended ends with it; users are kept
        assertThat(r.pauses()).containsExactly(
                new RecordingRow.Pause(12_000, Optional.of(19_500L), Optional.of("1001"), Optional.of("supervisor")),
                new RecordingRow.Pause(30_000, Optional.of(40_000L), Optional.of("1001"), Optional.empty()));

        // a later, truer report (e.g. repaired after a crash) replaces it
        RecordingStore.Finished partial = finished(R1, "c-1", Status.PARTIAL, 38_000,
                List.of(new Span(12_000, 19_500)), List.of(new Span(10_000, 25_000)));
        assertThat(await(recordings.finished(partial, Optional.empty()))).isEqualTo(Change.UPDATED);
        assertThat(await(recordings.find(R1)).orElseThrow().holds()).containsExactly(new Span(10_000, 25_000));
    }

    @Test
    void a_pause_open_at_the_end_as_the_gateway_lists_it_agrees_with_the_one_the_index_closes() throws Exception {
        await(recordings.started(R3, "c-3", Optional.of("1001"), "2026/12/07/" + R3 + ".ctirec", T, true));
        await(recordings.paused(R3, "c-3", "ignored.ctirec", T, 30_000, "1001")); // the call ends paused
        // the gateway lists the open pause as ending where the audio ends (SpanList), and so does the index
        RecordingStore.Finished f = finished(R3, "c-3", Status.COMPLETE, 41_250, List.of(new Span(30_000, 41_250)),
                List.of());
        assertThat(await(recordings.finished(f, Optional.empty()))).isEqualTo(Change.FINISHED);
        assertThat(await(recordings.find(R3)).orElseThrow().pauses()).containsExactly(
                new RecordingRow.Pause(30_000, Optional.of(41_250L), Optional.of("1001"), Optional.empty()));
        assertThat(await(recordings.finished(f, Optional.empty()))).as("the outbox's repeat").isEqualTo(Change.UNCHANGED);
        // the same end whether the gateway listed the span or not (a gateway from before SpanList did not)
        await(recordings.started(R2, "c-2", Optional.of("1001"), "2026/12/07/" + R2 + ".ctirec", T, true));
        await(recordings.paused(R2, "c-2", "ignored.ctirec", T, 30_000, "1001"));
        await(recordings.finished(finished(R2, "c-2", Status.COMPLETE, 41_250, List.of(), List.of()),
                Optional.empty()));
        assertThat(await(recordings.find(R2)).orElseThrow().pauses())
                .isEqualTo(await(recordings.find(R3)).orElseThrow().pauses());
    }

    @Test
    void final_metadata_of_a_recording_never_seen_started_creates_its_row() throws Exception {
        assertThat(await(recordings.finished(finished(R2, "c-2", Status.FAILED, 5_000, List.of(), List.of()),
                Optional.of("2001")))).isEqualTo(Change.CREATED);
        RecordingRow r = await(recordings.find(R2)).orElseThrow();
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.failure()).contains("DISK_FULL");
        assertThat(r.agentId()).contains("2001");
        // a pause for a recording the index does not know (its start was lost) makes a row too
        await(recordings.paused(R3, "c-3", "2026/12/07/" + R3 + ".ctirec", T, 1_000, "1003"));
        assertThat(await(recordings.find(R3)).orElseThrow().status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(await(recordings.find("20261207-ffffffffffffffffffffffffffffffff"))).isEmpty();
    }

    @Test
    void a_write_that_fails_commits_nothing() throws Exception {
        String tooLong = "c".repeat(65);
        assertThatThrownBy(() -> await(recordings.finished(finished(R1, tooLong, Status.COMPLETE, 1_000, List.of(),
                List.of(new Span(0, 500))), Optional.empty()))).hasCauseInstanceOf(StoreException.class);
        assertThat(await(recordings.find(R1))).isEmpty();
    }

    @Test
    void the_first_skip_reason_of_a_call_is_kept() throws Exception {
        assertThat(await(recordings.skipped("c-9", "NOT_SAMPLED", T))).isTrue();
        assertThat(await(recordings.skipped("c-9", "DISK_FLOOR", T.plusSeconds(1)))).isFalse();
        assertThat(await(recordings.skipReason("c-9"))).contains("NOT_SAMPLED");
        assertThat(await(recordings.skipReason("c-10"))).isEmpty();
    }

    @Test
    void retention_finds_expired_finished_recordings_and_marks_them_with_their_audit_entry() throws Exception {
        await(recordings.finished(finished(R1, "c-1", Status.COMPLETE, 1_000, List.of(), List.of()),
                Optional.of("1001")));
        await(recordings.finished(finished(R2, "c-2", Status.PARTIAL, 1_000, List.of(), List.of()),
                Optional.of("1002")));
        // never finished in the index: expires too (the gateway refuses to delete one it is still writing)
        await(recordings.started(R3, "c-3", Optional.empty(), "r3.ctirec", T.plusSeconds(5), true));
        assertThat(await(retention.expired(T, 10))).isEmpty();
        assertThat(await(retention.expired(T.plusSeconds(1), 10))).containsExactlyInAnyOrder(R1, R2);
        assertThat(await(retention.expired(T.plusSeconds(6), 10))).containsExactly(R2, R1, R3); // by start, then id
        assertThat(await(retention.expired(T.plusSeconds(1), 1))).hasSize(1);

        Instant at = T.plus(Duration.ofDays(200));
        List<String> marked = await(retention.markDeleted(List.of(R1, "unknown-id"), at,
                row -> new AuditEntry("system", "recording-delete", row.agentId(), Optional.of(row.callId()),
                        Optional.of("recording " + row.id()), at)));
        assertThat(marked).containsExactly(R1);
        assertThat(await(recordings.find(R1)).orElseThrow().deletedAt()).contains(at);
        assertThat(await(retention.expired(T.plusSeconds(1), 10))).containsExactly(R2);
        // marking again: nothing, and no second audit entry
        assertThat(await(retention.markDeleted(List.of(R1), at, row -> {
            throw new AssertionError("no audit for a row already marked");
        }))).isEmpty();
        List<AuditEntry> audit = await(store.auditLog(10));
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).actor()).isEqualTo("system");
        assertThat(audit.get(0).target()).contains("1001");
        assertThat(audit.get(0).callId()).contains("c-1");
    }

    @Test
    void search_joins_the_cdr_filters_pages_and_keeps_to_the_visible_agents() throws Exception {
        await(store.recordCall(call("c-1", "service", "1001", CallRecord.Outcome.ANSWERED, 12_000, 65_000, T)));
        await(store.recordCall(call("c-2", "sales", "2001", CallRecord.Outcome.ANSWERED, 3_000, 0,
                T.plusSeconds(600))));
        await(store.recordCall(call("c-3", "service", "1002", CallRecord.Outcome.ANSWERED, 6_000, 10_000,
                T.plusSeconds(1200))));
        await(store.recordWrapUp(new WrapUpRecord("1002", "c-3", Optional.of("service"), "resolved", Optional.empty(),
                Cause.agent("1002"), T.plusSeconds(1300))));
        await(recordings.finished(new RecordingStore.Finished(R1, "c-1", "a.ctirec", Status.COMPLETE,
                Optional.empty(), T.plusSeconds(5), 85_000, 1, "x", "k", 8000, 2, List.of(), List.of()),
                Optional.empty()));
        await(recordings.finished(new RecordingStore.Finished(R2, "c-2", "b.ctirec", Status.COMPLETE,
                Optional.empty(), T.plusSeconds(605), 85_000, 1, "x", "k", 8000, 2, List.of(), List.of()),
                Optional.empty()));
        await(recordings.finished(new RecordingStore.Finished(R3, "c-3", "c.ctirec", Status.COMPLETE,
                Optional.empty(), T.plusSeconds(1205), 85_000, 1, "x", "k", 8000, 2, List.of(), List.of()),
                Optional.empty()));
        // an in-progress outbound recording whose CDR is not written yet: its agent is the one it started with
        String r4 = "20261207-00000000000000000000000000000004";
        await(recordings.started(r4, "c-4", Optional.of("2002"), "d.ctirec", T.plusSeconds(1800), true));

        RecordingSearch.Page all = await(search.find(RecordingSearch.Filter.all()));
        assertThat(all.total()).isEqualTo(4);
        assertThat(all.hits()).extracting(h -> h.recording().id()).containsExactly(r4, R3, R2, R1);
        assertThat(all.hits().get(0).call()).isEmpty();
        assertThat(all.hits().get(1).call().orElseThrow().callerNumber()).contains("13812345678");

        assertThat(ids(filter(f -> f.queue("service")))).containsExactly(R3, R1);
        assertThat(ids(filter(f -> f.agent("2002")))).containsExactly(r4);
        assertThat(ids(filter(f -> f.outcome("ANSWERED")))).containsExactly(R3, R2, R1);
        assertThat(ids(filter(f -> f.wrapUp("resolved")))).containsExactly(R3);
        assertThat(ids(filter(f -> f.minHold(60_000)))).containsExactly(R1);
        assertThat(ids(filter(f -> f.ringAbove(5_000)))).containsExactly(R3, R1);
        assertThat(ids(filter(f -> f.call("c-2")))).containsExactly(R2);
        assertThat(ids(filter(f -> f.call("c-4")))).as("in progress, no CDR yet").containsExactly(r4);
        assertThat(ids(filter(f -> f.call("c-404")))).isEmpty();
        assertThat(ids(filter(f -> f.between(T.plusSeconds(600), T.plusSeconds(1201))))).containsExactly(R2);
        assertThat(ids(filter(f -> f.visible(Set.of("1001", "1002"))))).containsExactly(R3, R1);
        assertThat(ids(filter(f -> f.visible(Set.of())))).isEmpty();

        RecordingSearch.Page page1 = await(search.find(filter(f -> f.page(1, 2))));
        assertThat(page1.total()).isEqualTo(4);
        assertThat(page1.hits()).extracting(h -> h.recording().id()).containsExactly(R2, R1);

        await(retention.markDeleted(List.of(R2), T.plus(Duration.ofDays(200)), row -> new AuditEntry("system",
                "recording-delete", Optional.empty(), Optional.empty(), Optional.empty(), T)));
        assertThat(ids(RecordingSearch.Filter.all())).containsExactly(r4, R3, R1);
    }

    @Test
    void the_call_timeline_reads_what_the_store_recorded_about_the_call() throws Exception {
        await(store.recordCall(call("c-1", "service", "1001", CallRecord.Outcome.ANSWERED, 12_000, 65_000, T)));
        await(store.recordHold("c-1", "1001", true, T.plusSeconds(20)));
        await(store.recordHold("c-1", "1001", false, T.plusSeconds(85)));
        await(store.recordHoldThresholdCrossing(new HoldThresholdCrossing("c-1", "1001", 60, T.plusSeconds(80))));
        await(store.recordScriptShown(new ScriptShown(Optional.of("c-1"), "1001", "service-inbound",
                Optional.of("greeting"), "zh-CN", T.plusSeconds(4))));
        await(timelines.recordTransfer("c-1", Optional.of("1001"), "NUMBER", "13912345678", "COMPLETED",
                T.plusSeconds(88)));
        await(store.recordAudit(new AuditEntry("supervisor", "monitor-start", Optional.of("1001"), Optional.of("c-1"),
                Optional.of("mode=listen"), T.plusSeconds(30))));
        await(store.recordAudit(new AuditEntry("sam", "monitor-start", Optional.of("1001"), Optional.of("c-1"),
                Optional.of("denied: not your team"), T.plusSeconds(31))));
        await(store.recordWrapUp(new WrapUpRecord("1001", "c-1", Optional.of("service"), "resolved", Optional.empty(),
                Cause.agent("1001"), T.plusSeconds(95))));

        CallTimeline t = await(timelines.timeline("c-1"));
        assertThat(t.call()).isPresent();
        assertThat(t.holds()).containsExactly(new CallTimeline.Hold(Optional.of("1001"), T.plusSeconds(20),
                Optional.of(T.plusSeconds(85))));
        assertThat(t.crossings()).extracting(HoldThresholdCrossing::thresholdSeconds).containsExactly(60);
        assertThat(t.scripts()).extracting(s -> s.stepId().orElseThrow()).containsExactly("greeting");
        assertThat(t.transfers()).containsExactly(new CallTimeline.Transfer(Optional.of("1001"), "NUMBER",
                "13912345678", "COMPLETED", T.plusSeconds(88)));
        assertThat(t.monitorActions()).extracting(AuditEntry::actor).containsExactly("supervisor");
        assertThat(t.wrapUps()).containsExactly(new CallTimeline.WrapUp("1001", "resolved", T.plusSeconds(95)));
        assertThat(await(timelines.timeline("nope")).call()).isEmpty();
    }

    @Test
    void a_click_to_dial_calls_rows_land_under_the_gateways_call_id_and_its_timeline_and_search_find_them()
            throws Exception {
        CallHistoryStore history = new CallHistoryStore(store);
        String dial = "dial-6f1e0000-0000-0000-0000-000000000001";
        // before the gateway names the call: the agent's DIAL and a step the desktop reported, under the request id
        await(store.recordStateChange(new AgentStateChange("1001", AgentState.READY, Optional.empty(),
                AgentState.DIALING, Optional.empty(), AgentEventType.DIAL, Cause.agent("1001"), Optional.of(dial),
                T)));
        await(store.recordScriptShown(new ScriptShown(Optional.of(dial), "1001", "outbound", Optional.of("greeting"),
                "zh-CN", T.plusSeconds(1))));
        // the gateway names it; from then on the agent's machine still says the request id
        await(history.recordAlias(dial, "c-9"));
        await(store.recordStateChange(new AgentStateChange("1001", AgentState.DIALING, Optional.empty(),
                AgentState.ON_CALL, Optional.empty(), AgentEventType.DIAL_CONNECTED, Cause.sip(), Optional.of(dial),
                T.plusSeconds(5))));
        await(store.recordHold(dial, "1001", true, T.plusSeconds(20)));
        await(history.recordScriptEvent(new ScriptShown(Optional.of(dial), "1001", "outbound",
                Optional.of("wait-reassurance"), "zh-CN", T.plusSeconds(31)), "prompt"));
        await(store.recordHold(dial, "1001", false, T.plusSeconds(50)));
        await(store.recordCall(new CallRecord("c-9", CallRecord.Direction.OUTBOUND, Optional.empty(),
                Optional.empty(), Optional.of("13912345678"), Optional.of("1001"), CallRecord.Outcome.ANSWERED,
                Duration.ZERO, Duration.ZERO, Duration.ofSeconds(55), Duration.ofSeconds(30), Duration.ZERO,
                Optional.empty(), Optional.empty(), T, Optional.of(T.plusSeconds(5)),
                Optional.of(T.plusSeconds(90)))));
        await(store.recordWrapUp(new WrapUpRecord("1001", dial, Optional.empty(), "sale", Optional.of("ok"),
                Cause.agent("1001"), T.plusSeconds(95))));
        await(store.recordWrapUpTime(dial, Duration.ofSeconds(12)));
        await(recordings.finished(new RecordingStore.Finished(R1, "c-9", "a.ctirec", Status.COMPLETE,
                Optional.empty(), T.plusSeconds(5), 85_000, 1, "x", "k", 8000, 2, List.of(), List.of()),
                Optional.of("1001")));

        // stored under the gateway's call id: the wrap-up reaches the CDR, which the request id never named
        assertThat(await(store.wrapUps("c-9"))).extracting(WrapUpRecord::code).containsExactly("sale");
        CallRecord cdr = await(store.call("c-9")).orElseThrow();
        assertThat(cdr.wrapUpCode()).contains("sale");
        assertThat(cdr.wrapUpTime()).isEqualTo(Duration.ofSeconds(12));
        assertThat(await(store.stateHistory("1001"))).extracting(ch -> ch.callId().orElseThrow())
                .containsExactly(dial, "c-9");

        // the timeline: rows under either id, the hold closed, the prompt with its kind
        CallTimeline t = await(timelines.timeline("c-9"));
        assertThat(t.holds()).containsExactly(new CallTimeline.Hold(Optional.of("1001"), T.plusSeconds(20),
                Optional.of(T.plusSeconds(50))));
        assertThat(t.scripts()).extracting(s -> s.stepId().orElseThrow() + "/" + s.kind())
                .containsExactly("greeting/step", "wait-reassurance/prompt");
        assertThat(t.agentSteps()).extracting(CallTimeline.AgentStep::event).containsExactly("DIAL", "DIAL_CONNECTED");
        assertThat(t.wrapUps()).extracting(CallTimeline.WrapUp::code).containsExactly("sale");
        assertThat(ids(filter(f -> f.wrapUp("sale")))).containsExactly(R1);
        assertThat(ids(filter(f -> f.call(dial)))).as("the request id finds the call it became").containsExactly(R1);
        assertThat(ids(filter(f -> f.call("c-9")))).containsExactly(R1);

        // a wrap-up kept under a request id (written before the alias existed) is found through the alias
        String older = "dial-6f1e0000-0000-0000-0000-000000000002";
        await(store.recordWrapUp(new WrapUpRecord("1002", older, Optional.empty(), "callback", Optional.empty(),
                Cause.agent("1002"), T.plusSeconds(300))));
        await(history.recordAlias(older, "c-10"));
        await(recordings.finished(new RecordingStore.Finished(R2, "c-10", "b.ctirec", Status.COMPLETE,
                Optional.empty(), T.plusSeconds(200), 85_000, 1, "x", "k", 8000, 2, List.of(), List.of()),
                Optional.of("1002")));
        assertThat(ids(filter(f -> f.wrapUp("callback")))).containsExactly(R2);
        assertThat(await(timelines.timeline("c-10")).wrapUps()).extracting(CallTimeline.WrapUp::code)
                .containsExactly("callback");
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private List<String> ids(RecordingSearch.Filter f) throws Exception {
        return await(search.find(f)).hits().stream().map(h -> h.recording().id()).toList();
    }

    /** A filter built by changing {@link RecordingSearch.Filter#all()}. */
    private static RecordingSearch.Filter filter(java.util.function.UnaryOperator<F> change) {
        return change.apply(new F()).build();
    }

    /** A small builder for the test's filters. */
    private static final class F {
        Optional<Instant> from = Optional.empty();
        Optional<Instant> to = Optional.empty();
        Optional<String> queue = Optional.empty();
        Optional<String> agent = Optional.empty();
        Optional<String> outcome = Optional.empty();
        Optional<String> wrapUp = Optional.empty();
        Optional<Long> minHold = Optional.empty();
        Optional<Long> ringAbove = Optional.empty();
        Optional<String> callId = Optional.empty();
        Optional<Set<String>> visible = Optional.empty();
        int page;
        int size = 50;

        F queue(String q) {
            queue = Optional.of(q);
            return this;
        }

        F agent(String a) {
            agent = Optional.of(a);
            return this;
        }

        F outcome(String o) {
            outcome = Optional.of(o);
            return this;
        }

        F wrapUp(String w) {
            wrapUp = Optional.of(w);
            return this;
        }

        F minHold(long ms) {
            minHold = Optional.of(ms);
            return this;
        }

        F call(String id) {
            callId = Optional.of(id);
            return this;
        }

        F ringAbove(long ms) {
            ringAbove = Optional.of(ms);
            return this;
        }

        F between(Instant a, Instant b) {
            from = Optional.of(a);
            to = Optional.of(b);
            return this;
        }

        F visible(Set<String> agents) {
            visible = Optional.of(agents);
            return this;
        }

        F page(int p, int s) {
            page = p;
            size = s;
            return this;
        }

        RecordingSearch.Filter build() {
            return new RecordingSearch.Filter(from, to, queue, agent, outcome, wrapUp, minHold, ringAbove, callId,
                    visible, page, size);
        }
    }
}
