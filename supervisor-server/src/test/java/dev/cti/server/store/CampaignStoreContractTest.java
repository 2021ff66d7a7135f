package dev.cti.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Campaign call lists (migration V9, issue 18), run unchanged on every backend ({@link H2CampaignStoreTest},
 * {@link PostgresCampaignStoreTest}): a CSV with bad rows is imported row by row with its report (line, field, why),
 * duplicates and do-not-call numbers skipped and listed, stored rows never touched by a later bad file; records are
 * handed out oldest first, one agent at a time, dialled, skipped, retried or closed, and counted per agent.
 */
abstract class CampaignStoreContractTest extends StoreContractBase {
    static final Instant T = Instant.parse("2026-12-07T02:00:00Z");

    CampaignStore campaigns;

    CampaignStoreContractTest() {
        super(T);
    }

    @BeforeEach
    void openView() {
        campaigns = new CampaignStore(store);
    }

    private CallListReport load(String csv, Instant at) throws Exception {
        return await(campaigns.importCsv("spring", Set.of("13900000000"), new StringReader(csv), "admin", at));
    }

    @Test
    void a_csv_with_bad_rows_is_imported_row_by_row_with_an_exact_report() throws Exception {
        String csv = "\uFEFFnumber,name,title,notes\r\n"
                + "13800000001,王芳,女士,老客户\r\n"                  // 2 ok
                + "12345,李雷,,\r\n"                                 // 3 ok (short numbers are allowed: extensions)
                + "1380000000x,韩梅梅,,\r\n"                          // 4 bad number
                + "13800000002,,,\r\n"                               // 5 no name
                + "13800000001,王芳,女士,again\r\n"                   // 6 duplicate of line 2
                + "13900000000,赵六,,\r\n"                            // 7 do-not-call
                + "13800000003,\"张,三\",先生,\"multi\nline notes\"\r\n" // 8 ok, quoted, spans lines 8-9
                + "13800000004,钱七,Mister Very Long Title,\r\n"       // 10 title too long
                + "13800000005\r\n"                                  // 11 too few fields
                + "\r\n"                                             // 12 empty line, ignored
                + "13800000006,孙八,,\"unterminated\r\n";            // 13 broken quote
        CallListReport r = load(csv, T);

        assertThat(r.imported()).isEqualTo(3);
        assertThat(r.duplicates()).containsExactly(
                new CallListReport.Row(6, "number", "duplicate of line 2 (138****0001)"));
        assertThat(r.doNotCall()).containsExactly(
                new CallListReport.Row(7, "number", "on the do-not-call list (139****0000)"));
        assertThat(r.rejected()).containsExactly(
                new CallListReport.Row(4, "number", "must be 3 to 20 digits with an optional leading +"),
                new CallListReport.Row(5, "name", "is required"),
                new CallListReport.Row(10, "title", "is longer than 16 characters"),
                new CallListReport.Row(11, "row", "expected 2 to 4 fields (number,name,title,notes), found 1"),
                new CallListReport.Row(13, "row", "unterminated quoted field"));
        assertThat(await(campaigns.counts("spring"))).containsEntry("PENDING", 3L);

        // a later file: its number already stored is a duplicate, the stored row keeps its data
        CallListReport again = load("number,name,title,notes\n13800000001,Somebody else,,\n13800000007,周九,,\n",
                T.plusSeconds(60));
        assertThat(again.imported()).isEqualTo(1);
        assertThat(again.duplicates()).containsExactly(
                new CallListReport.Row(2, "number", "already in the call list (138****0001)"));
        // a bad header writes nothing and loses nothing
        CallListReport bad = load("phone,name\n13800000008,吴十\n", T.plusSeconds(120));
        assertThat(bad.imported()).isZero();
        assertThat(bad.rejected()).containsExactly(
                new CallListReport.Row(1, "header", "expected number,name,title,notes, found phone,name"));
        assertThat(load("", T).rejected()).extracting(CallListReport.Row::field).containsExactly("header");
        assertThat(await(campaigns.counts("spring"))).containsEntry("PENDING", 4L);

        CampaignRecord first = await(campaigns.take("spring", "1001", Set.of(), T.plusSeconds(200))).orElseThrow();
        assertThat(first.number()).isEqualTo("13800000001");
        assertThat(first.name()).isEqualTo("王芳");
        assertThat(first.title()).contains("女士");
        assertThat(first.notes()).contains("老客户");
        assertThat(await(campaigns.take("spring", "1002", Set.of(), T.plusSeconds(200))).orElseThrow().number())
                .isEqualTo("12345");
        CampaignRecord third = await(campaigns.take("spring", "1003", Set.of(), T.plusSeconds(200))).orElseThrow();
        assertThat(third.name()).isEqualTo("张,三");
        assertThat(third.notes()).contains("multi\nline notes");
    }

