package dev.cti.it.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.it.stack.Stack;
import dev.cti.testpeers.Sipp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The caller flows of issue 17 that end outside a queue, and a menu call across a server restart, on the real stack
 * (sipp is the PBX and presses keys as RFC 4733 events). A queue with business hours dialled directly on a Saturday:
 * the caller hears the closed prompt and goodbye and is hung up, the queue never offered the call; its CDR is
 * ENDED_IN_MENU and no queue figure counts it. A caller in the menu while the server restarts: the new server takes
 * the call back (the menu from its top) and the caller's key, pressed after the restart, puts it in the service queue.
 * The stack's clock is set to the day wanted (site zone Asia/Shanghai).
 */
class MenuRecordsSippIT {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String SALES_NUMBER = "4008002000";
    private static final String MENU_NUMBER = "4008003000";
    /** Monday 30 November 2026, 10:00 in Shanghai: open (in the past: the link certificates are valid now). */
    private static final Instant MONDAY = ZonedDateTime.of(2026, 11, 30, 10, 0, 0, 0, SHANGHAI).toInstant();
    /** Saturday 5 December 2026, 10:00 in Shanghai (02:00 UTC, the same date): closed. */
    private static final Instant SATURDAY = ZonedDateTime.of(2026, 12, 5, 10, 0, 0, 0, SHANGHAI).toInstant();
    /** The sales queue open on weekdays, 09:00-18:00 site time; outside, closed prompt, goodbye, hang-up. */
    private static final Map<String, String> SALES_HOURS = Map.of("    script: sales-inbound\n", """
                script: sales-inbound
                hours:
                  periods:
                    - { days: [mon, tue, wed, thu, fri], open: "09:00", close: "18:00" }
                  closedPrompt: ../prompts/en/closed.wav
                  goodbyePrompt: ../prompts/en/goodbye.wav
            """);

    @TempDir
    Path dir;
    private Stack stack;

    @AfterEach
    void stop() throws Exception {
        if (stack != null) stack.close();
    }

    @Test
    void aQueueDialledDirectlyOnASaturdayPlaysClosedAndGoodbyeAndTheCallEndsInTheMenu() throws Exception {
        Sipp.require();
        stack = Stack.startAt(dir, SATURDAY, SALES_HOURS, Map.of(), Map.of());
        long start = System.nanoTime();
        try (Sipp pbx = caller("/peers/sipp/caller-menu-key5-awaits-bye.xml", SALES_NUMBER)) {
            pbx.assertPassed(Duration.ofSeconds(40)); // the gateway hung up
        }
        // closed.wav and goodbye.wav were played first, the key pressed meanwhile changing nothing
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(5));
        assertThat(metrics()).contains("cti_menu_results_total{menu=\"queue:sales\",result=\"closed\"} 1.0")
                .doesNotContain("cti_queue_calls_offered_total{queue=\"sales\"} 1.0")
                .doesNotContain("cti_queue_calls_abandoned_total{kind=\"short\",queue=\"sales\"}")
                .doesNotContain("cti_queue_calls_abandoned_total{kind=\"long\",queue=\"sales\"}");
        JsonObject cdr = await().atMost(Duration.ofSeconds(10)).until(() -> history("2026-12-05", "ENDED_IN_MENU"),
                calls -> calls.size() == 1).getJsonObject(0);
        assertThat(cdr.getString("queueId")).isNull();
        assertThat(cdr.getString("direction")).isEqualTo("INBOUND");
        assertThat(cdr.getString("endedAt")).isNotNull();
        assertThat(history("2026-12-05", "ABANDONED")).isEmpty();
    }

    @Test
    void aCallerInTheMenuDuringAServerRestartIsTakenBackAndTheirKeyReachesTheQueue() throws Exception {
        Sipp.require();
        // the menu waits 30 s for a key; without one it hangs up (so only the key can reach the queue); no RTP
        // from sipp but the key: the gateway's inactivity limit is raised for the 30 s pause
        stack = Stack.startAt(dir, MONDAY, Map.of(), Map.of("inactivitySeconds: 30", "inactivitySeconds: 120"),
                Map.of("prompt: ../prompts/zh-CN/menu-main.wav", "prompt: ../prompts/zh-CN/digits/1.wav",
                        "timeoutSeconds: 5", "timeoutSeconds: 30",
                        "fallback: { action: queue, target: service }", "fallback: { action: hangup }"));
        try (Sipp pbx = caller("/peers/sipp/caller-menu-late-key1.xml", MENU_NUMBER, "-d", "2000")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> history("2026-11-30", "IN_PROGRESS").size() == 1);
            stack.killServer();
            stack.startServer();
            stack.awaitLinkUp();
            assertThat(metrics()).as("nothing offered before the key").doesNotContain(
                    "cti_queue_calls_offered_total{queue=\"service\"} 1.0");
            pbx.assertPassed(Duration.ofSeconds(60)); // pressed 1 at 30 s, hung up 2 s later
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics().contains(
                "cti_queue_calls_offered_total{queue=\"service\"} 1.0"));
        assertThat(metrics()).contains("cti_menu_results_total{menu=\"main\",result=\"resumed\"} 1.0")
                .contains("cti_menu_results_total{menu=\"main\",result=\"queue\"} 1.0");
        assertThat(history("2026-11-30", "ENDED_IN_MENU")).as("it left the menu for the queue").isEmpty();
    }

    private Sipp caller(String scenario, String number, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("-s", number, "-key", "caller",
                "13800000009"));
        args.addAll(java.util.List.of(more));
        return Sipp.scenario(scenario).workDir(dir.resolve("sipp"))
                .remote("127.0.0.1:" + stack.config().network().sip().udpPort())
                .args(args).timeout(Duration.ofSeconds(64)).start();
    }

    private String metrics() {
        return stack.server().meters().scrape();
    }

    /** The CDRs of {@code day} (site date) with {@code outcome}, as an admin reads them. */
    private JsonArray history(String day, String outcome) throws Exception {
        var reply = stack.api("admin").get("/api/calls/history?from=" + day + "&to=" + day + "&outcome=" + outcome);
        assertThat(reply.status()).as(reply.body().encode()).isEqualTo(200);
        return reply.body().getJsonArray("calls");
    }
}
