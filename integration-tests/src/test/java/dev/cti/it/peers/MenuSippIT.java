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
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The voice menus of issue 17 on the real stack: sipp is the PBX and presses keys as RFC 4733 events (sipp's DTMF
 * captures); the gateway plays, the server runs conf/menus.yaml. A caller who presses 3 (billing) then 1 (an agent)
 * while the prompts play is queued in the service queue and offered to the ready agent; a wrong key and then no key
 * replay the menu and then give the fallback (here: goodbye and hang-up); on a Saturday the caller hears the closed
 * prompt and goodbye and is hung up, a key changing nothing. The stack's clock is set to the day wanted; prompts and
 * timeouts are shortened by editing menus.yaml so each test stays well under 30 s.
 */
class MenuSippIT {
    private static final Duration T = Duration.ofSeconds(20);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String MENU_NUMBER = "4008003000";
    /** Monday 30 November 2026, 10:00 in Shanghai: open (in the past: the link certificates are valid now). */
    private static final Instant MONDAY = ZonedDateTime.of(2026, 11, 30, 10, 0, 0, 0, SHANGHAI).toInstant();
    /** Saturday 5 December 2026, 10:00 in Shanghai: closed. */
    private static final Instant SATURDAY = ZonedDateTime.of(2026, 12, 5, 10, 0, 0, 0, SHANGHAI).toInstant();
    /** The menu waits 1 s, replays once, then hangs up with goodbye; its prompt is one short word. */
    private static final Map<String, String> QUICK = Map.of(
            "prompt: ../prompts/zh-CN/menu-main.wav", "prompt: ../prompts/zh-CN/digits/1.wav",
            "timeoutSeconds: 5", "timeoutSeconds: 1",
            "retries: 2 ", "retries: 1 ",
            "fallback: { action: queue, target: service }", "fallback: { action: hangup }",
            "closedAction: { action: message, target: ../prompts/zh-CN/message-opening-hours.wav }",
            "closedAction: { action: hangup }");

    @TempDir
    Path dir;
    private Stack stack;

    @AfterEach
    void stop() throws Exception {
        if (stack != null) stack.close();
    }

    @Test
    void keysThroughTheBillingMenuReachTheServiceQueueAndTheReadyAgent() throws Exception {
        Sipp.require();
        stack = Stack.startAt(dir, MONDAY, Map.of());
        Seat agent = stack.seat("1001", 880, 800);
        assertThat(agent.run("ready").getString("state")).isEqualTo("READY");

        try (Sipp pbx = caller("/peers/sipp/caller-menu-keys.xml", "-d", "3000")) {
            JsonObject script = agent.events().await("script", T);
            String callId = script.getString("callId");
            agent.events().await("answered", T);
            pbx.assertPassed(Duration.ofSeconds(30));
            CallRecord cdr = await().atMost(T).until(() -> cdr(callId),
                    r -> r.isPresent() && r.get().endedAt().isPresent()).orElseThrow();
            assertThat(cdr.queueId()).contains("service");
            assertThat(cdr.agentId()).contains("1001");
            assertThat(cdr.outcome()).isEqualTo(CallRecord.Outcome.ANSWERED);
        }
        assertThat(metrics()).contains("cti_menu_results_total{menu=\"billing\",result=\"queue\"} 1.0")
                .doesNotContain("result=\"invalid\"").doesNotContain("result=\"timeout\"");
    }

    @Test
    void aWrongKeyThenNoKeyReplayTheMenuThenTheFallbackSaysGoodbyeAndHangsUp() throws Exception {
        Sipp.require();
        stack = Stack.startAt(dir, MONDAY, QUICK);
        long start = System.nanoTime();
        try (Sipp pbx = caller("/peers/sipp/caller-menu-key5-awaits-bye.xml")) {
            pbx.assertPassed(Duration.ofSeconds(40)); // the gateway hung up
        }
        // 1 s, 5 (invalid prompt, menu), 1 s without a key (timeout prompt, goodbye): the prompts were played
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(12));
        assertThat(metrics()).contains("cti_menu_results_total{menu=\"main\",result=\"invalid\"} 1.0")
                .contains("cti_menu_results_total{menu=\"main\",result=\"timeout\"} 1.0")
                .contains("cti_menu_results_total{menu=\"main\",result=\"fallback\"} 1.0")
                .doesNotContain("cti_queue_calls_offered_total{queue=\"service\"} 1.0");
    }

    @Test
    void onASaturdayTheCallerHearsTheClosedPromptAndIsHungUp() throws Exception {
        Sipp.require();
        stack = Stack.startAt(dir, SATURDAY, QUICK);
        long start = System.nanoTime();
        try (Sipp pbx = caller("/peers/sipp/caller-menu-key5-awaits-bye.xml")) {
            pbx.assertPassed(Duration.ofSeconds(40));
        }
        // closed.wav (4.9 s) and goodbye.wav (4.5 s), the key pressed meanwhile changing nothing
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(9));
        assertThat(metrics()).contains("cti_menu_results_total{menu=\"main\",result=\"closed\"} 1.0")
                .doesNotContain("result=\"invalid\"");
    }

    private Sipp caller(String scenario, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("-s", MENU_NUMBER, "-key", "caller",
                "13800000009"));
        args.addAll(java.util.List.of(more));
        return Sipp.scenario(scenario).workDir(dir.resolve("sipp"))
                .remote("127.0.0.1:" + stack.config().network().sip().udpPort())
                .args(args).timeout(Duration.ofSeconds(44)).start();
    }

    private String metrics() {
        return stack.server().meters().scrape();
    }

    private Optional<CallRecord> cdr(String callId) throws Exception {
        return stack.server().store().call(callId).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