    @Test
    void a_record_is_handed_to_one_agent_at_a_time_and_its_outcome_retries_or_closes_it() throws Exception {
        load("number,name,title,notes\n13800000001,王芳,,\n13800000002,李雷,,\n", T);
        CampaignRecord a = await(campaigns.take("spring", "1001", Set.of(), T)).orElseThrow();
        // asking again gives the agent the record it holds, not another one
        assertThat(await(campaigns.take("spring", "1001", Set.of(), T)).orElseThrow().id()).isEqualTo(a.id());
        CampaignRecord b = await(campaigns.take("spring", "1002", Set.of(), T)).orElseThrow();
        assertThat(b.id()).isNotEqualTo(a.id());
        assertThat(await(campaigns.take("spring", "1003", Set.of(), T))).isEmpty();
        // many agents at once: each record to one of them only
        List<Future<Optional<CampaignRecord>>> racing = new ArrayList<>();
        load("number,name,title,notes\n13800000011,A,,\n13800000012,B,,\n13800000013,C,,\n", T);
        for (int i = 0; i < 8; i++) {
            racing.add(campaigns.take("spring", "20" + i, Set.of(), T));
        }
        List<Long> handed = new ArrayList<>();
        for (Future<Optional<CampaignRecord>> f : racing) {
            await(f).ifPresent(r -> handed.add(r.id()));
        }
        assertThat(handed).hasSize(3).doesNotHaveDuplicates();

        // only the holder may dial, skip or end it
        assertThat(await(campaigns.dialled(a.id(), "1002", "dial-x", T))).isFalse();
        assertThat(await(campaigns.dialled(a.id(), "1001", "dial-1", T.plusSeconds(5)))).isTrue();
        assertThat(await(campaigns.heldBy(a.id(), "1001")).orElseThrow().dialled()).contains("dial-1");
        assertThat(await(campaigns.heldBy(a.id(), "1002"))).isEmpty();
        assertThat(await(campaigns.outcome(a.id(), "1002", "busy", false, Optional.empty(), Optional.empty(), T)))
                .isEmpty();

        // busy with a retry rule: back in the list, due 30 minutes later, handed out again then
        CampaignRecord retried = await(campaigns.outcome(a.id(), "1001", "busy", false,
                Optional.of(Duration.ofMinutes(30)), Optional.empty(), T.plusSeconds(60))).orElseThrow();
        assertThat(retried.status()).isEqualTo(CampaignRecord.PENDING);
        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(retried.retries()).isEqualTo(1);
        assertThat(retried.nextAt()).isEqualTo(T.plusSeconds(60).plus(Duration.ofMinutes(30)));
        assertThat(await(campaigns.take("spring", "1001", Set.of(), T.plusSeconds(120)))).isEmpty();
        CampaignRecord back = await(campaigns.take("spring", "1001", Set.of(), T.plus(Duration.ofMinutes(31))))
                .orElseThrow();
        assertThat(back.id()).isEqualTo(a.id());
        assertThat(back.dialled()).as("a new preview: not dialled yet").isEmpty();
        CampaignRecord done = await(campaigns.outcome(a.id(), "1001", "order", true, Optional.empty(),
                Optional.empty(), T.plus(Duration.ofMinutes(32)))).orElseThrow();
        assertThat(done.status()).isEqualTo(CampaignRecord.DONE);
        assertThat(done.lastOutcome()).contains("order");

        // a callback booked keeps its date-time; a skip closes the record with its reason
        Instant callback = T.plus(Duration.ofDays(1));
        assertThat(await(campaigns.outcome(b.id(), "1002", "callback-booked", false, Optional.empty(),
                Optional.of(callback), T.plusSeconds(90))).orElseThrow().callbackAt()).contains(callback);
        assertThat(await(campaigns.heldBy(b.id(), "1002"))).as("closed: no longer held").isEmpty();

        Map<String, Long> counts = await(campaigns.counts("spring"));
        assertThat(counts).containsEntry("DONE", 2L).containsEntry("PREVIEW", 3L).containsEntry("PENDING", 0L);

        List<CampaignStore.Figures> figures = await(campaigns.figures(T, T.plus(Duration.ofDays(1))));
        assertThat(figures).contains(new CampaignStore.Figures("spring", "1001", 1, 2, 1, 0),
                new CampaignStore.Figures("spring", "1002", 0, 1, 0, 0));
        assertThat(await(campaigns.figures(T.plus(Duration.ofDays(1)), T.plus(Duration.ofDays(2))))).isEmpty();
    }

