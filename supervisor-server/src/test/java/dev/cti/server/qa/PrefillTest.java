package dev.cti.server.qa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.CtiConfig;
import dev.cti.config.QaConfig;
import dev.cti.config.QaConfig.Rating;
import dev.cti.server.agent.Cause;
import dev.cti.server.agent.WrapUpRecord;
import dev.cti.server.store.AuditEntry;
import dev.cti.server.store.CallHistory;
import dev.cti.server.store.CallRecord;
import dev.cti.server.testing.TestConfigs;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The pre-fill from a hand-built call history: each proposed rating with its evidence, and what is left empty. The
 * sample site rings in 2 s cadence with a 3-ring target; the form has one item per rule ({@link TestConfigs#qa()}).
 */
class PrefillTest {
    static final Instant T = Instant.parse("2026-03-02T02:00:00Z");
    private final CtiConfig config = TestConfigs.withQa(TestConfigs.sample("unused", "x"));
    private final QaConfig.Form form = config.qa().forms().get(0);
    private final Prefill prefill = new Prefill(config);

    static CallRecord inbound(long ringMs) {
        return new CallRecord("c1", CallRecord.Direction.INBOUND, Optional.of("sales"), Optional.of("13800001111"),
                Optional.empty(), Optional.of("a1"), CallRecord.Outcome.ANSWERED, Duration.ofSeconds(4),
                Duration.ofMillis(ringMs), Duration.ofSeconds(200), Duration.ofSeconds(179), Duration.ZERO,
                Optional.of("resolved"), Optional.empty(), T, Optional.of(T.plusSeconds(10)),
                Optional.of(T.plusSeconds(400)));
    }

    static CallHistory.ScriptEvent event(String kind, String id, long second) {
        return new CallHistory.ScriptEvent(kind, "std", Optional.of(id), T.plusSeconds(second));
    }

    static CallHistory.Hold hold(long from, long to) {
        return new CallHistory.Hold(T.plusSeconds(from), Optional.of(T.plusSeconds(to)));
    }

    static AuditEntry monitor(String action, String mode, long second) {
        return new AuditEntry("sam", action, Optional.of("a1"), Optional.of("c1"), Optional.of(mode),
                T.plusSeconds(second));
    }

    private static Rating rating(Map<String, Proposal> p, String item) {
        return p.get(item).rating().orElseThrow(() -> new AssertionError(item + " has no proposal"));
    }

    private static String code(Map<String, Proposal> p, String item) {
        return p.get(item).evidence().getString("code");
    }

    private static String text(Map<String, Proposal> p, String item, String lang) {
        return p.get(item).evidence().getJsonObject("text").getString(lang);
    }

    @Test
    void a_call_with_two_holds_and_a_whispering_supervisor() {
        // answered on ring 3 (5 s at 2 s a ring, target 3); greeting shown at the offer, the need step at 0:20.
        // Hold 1 (0:50-1:19) had the before-hold phrase and the after-hold prompt; hold 2 (1:30-4:00, 150 s) had
        // neither, but the desktop's 2-minute phrase at 3:31. A supervisor listened, then whispered.
        CallHistory h = new CallHistory(inbound(5_000),
                List.of(event("step", "greeting", 5), event("step", "need", 30), event("phrase", "before-hold", 59),
                        event("prompt", "after-hold-thanks", 90), event("prompt", "before-hold", 221)),
                List.of(hold(60, 89), hold(100, 250)), List.of(), List.of(),
                List.of(monitor("monitor-start", "mode=listen", 120), monitor("monitor-switch", "mode=whisper", 130),
                        monitor("monitor-start", "denied: other team", 131)));
        Map<String, Proposal> p = prefill.propose(form, h);

        assertThat(rating(p, "greeting")).isEqualTo(Rating.EXCELLENT);
        assertThat(code(p, "greeting")).isEqualTo("greeting-on-time");
        assertThat(text(p, "greeting", "zh-CN")).isEqualTo("第3声接听(目标3声内),首问语已显示");
        assertThat(p.get("greeting").evidence().getJsonObject("facts").getInteger("rings")).isEqualTo(3);

        assertThat(rating(p, "need")).isEqualTo(Rating.EXCELLENT);
        assertThat(text(p, "need", "en")).isEqualTo("Script step 'need' reached (0:20)");
        assertThat(p.get("need").evidence().getJsonObject("facts").getLong("atSeconds")).isEqualTo(20);

        assertThat(rating(p, "music")).isEqualTo(Rating.EXCELLENT);
        assertThat(text(p, "music", "en")).isEqualTo("The gateway plays music to the customer on every hold "
                + "(2 hold(s), 179 s in all)");

        assertThat(rating(p, "reason")).as("told before 1 of 2 holds").isEqualTo(Rating.PASS);
        assertThat(text(p, "reason", "en")).isEqualTo("1 of 2 hold(s) had the before-hold phrase (the reason) first");
        JsonObject first = p.get("reason").evidence().getJsonObject("facts").getJsonArray("holds").getJsonObject(0);
        assertThat(first.getString("phrase")).isEqualTo("before-hold");
        assertThat(first.getString("how")).isEqualTo("used");
        assertThat(p.get("reason").evidence().getJsonObject("facts").getJsonArray("holds").getJsonObject(1)
                .containsKey("phrase")).isFalse();

        assertThat(rating(p, "apology")).as("after 1 of 2 holds").isEqualTo(Rating.PASS);
        assertThat(p.get("apology").evidence().getJsonObject("facts").getJsonArray("holds").getJsonObject(0)
                .getString("how")).isEqualTo("shown");

        assertThat(rating(p, "long-hold")).as("the one hold over 120 s got the phrase at 2:00").isEqualTo(Rating.EXCELLENT);
        assertThat(text(p, "long-hold", "en")).startsWith("1 of 1 hold(s) over 120 s");

        assertThat(rating(p, "help")).isEqualTo(Rating.GOOD);
        assertThat(code(p, "help")).isEqualTo("supervisor-whispered");
        assertThat(p.get("help").evidence().getJsonObject("facts").getJsonArray("monitors")).hasSize(2);

        assertThat(p).as("an item without a rule gets nothing").doesNotContainKey("manner");
    }

    @Test
    void a_late_answer_is_pass_with_the_apology_and_weak_without_it() {
        CallHistory apologised = new CallHistory(inbound(9_000), List.of(event("step", "greeting", 5),
                event("phrase", "late-answer", 11)), List.of(), List.of(), List.of(), List.of());
        Map<String, Proposal> p = prefill.propose(form, apologised);
        assertThat(rating(p, "greeting")).isEqualTo(Rating.PASS);
        assertThat(text(p, "greeting", "en")).contains("ring 5 (target 3)").contains("apology for the wait was used");

        CallHistory rude = new CallHistory(inbound(9_000), List.of(event("step", "greeting", 5)), List.of(), List.of(),
                List.of(), List.of());
        assertThat(rating(prefill.propose(form, rude), "greeting")).isEqualTo(Rating.WEAK);
    }

    @Test
    void without_holds_the_waiting_items_are_excellent_and_what_the_records_cannot_tell_is_left_empty() {
        CallHistory h = new CallHistory(inbound(3_000), List.of(event("step", "check", 300)), List.of(), List.of(),
                List.of(), List.of(monitor("monitor-start", "mode=listen", 50)));
        Map<String, Proposal> p = prefill.propose(form, h);
        for (String item : List.of("music", "reason", "apology", "long-hold")) {
            assertThat(rating(p, item)).as(item).isEqualTo(Rating.EXCELLENT);
        }
        assertThat(code(p, "music")).isEqualTo("no-hold");
        assertThat(p.get("greeting").rating()).as("no greeting on record").isEmpty();
        assertThat(code(p, "greeting")).isEqualTo("greeting-not-recorded");
        assertThat(p.get("need").rating()).as("script shown, step not reached: not enough to rate").isEmpty();
        assertThat(code(p, "need")).isEqualTo("step-not-reached");
        assertThat(p.get("help").rating()).as("a silent listen says nothing of the agent").isEmpty();

        CallHistory bare = new CallHistory(inbound(3_000), List.of(), List.of(), List.of(), List.of(), List.of());
        Map<String, Proposal> nothing = prefill.propose(form, bare);
        assertThat(nothing).doesNotContainKeys("need", "help", "manner");
    }

    @Test
    void an_appointment_is_the_step_or_a_callback_wrap_up_and_the_outbound_greeting_ignores_rings() {
        CallRecord out = new CallRecord("gw-9", CallRecord.Direction.OUTBOUND, Optional.empty(), Optional.empty(),
                Optional.of("13900002222"), Optional.of("a2"), CallRecord.Outcome.ANSWERED, Duration.ZERO,
                Duration.ZERO, Duration.ofSeconds(60), Duration.ZERO, Duration.ZERO, Optional.empty(),
                Optional.empty(), T, Optional.of(T.plusSeconds(20)), Optional.of(T.plusSeconds(80)));
        CallHistory h = new CallHistory(out, List.of(event("step", "greeting", 21)), List.of(), List.of(),
                List.of(new WrapUpRecord("a2", "dial-9", Optional.empty(), "callback", Optional.empty(),
                        Cause.agent("bob"), T.plusSeconds(90))), List.of());
        Optional<Proposal> appointment = prefill.propose(new QaConfig.Prefill(QaConfig.Rule.APPOINTMENT, List.of(),
                List.of(), 120), h);
        assertThat(appointment.orElseThrow().rating()).contains(Rating.EXCELLENT);
        assertThat(appointment.get().evidence().getJsonObject("text").getString("en"))
                .isEqualTo("wrapped up with the callback code callback");
        Optional<Proposal> greeting = prefill.propose(new QaConfig.Prefill(QaConfig.Rule.GREETING, List.of(),
                List.of(), 120), h);
        assertThat(greeting.orElseThrow().rating()).contains(Rating.EXCELLENT);
        assertThat(greeting.get().evidence().getString("code")).isEqualTo("greeting-shown");

        CallHistory busyNot = new CallHistory(out, List.of(), List.of(), List.of(), List.of(), List.of());
        assertThat(prefill.propose(new QaConfig.Prefill(QaConfig.Rule.APPOINTMENT, List.of(), List.of(), 120),
                busyNot)).isEmpty();
    }
}
