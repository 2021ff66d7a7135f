package dev.cti.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The keys pressed on a call ({@code call_keys}, migration V7, issue 17), run unchanged on every backend
 * ({@link H2CallKeysStoreTest}, {@link PostgresCallKeysStoreTest}): stored with leg, digit and time, read back on the
 * call's timeline oldest first, also those kept under an alias of the call, and never another call's.
 */
abstract class CallKeysStoreContractTest extends StoreContractBase {
    static final Instant T = Instant.parse("2026-12-07T08:00:00Z");

    CallTimelineStore timelines;

    CallKeysStoreContractTest() {
        super(T);
    }

    @BeforeEach
    void openView() {
        timelines = new CallTimelineStore(store);
    }

    @Test
    void keys_are_stored_against_the_call_and_read_back_in_order_on_its_timeline() throws Exception {
        String dial = "dial-6f1e0000-0000-0000-0000-000000000003";
        await(timelines.recordKey(dial, "AGENT", "*", T.plusMillis(500)));
        await(new CallHistoryStore(store).recordAlias(dial, "c-1"));
        await(timelines.recordKey("c-1", "CALLER", "#", T.plusSeconds(9)));
        await(timelines.recordKey("c-1", "CALLER", "4", T.plusSeconds(3)));
        await(timelines.recordKey("c-1", "CALLER", "4", T.plusSeconds(4)));
        await(timelines.recordKey("c-2", "CALLER", "9", T.plusSeconds(5)));

        assertThat(await(timelines.timeline("c-1")).keys()).containsExactly(
                new CallTimeline.Key("AGENT", "*", T.plusMillis(500)),
                new CallTimeline.Key("CALLER", "4", T.plusSeconds(3)),
                new CallTimeline.Key("CALLER", "4", T.plusSeconds(4)),
                new CallTimeline.Key("CALLER", "#", T.plusSeconds(9)));
        assertThat(await(timelines.timeline("c-2")).keys()).extracting(CallTimeline.Key::digit).containsExactly("9");
        assertThat(await(timelines.timeline("c-3")).keys()).isEmpty();
    }
}