    @Test
    void a_skipped_record_is_closed_and_a_number_put_on_the_do_not_call_list_later_is_never_handed_out()
            throws Exception {
        load("number,name,title,notes\n13800000001,王芳,,\n13800000002,李雷,,\n13800000003,韩梅梅,,\n", T);
        CampaignRecord a = await(campaigns.take("spring", "1001", Set.of(), T)).orElseThrow();
        assertThat(await(campaigns.skip(a.id(), "1002", "wrong", T))).isFalse();
        assertThat(await(campaigns.skip(a.id(), "1001", "customer asked not to be called", T))).isTrue();
        // 13800000002 joined the do-not-call list after the import: closed, the next one is handed out
        CampaignRecord next = await(campaigns.take("spring", "1001", Set.of("13800000002"), T)).orElseThrow();
        assertThat(next.number()).isEqualTo("13800000003");
        assertThat(await(campaigns.counts("spring"))).containsEntry("SKIPPED", 2L).containsEntry("PREVIEW", 1L)
                .containsEntry("PENDING", 0L);
        assertThat(await(campaigns.figures(T, T.plusSeconds(1)))).containsExactly(
                new CampaignStore.Figures("spring", "1001", 0, 0, 0, 2));
    }

    @Test
    void held_records_go_back_after_the_hold_unless_dialled_and_at_once_on_logout() throws Exception {
        load("number,name,title,notes\n13800000001,王芳,,\n13800000002,李雷,,\n", T);
        Instant taken = T.plusSeconds(60);
        CampaignRecord a = await(campaigns.take("spring", "1001", Set.of(), taken)).orElseThrow();
        CampaignRecord b = await(campaigns.take("spring", "1002", Set.of(), taken)).orElseThrow();
        assertThat(await(campaigns.dialled(b.id(), "1002", "dial-1", taken.plusSeconds(5)))).isTrue();

        assertThat(await(campaigns.releaseExpired("spring", taken))).as("taken at the cutoff: kept").isZero();
        assertThat(await(campaigns.releaseExpired("other", taken.plusSeconds(1)))).as("another campaign").isZero();
        assertThat(await(campaigns.releaseExpired("spring", taken.plusSeconds(1)))).as("a, not dialled").isEqualTo(1);
        assertThat(await(campaigns.heldBy(a.id(), "1001"))).isEmpty();
        assertThat(await(campaigns.take("spring", "1003", Set.of(), taken.plusSeconds(2))).orElseThrow().id())
                .isEqualTo(a.id());

        assertThat(await(campaigns.releaseAgent("1002"))).as("b, dialled, on logout").isEqualTo(1);
        assertThat(await(campaigns.releaseAgent("1002"))).isZero();
        CampaignRecord back = await(campaigns.take("spring", "1001", Set.of(), taken.plusSeconds(10))).orElseThrow();
        assertThat(back.id()).isEqualTo(b.id());
        assertThat(back.dialled()).as("a new holding: not dialled in it").isEmpty();
        assertThat(await(campaigns.counts("spring"))).containsEntry("PREVIEW", 2L);
    }
}
