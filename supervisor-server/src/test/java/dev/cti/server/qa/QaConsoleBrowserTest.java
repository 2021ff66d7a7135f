package dev.cti.server.qa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.CtiConfig;
import dev.cti.config.RecordingConfig;
import dev.cti.link.message.AcknowledgeRecordings;
import dev.cti.link.message.RecordingSpan;
import dev.cti.link.message.RecordingStatus;
import dev.cti.link.message.RecordingStopped;
import dev.cti.recording.KeyFile;
import dev.cti.recording.RecordingKey;
import dev.cti.recording.RecordingKeys;
import dev.cti.recording.RecordingWriter;
import dev.cti.server.agent.Cause;
import dev.cti.server.agent.WrapUpRecord;
import dev.cti.server.store.AuditEntry;
import dev.cti.server.store.CallHistoryStore;
import dev.cti.server.store.CallRecord;
import dev.cti.server.store.HoldThresholdCrossing;
import dev.cti.server.store.ScriptShown;
import dev.cti.server.testing.HeadlessChromium;
import dev.cti.server.testing.RestCalls;
import dev.cti.server.testing.ScriptedServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The QA console (质检台) in a real browser (Debian's chromium, headless) against the server as ServerMain starts it on
 * the shipped configuration, with a scripted gateway on the CTI link that indexes one recorded call: agent 1001's
 * service-line call of three days ago, answered on the 4th ring, with a 12 s hold, its script steps and phrases, and 24 s
 * of encrypted stereo audio written with the recording module's writer. The daily sampling puts it on the inspector's
 * work list. The inspector finds it by the search's filters, plays it (the audio element's time advances, the server
 * answers 206 to the ticket URL, no bearer token in it), jumps by clicking timeline events and evidence, accepts the
 * proposals, overrides one, submits, and sees the server's score; a dispute comes back by push and is answered. An
 * agent is refused. Screenshots go to {@code target/qa-console/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QaConsoleBrowserTest {
    private static final Path SHOTS = Path.of("target", "qa-console");
    private static final String REC = "20261207-9a0c2a9e41d84b6c9d3e7f1a2b3c4d5e";
    private static final String CALL = "c-qa-ui";
    private static final int SECONDS = 24;

    @TempDir
    static Path tmp;
    private ScriptedServer stack;
    private WebDriver driver;
    private RestCalls rest;
    private String inspector;
    /** The recording's time 0 (the answer); the call came in 22 s earlier (5 s queue, 17 s = 4 rings). */
    private Instant answered;
    private LocalDate day;

    @BeforeAll
    void start() throws Exception {
        HeadlessChromium.requireInstalled();
        Path recordings = tmp.resolve("recordings");
        Path keyFile = tmp.resolve("recording-keys.txt");
        assertThat(KeyFile.generateIfMissing(keyFile)).isTrue();
        CtiConfig shipped = ScriptedServer.shipped();
        RecordingConfig r = shipped.recording();
        CtiConfig config = shipped.withRecording(new RecordingConfig(Optional.of(recordings.toString()),
                Optional.of(keyFile.toString()), r.minFreeMegabytes(), r.retentionDays(), false, r.defaultPolicy(),
                r.clickToDial(), r.queues()));
        stack = ScriptedServer.start(config, Clock.systemUTC(), tmp.resolve("data"), "gw-qa-console");
        rest = new RestCalls(stack.base);
        inspector = rest.login("inspector", "demo-inspector");
        seedTheCall(config, recordings, RecordingKeys.open(keyFile).current());
        assertThat(await(stack.server.qa().sampling().run(day))).as("sampled").isTrue();
        driver = HeadlessChromium.open(tmp);
    }

    @AfterAll
    void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * The call as the call center and the desktop would have stored it: CDR, greeting and need steps, the late-answer
     * apology, the before-hold phrase, a hold from 4 s to 16 s crossing its 10 s threshold, the after-hold thanks, the
     * closing steps, the wrap-up; and its recording, indexed through the CTI link.
     */
    private void seedTheCall(CtiConfig config, Path recordings, RecordingKey key) throws Exception {
        ZoneId zone = ZoneId.of(config.site().timeZone());
        // three days ago: the server's start sampled (empty) the day its run is due for, yesterday or, before
        // qa.sampling.runAt (01:00 in the site's zone: 16:00-17:00 UTC in Shanghai), the day before; a day is sampled once
        day = LocalDate.now(zone).minusDays(3);
        Instant start = day.atTime(LocalTime.of(10, 0)).atZone(zone).toInstant();
        answered = start.plusSeconds(22);
        var store = stack.server.store();
        await(store.recordCall(new CallRecord(CALL, CallRecord.Direction.INBOUND, Optional.of("service"),
                Optional.of("13812345678"), Optional.of("4008001000"), Optional.of("1001"), CallRecord.Outcome.ANSWERED,
                Duration.ofSeconds(5), Duration.ofSeconds(17), Duration.ofSeconds(SECONDS), Duration.ofSeconds(12),
                Duration.ofSeconds(20), Optional.empty(), Optional.empty(), start, Optional.of(answered),
                Optional.of(answered.plusSeconds(SECONDS)))));
        CallHistoryStore history = new CallHistoryStore(store);
        for (Object[] e : new Object[][] {{"step", "greeting", -2}, {"phrase", "late-answer", 1}, {"step", "need", 2},
                {"phrase", "before-hold", 3}, {"phrase", "after-hold-thanks", 17}, {"step", "check", 20},
                {"step", "closing", 22}}) {
            await(history.recordScriptEvent(new ScriptShown(Optional.of(CALL), "1001", "service-inbound",
                    Optional.of((String) e[1]), "zh-CN", answered.plusSeconds((Integer) e[2])), (String) e[0]));
        }
        await(store.recordHold(CALL, "1001", true, answered.plusSeconds(4)));
        await(store.recordHoldThresholdCrossing(new HoldThresholdCrossing(CALL, "1001", 10, answered.plusSeconds(14))));
        await(store.recordHold(CALL, "1001", false, answered.plusSeconds(16)));
        await(store.recordWrapUp(new WrapUpRecord("1001", CALL, Optional.of("service"), "resolved", Optional.empty(),
                Cause.agent("1001"), answered.plusSeconds(SECONDS + 10))));

        long at = answered.toEpochMilli();
        var d = java.time.LocalDate.ofInstant(answered, ZoneOffset.UTC);
        String file = String.format("%04d/%02d/%02d/%s.ctirec", d.getYear(), d.getMonthValue(), d.getDayOfMonth(), REC);
        Path path = recordings.resolve(file);
        Files.createDirectories(path.getParent());
        RecordingWriter w = RecordingWriter.create(path, REC, at, key, new SecureRandom());
        for (int s = 0; s < SECONDS; s++) {
            w.writeChunk(tones(440, 880, (long) s * 8000));
        }
        w.finish(new byte[0], 0);
        stack.gateway.send(new RecordingStopped(REC, CALL, file, RecordingStatus.COMPLETE, null, at, w.durationMillis(),
                w.fileBytes(), w.sha256Hex(), key.id(), 8000, 2, List.of(new RecordingSpan(19_000, 20_500)),
                List.of(new RecordingSpan(4_000, 16_000)), at + 100));
        stack.gateway.await(AcknowledgeRecordings.class, a -> a.recordingIds().contains(REC));
    }

    /** One second of stereo 8 kHz 16-bit PCM: the customer's tone left, the agent's right. */
    private static byte[] tones(double leftHz, double rightHz, long first) {
        ByteBuffer b = ByteBuffer.allocate(8000 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 8000; i++) {
            double t = (first + i) / 8000.0;
            b.putShort((short) (9000 * Math.sin(2 * Math.PI * leftHz * t)));
            b.putShort((short) (9000 * Math.sin(2 * Math.PI * rightHz * t)));
        }
        return b.array();
    }

    // ---- the tests, in order ----------------------------------------------------------------------------------

    @Test
    @Order(1)
    void anAgentIsRefusedAndTheirSessionEnded() throws Exception {
        driver.get(stack.base + "/qa");
        wait(Duration.ofSeconds(5)).until(d -> d.findElement(By.id("username")).isDisplayed());
        assertThat(driver.getCurrentUrl()).endsWith("/qa/");
        login("1001", "demo-1001");
        wait(Duration.ofSeconds(5)).until(d -> !d.findElement(By.id("login-error")).getText().isEmpty());
        assertThat(driver.findElement(By.id("login-error")).getText())
                .startsWith("The QA console is for supervisors, QA evaluators and administrators.")
                .contains("My evaluations");
        assertThat(driver.findElement(By.id("console")).isDisplayed()).isFalse();
        assertThat(js("return sessionStorage.getItem('cti.token')")).isNull();
        assertThat(audit()).anySatisfy(a -> {
            assertThat(a.actor()).isEqualTo("1001");
            assertThat(a.action()).isEqualTo("logout");
        });

        driver.findElement(By.id("login-lang")).click();
        login("1001", "demo-1001");
        wait(Duration.ofSeconds(5)).until(d -> d.findElement(By.id("login-error")).getText().startsWith("质检台仅供"));
        assertThat(driver.findElement(By.id("login-button")).getText()).isEqualTo("登录");
        screenshot("agent-refused-zh.png");
        driver.findElement(By.id("login-lang")).click();
    }

    @Test
    @Order(2)
    void theWorkListHasTheSampledCallWithItsReasons() throws Exception {
        login("inspector", "demo-inspector");
        wait(Duration.ofSeconds(10)).until(d -> "live".equals(d.findElement(By.id("conn")).getDomAttribute("data-conn"))
                && !d.findElements(By.cssSelector("#worklist tr[data-call='" + CALL + "']")).isEmpty());
        assertThat(driver.findElement(By.id("who")).getText()).contains("QA");
        WebElement row = driver.findElement(By.cssSelector("#worklist tr[data-call='" + CALL + "']"));
        JsonArray items = new JsonObject(rest.get("/api/qa/worklist?status=all", inspector)).getJsonArray("items");
        JsonObject item = items.stream().map(JsonObject.class::cast).filter(i -> CALL.equals(i.getString("callId")))
                .findFirst().orElseThrow();
        assertThat(item.getJsonArray("reasons").getList()).contains("random", "late-answer");
        assertThat(row.findElements(By.cssSelector(".reasons .chip")).stream().map(e -> e.getDomAttribute("data-reason")))
                .containsExactlyElementsOf(item.getJsonArray("reasons").stream().map(String.class::cast).toList());
        assertThat(row.findElement(By.cssSelector("[data-reason='late-answer']")).getText()).isEqualTo("Answered late");
        assertThat(row.findElement(By.className("party")).getText()).isEqualTo("138****5678");
        assertThat(row.getText()).contains("张伟").doesNotContain("13812345678");
        assertThat(row.getText()).as("the call's start in the site's zone (10:00 there), whatever the browser's")
                .contains(day + " 10:00:00");
        screenshot("worklist-en.png");
    }

    @Test
    @Order(3)
    void theSearchFindsTheCallByEveryFilter() throws Exception {
        driver.findElement(By.cssSelector("#tabs [data-tab='search']")).click();
        // the default search (the last 7 days) lists it already
        wait(Duration.ofSeconds(5)).until(d -> !d.findElements(By.cssSelector("#results tr[data-recording='" + REC
                + "']")).isEmpty());
        new Select(driver.findElement(By.id("f-queue"))).selectByValue("service");
        new Select(driver.findElement(By.id("f-agent"))).selectByValue("1001");
        new Select(driver.findElement(By.id("f-outcome"))).selectByValue("ANSWERED");
        new Select(driver.findElement(By.id("f-wrapup"))).selectByValue("resolved");
        type("f-min-hold", "10");
        type("f-min-rings", "4");
        search();
        wait(Duration.ofSeconds(5)).until(d -> d.findElements(By.cssSelector("#results tr")).size() == 1
                && !d.findElements(By.cssSelector("#results tr[data-recording='" + REC + "']")).isEmpty());
        WebElement row = driver.findElement(By.cssSelector("#results tr[data-recording='" + REC + "']"));
        assertThat(row.findElement(By.className("party")).getText()).isEqualTo("138****5678");
        assertThat(row.findElement(By.className("rings")).getText()).isEqualTo("4");
        assertThat(row.getText()).contains("Service hotline", "张伟", "Answered", "0:24");
        assertThat(driver.findElement(By.id("page-info")).getText()).isEqualTo("Found 1 · page 1 of 1");
        // what the page asked is what the server audited
        assertThat(audit()).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("recording-list");
            assertThat(a.detail().orElse("")).contains("agent=1001", "minHoldSeconds=10", "minRings=4",
                    "outcome=ANSWERED", "queue=service", "wrapUpCode=resolved");
        });
        screenshot("search-en.png");

        // one ring more than it had, or a longer hold: not found
        type("f-min-rings", "5");
        search();
        wait(Duration.ofSeconds(5)).until(d -> d.findElements(By.cssSelector("#results tr")).isEmpty()
                && d.findElement(By.id("page-info")).getText().equals("No recording matches."));
        type("f-min-rings", "4");
        type("f-min-hold", "13");
        search();
        wait(Duration.ofSeconds(5)).until(d -> d.findElements(By.cssSelector("#results tr")).isEmpty());
        type("f-min-hold", "12");
        search();
        wait(Duration.ofSeconds(5)).until(d -> d.findElements(By.cssSelector("#results tr")).size() == 1);
    }

    @Test
    @Order(4)
    void theRecordingPlaysThroughATicketWithItsTimeline() throws Exception {
        double partialBefore = playbacks("partial");
        click("#results tr[data-recording='" + REC + "'] button.open");
        wait(Duration.ofSeconds(5)).until(d -> d.findElement(By.id("review")).isDisplayed()
                && !d.findElements(By.cssSelector("#events li")).isEmpty());
        assertThat(driver.findElement(By.id("call-summary")).getText()).contains("张伟", "138****5678");
        // nothing is fetched (nor audited as a playback) before the evaluator asks to play
        assertThat(js("return document.getElementById('audio').getAttribute('src')")).isNull();
        assertThat(driver.findElement(By.id("length")).getText()).isEqualTo("0:24");
        // the hold (4 s .. 16 s of 24) and the pause (19 s .. 20.5 s) on the bar, in viewBox units of 1000
        assertThat(attr("#timeline .hold-span", "x")).isCloseTo(1000 * 4 / 24.0, org.assertj.core.data.Offset.offset(1.0));
        assertThat(attr("#timeline .hold-span", "width")).isCloseTo(500.0, org.assertj.core.data.Offset.offset(1.0));
        assertThat(attr("#timeline .paused-span", "x")).isCloseTo(1000 * 19 / 24.0, org.assertj.core.data.Offset.offset(1.0));
        // the events: offered and the greeting before the audio, the phrases, hold, its threshold, resume, the end
        assertThat(eventTypes()).containsSubsequence("offered", "script", "answered", "script", "hold",
                "hold-threshold", "resume", "recording-paused", "ended", "wrap-up");
        assertThat(eventText("hold-threshold")).isEqualTo("0:14Hold passed 10 s");
        assertThat(eventText("hold")).isEqualTo("0:04Hold (0:12)");
        assertThat(driver.findElement(By.cssSelector("#events li[data-type='offered']")).getText())
                .contains("−0:22", "Service hotline", "before the recording");
        assertThat(driver.findElements(By.cssSelector("#events li[data-type='script']")).stream()
                .map(WebElement::getText)).anySatisfy(s -> assertThat(s).contains("Phrase: before the hold"));

        driver.findElement(By.id("play")).click();
        wait(Duration.ofSeconds(10)).until(d -> number("return document.getElementById('audio').currentTime") > 1.5);
        assertThat(js("return document.getElementById('audio').paused")).isEqualTo(false);
        String src = (String) js("return document.getElementById('audio').src");
        assertThat(src).contains("/api/recordings/" + REC + "/audio?ticket=").doesNotContain(inspector);
        // the browser's own record of the audio requests: every one answered 206, by ticket
        wait(Duration.ofSeconds(5)).until(d -> !audioStatuses().isEmpty());
        assertThat(audioStatuses()).allSatisfy(s -> assertThat(s).isEqualTo(206L));
        // the server's: partial answers counted, the playback audited once as a ticket, no bearer download
        wait(Duration.ofSeconds(10)).until(d -> playbacks("partial") > partialBefore);
        List<AuditEntry> audit = audit();
        assertThat(audit).filteredOn(a -> a.action().equals("recording-play")).singleElement().satisfies(a -> {
            assertThat(a.actor()).isEqualTo("inspector");
            assertThat(a.callId()).contains(CALL);
        });
        assertThat(audit).noneMatch(a -> a.action().equals("recording-download"));
        assertThat(audit).anyMatch(a -> a.action().equals("recording-view") && a.actor().equals("inspector"));
        screenshot("player-en.png");
    }

    @Test
    @Order(5)
    void clickingATimelineEventJumpsTheAudioThere() throws Exception {
        click("#events li[data-type='hold-threshold']");
        wait(Duration.ofSeconds(5)).until(d -> between(currentTime(), 14.0, 16.5));
        wait(Duration.ofSeconds(5)).until(d -> d.findElement(By.cssSelector("#events li.current"))
                .getDomAttribute("data-type").equals("hold-threshold"));
        assertThat(driver.findElement(By.id("position")).getText()).matches("0:1[4-6]");
        // the cursor moves along the bar with the audio
        double cursor = attr("#cursor", "x");
        assertThat(cursor).isBetween(1000 * 14 / 24.0 - 5, 1000 * 17 / 24.0);
        click("#events li[data-type='answered']");
        wait(Duration.ofSeconds(5)).until(d -> currentTime() < 2.0);
        // an event before the recording began jumps to its start
        click("#events li[data-type='hold']");
        wait(Duration.ofSeconds(5)).until(d -> between(currentTime(), 4.0, 6.5));
        driver.findElement(By.id("play")).click(); // pause
        wait(Duration.ofSeconds(2)).until(d -> Boolean.TRUE.equals(js("return document.getElementById('audio').paused")));
    }

    @Test
    @Order(6)
    void theFormShowsTheProposedRatingsWithTheirEvidence() throws Exception {
        // from the work list: the server opens the evaluation, pre-filled; the player comes with it
        driver.findElement(By.id("review-back")).click();
        driver.findElement(By.cssSelector("#tabs [data-tab='worklist']")).click();
        wait(Duration.ofSeconds(5)).until(d -> !d.findElements(By.cssSelector("#worklist tr[data-call='" + CALL
                + "'] button.open")).isEmpty());
        click("#worklist tr[data-call='" + CALL + "'] button.open");
        wait(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#sections .item")).isEmpty()
                && !d.findElements(By.cssSelector("#events li")).isEmpty()
                && !d.findElements(By.cssSelector(".evidence-jump")).isEmpty());
        JsonObject ev = evaluation();
        assertThat(ev.getString("status")).isEqualTo("DRAFT");
        assertThat(driver.findElement(By.id("eval-status")).getText()).isEqualTo("Draft");

        int proposals = 0;
        for (JsonObject item : items(ev)) {
            WebElement row = item(item.getString("id"));
            if (item.getString("proposed") == null) {
                assertThat(row.findElement(By.className("proposal")).getText())
                        .isEqualTo("No proposal: rate it from the recording");
                continue;
            }
            proposals++;
            assertThat(row.findElement(By.className("proposed-rating")).getText())
                    .isEqualTo("Proposed: " + ratingLabel(ev, item.getString("proposed"), "en"));
            assertThat(row.findElement(By.cssSelector("button.rate.proposed")).getDomAttribute("data-rating"))
                    .isEqualTo(item.getString("proposed"));
            JsonObject evidence = item.getJsonObject("evidence");
            assertThat(row.findElement(By.className("evidence")).getText())
                    .isEqualTo(evidence.getJsonObject("text").getString("en"));
        }
        assertThat(proposals).as("greeting, need, music, reason, apology, long hold, closing...").isGreaterThanOrEqualTo(6);
        assertThat(item(ev, "hold-reason").getString("proposed")).isEqualTo("excellent");
        assertThat(item(ev, "greeting").getString("proposed")).as("late, with the apology").isEqualTo("pass");
        assertThat(driver.findElement(By.cssSelector(".item[data-item='greeting'] .proposed-rating")).getText())
                .isEqualTo("Proposed: Pass");
        // nothing is rated until the evaluator confirms: the score is the server's 0
        assertThat(driver.findElement(By.id("score")).getText()).isEqualTo(num(ev.getDouble("score")));

        // evidence with a time has a link that jumps the player there: the hold of the apology item (4 s) ...
        JsonArray holds = item(ev, "hold-apology").getJsonObject("evidence").getJsonObject("facts").getJsonArray("holds");
        assertThat(holds.getJsonObject(0).getInteger("atSeconds")).isEqualTo(4);
        click(".item[data-item='hold-apology'] .evidence-jump");
        wait(Duration.ofSeconds(5)).until(d -> between(currentTime(), 3.5, 6.5));
        // ... and an item whose evidence carries its own time (from the answer; the audio starts there)
        JsonObject timed = items(ev).stream().filter(i -> i.getJsonObject("evidence") != null
                        && i.getJsonObject("evidence").getJsonObject("facts").getValue("atSeconds") instanceof Number n
                        && n.doubleValue() >= 1).findFirst()
                .orElseThrow(() -> new AssertionError("no evidence with its own time: " + ev.encodePrettily()));
        double at = timed.getJsonObject("evidence").getJsonObject("facts").getDouble("atSeconds");
        click(".item[data-item='" + timed.getString("id") + "'] .evidence-jump");
        wait(Duration.ofSeconds(5)).until(d -> between(currentTime(), at - 0.5, at + 2.5));
        driver.findElement(By.id("play")).click();
        screenshot("form-proposals-en.png");
    }

    @Test
    @Order(7)
    void theEvaluatorAcceptsOverridesOneAndSubmitsAndTheScoreIsTheServers() throws Exception {
        driver.findElement(By.id("accept-all")).click();
        wait(Duration.ofSeconds(5)).until(d -> items(evaluation()).stream()
                .allMatch(i -> i.getString("proposed") == null || i.getString("rating") != null));
        wait(Duration.ofSeconds(5)).until(d -> "excellent".equals(item("hold-reason").getDomAttribute("data-rating")));

        // the evaluator heard no reason given before the hold: weak instead of the proposed excellent
        click(".item[data-item='hold-reason'] button.rate[data-rating='weak']");
        wait(Duration.ofSeconds(5)).until(d -> "true".equals(item("hold-reason").getDomAttribute("data-overridden")));
        assertThat(item("hold-reason").findElement(By.className("overridden-badge")).getText())
                .isEqualTo("Overridden (proposed Excellent)");
        assertThat(item("hold-reason").findElement(By.cssSelector("button.rate[data-rating='weak']"))
                .getDomAttribute("aria-pressed")).isEqualTo("true");
        assertThat(item("hold-music").getDomAttribute("data-overridden")).isEqualTo("false");

        // the items without a proposal: "good"; one filler word; remarks
        for (JsonObject i : items(evaluation())) {
            if (i.getString("rating") == null) {
                String id = i.getString("id");
                click(".item[data-item='" + id + "'] button.rate[data-rating='good']");
                wait(Duration.ofSeconds(5)).until(d -> "good".equals(item(id).getDomAttribute("data-rating")));
            }
        }
        WebElement filler = driver.findElement(By.cssSelector(".deduction[data-deduction='filler'] .count"));
        filler.clear();
        filler.sendKeys("2");
        driver.findElement(By.id("remarks")).click(); // the count's change event saves it
        driver.findElement(By.id("remarks")).sendKeys("语速适中,保持前未说明原因");
        driver.findElement(By.id("accept-all")).click(); // focus away: the remarks are saved too
        wait(Duration.ofSeconds(5)).until(d -> {
            JsonObject e = evaluation();
            return e.getBoolean("complete") && "语速适中,保持前未说明原因".equals(e.getString("remarks"))
                    && e.getJsonArray("deductions").stream().map(JsonObject.class::cast)
                            .anyMatch(x -> x.getString("id").equals("filler") && x.getInteger("occurrences") == 2);
        });
        JsonObject draft = evaluation();
        wait(Duration.ofSeconds(5)).until(d -> d.findElement(By.id("score")).getText().equals(num(draft.getDouble("score")))
                && d.findElement(By.id("submit")).isEnabled());
        assertThat(driver.findElement(By.id("unrated")).getText()).isEqualTo("Every item is rated");

        driver.findElement(By.id("submit")).click();
        wait(Duration.ofSeconds(5)).until(d -> "SUBMITTED".equals(d.findElement(By.id("eval-status"))
                .getDomAttribute("data-status")));
        JsonObject submitted = evaluation();
        assertThat(submitted.getString("status")).isEqualTo("SUBMITTED");
        assertThat(driver.findElement(By.id("score")).getText()).isEqualTo(num(submitted.getDouble("score")));
        assertThat(driver.findElement(By.id("passed")).getDomAttribute("data-passed"))
                .isEqualTo(String.valueOf(submitted.getBoolean("passed")));
        assertThat(driver.findElement(By.id("grade")).getText()).endsWith("(" + submitted.getString("grade") + ")");
        assertThat(item(submitted, "hold-reason").getString("rating")).isEqualTo("weak");
        assertThat(item(submitted, "hold-reason").getBoolean("overridden")).isTrue();
        assertThat(item(submitted, "hold-music").getBoolean("overridden")).isFalse();
        // the server's arithmetic, checked here once from its own parts
        double sum = items(submitted).stream().mapToDouble(i -> i.getDouble("earned")).sum() - 2 * 1.0;
        assertThat(submitted.getDouble("score")).isCloseTo(sum, org.assertj.core.data.Offset.offset(0.01));
        // read-only now
        assertThat(driver.findElements(By.cssSelector("button.rate")).stream().noneMatch(WebElement::isEnabled)).isTrue();
        assertThat(driver.findElement(By.id("submit")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("remarks")).isEnabled()).isFalse();
        screenshot("form-submitted-en.png");
    }

    @Test
    @Order(8)
    void everyLabelComesInChinese() throws Exception {
        driver.findElement(By.id("lang-toggle")).click();
        wait(Duration.ofSeconds(3)).until(d -> d.findElement(By.cssSelector("header.top h1")).getText().equals("质检台"));
        assertThat(driver.findElement(By.cssSelector("#tabs [data-tab='worklist']")).getText()).isEqualTo("待评列表");
        assertThat(driver.findElement(By.cssSelector("#tabs [data-tab='search']")).getText()).isEqualTo("录音检索");
        assertThat(driver.findElement(By.id("eval-status")).getText()).isEqualTo("已提交");
        assertThat(driver.findElements(By.cssSelector(".item[data-item='greeting'] button.rate")).stream()
                .map(WebElement::getText)).containsExactly("优秀", "良好", "合格", "稍差", "差");
        assertThat(driver.findElement(By.cssSelector(".item[data-item='greeting'] .proposed-rating")).getText())
                .isEqualTo("建议:合格");
        JsonObject ev = evaluation();
        assertThat(item("greeting").findElement(By.className("evidence")).getText())
                .isEqualTo(item(ev, "greeting").getJsonObject("evidence").getJsonObject("text").getString("zh-CN"));
        assertThat(item("hold-reason").findElement(By.className("overridden-badge")).getText()).isEqualTo("已修改(建议:优秀)");
        assertThat(eventText("hold-threshold")).isEqualTo("0:14保持超过 10 秒");
        assertThat(driver.findElement(By.cssSelector("#events li[data-type='offered']")).getText())
                .contains("客服热线", "录音开始前");
        assertThat(driver.findElement(By.id("passed")).getText()).isIn("合格", "不合格");
        assertThat(driver.findElement(By.id("conn")).getText()).isEqualTo("实时");
        screenshot("form-submitted-zh.png");
        driver.findElement(By.id("lang-toggle")).click();
        wait(Duration.ofSeconds(3)).until(d -> d.findElement(By.cssSelector("header.top h1")).getText().equals("QA console"));
    }

    @Test
    @Order(9)
    void aDisputeArrivesByPushAndIsAnsweredOnResubmission() throws Exception {
        long id = evaluation().getLong("id");
        String agent = rest.login("1001", "demo-1001");
        rest.post("/api/qa/evaluations/" + id + "/dispute", agent,
                new JsonObject().put("comment", "保持前我说明了原因,请重听录音").encode(), 200);
        wait(Duration.ofSeconds(5)).until(d -> "DISPUTED".equals(d.findElement(By.id("eval-status"))
                .getDomAttribute("data-status")));
        assertThat(driver.findElement(By.cssSelector("#disputes .dispute .comment")).getText())
                .contains("张伟").contains("保持前我说明了原因,请重听录音");
        assertThat(driver.findElement(By.id("reply-box")).isDisplayed()).isTrue();
        // the evaluator listens again and agrees: excellent, and a reply
        click(".item[data-item='hold-reason'] button.rate[data-rating='excellent']");
        wait(Duration.ofSeconds(5)).until(d -> "excellent".equals(item("hold-reason").getDomAttribute("data-rating"))
                && "false".equals(item("hold-reason").getDomAttribute("data-overridden")));
        driver.findElement(By.id("reply")).sendKeys("已重听,确有说明,已改为优秀");
        wait(Duration.ofSeconds(5)).until(d -> d.findElement(By.id("submit")).isEnabled());
        driver.findElement(By.id("submit")).click();
        wait(Duration.ofSeconds(5)).until(d -> "SUBMITTED".equals(d.findElement(By.id("eval-status"))
                .getDomAttribute("data-status")));
        JsonObject answered = evaluation();
        JsonObject dispute = answered.getJsonArray("disputeHistory").getJsonObject(0);
        assertThat(dispute.getString("reply")).isEqualTo("已重听,确有说明,已改为优秀");
        assertThat(driver.findElement(By.cssSelector("#disputes .dispute .reply")).getText())
                .contains("inspector", "已重听,确有说明,已改为优秀", num(dispute.getDouble("scoreBefore")),
                        num(dispute.getDouble("scoreAfter")));
        assertThat(driver.findElement(By.id("score")).getText()).isEqualTo(num(answered.getDouble("score")));
        screenshot("dispute-answered-en.png");
    }

    @Test
    @Order(10)
    void theKpisArePerTeamAndQueueAsTheServerGivesThem() throws Exception {
        driver.findElement(By.id("review-back")).click();
        driver.findElement(By.cssSelector("#tabs [data-tab='kpis']")).click();
        wait(Duration.ofSeconds(5)).until(d -> !d.findElements(By.cssSelector("#kpi-teams tr[data-team='team-service']"))
                .isEmpty());
        JsonObject k = new JsonObject(rest.get("/api/qa/kpis", inspector));
        JsonObject team = k.getJsonArray("teams").stream().map(JsonObject.class::cast)
                .filter(t -> t.getString("id").equals("team-service")).findFirst().orElseThrow();
        assertThat(team.getLong("submitted")).isEqualTo(1);
        assertThat(kpi("team", "team-service", "submitted")).isEqualTo("1");
        assertThat(kpi("team", "team-service", "averageScore")).isEqualTo(num(team.getDouble("averageScore")));
        assertThat(kpi("team", "team-service", "passRate")).isEqualTo(team.getDouble("passRate") == 1.0 ? "100.0%"
                : "0.0%");
        assertThat(driver.findElement(By.cssSelector("#kpi-teams tr[data-team='team-service'] td")).getText())
                .isEqualTo("Service team");
        assertThat(kpi("queue", "service", "submitted")).isEqualTo("1");
        assertThat(driver.findElement(By.id("kpi-passmark")).getText()).isEqualTo("Pass mark 80");
        screenshot("kpis-en.png");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private void login(String user, String password) {
        WebElement u = driver.findElement(By.id("username"));
        u.clear();
        u.sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login-button")).click();
    }

    private void type(String id, String value) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    private void search() {
        js("document.getElementById('results').replaceChildren()");
        driver.findElement(By.id("search-button")).click();
    }

    private JsonObject evaluation() {
        try {
            JsonArray list = new JsonObject(rest.get("/api/qa/evaluations?agent=1001", inspector))
                    .getJsonArray("evaluations");
            long id = list.stream().map(JsonObject.class::cast).filter(e -> CALL.equals(e.getString("callId")))
                    .findFirst().orElseThrow().getLong("id");
            return new JsonObject(rest.get("/api/qa/evaluations/" + id, inspector)).getJsonObject("evaluation");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<JsonObject> items(JsonObject ev) {
        return ev.getJsonArray("items").stream().map(JsonObject.class::cast).toList();
    }

    private static JsonObject item(JsonObject ev, String id) {
        return items(ev).stream().filter(i -> i.getString("id").equals(id)).findFirst().orElseThrow();
    }

    private WebElement item(String id) {
        return driver.findElement(By.cssSelector(".item[data-item='" + id + "']"));
    }

    private static String ratingLabel(JsonObject ev, String rating, String lang) {
        return ev.getJsonObject("formDefinition").getJsonArray("ratings").stream().map(JsonObject.class::cast)
                .filter(r -> r.getString("rating").equals(rating)).findFirst().orElseThrow()
                .getJsonObject("label").getString(lang);
    }

    /** Clicks what {@code css} selects once it is there (the form redraws after each save). */
    private void click(String css) {
        wait(Duration.ofSeconds(5)).until(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    /** The page shows scores as the server's numbers, at most two decimals, no trailing zeros. */
    private static String num(double score) {
        double r = Math.round(score * 100) / 100.0;
        return r == Math.rint(r) ? String.valueOf((long) r) : String.valueOf(r);
    }

    private List<String> eventTypes() {
        return driver.findElements(By.cssSelector("#events li")).stream().map(e -> e.getDomAttribute("data-type"))
                .toList();
    }

    private String eventText(String type) {
        return ((String) js("return document.querySelector(\"#events li[data-type='" + type + "']\").textContent"));
    }

    private String kpi(String kind, String id, String field) {
        return driver.findElement(By.cssSelector("#kpi-" + kind + "s tr[data-" + kind + "='" + id + "'] [data-field='"
                + field + "']")).getText();
    }

    private double attr(String selector, String name) {
        return Double.parseDouble(driver.findElement(By.cssSelector(selector)).getDomAttribute(name));
    }

    private double currentTime() {
        return number("return document.getElementById('audio').currentTime");
    }

    private static boolean between(double v, double lo, double hi) {
        return v >= lo && v <= hi;
    }

    /** HTTP statuses of the page's requests for the recording's audio, as the browser recorded them. */
    private List<Long> audioStatuses() {
        List<?> raw = (List<?>) js("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/audio?ticket=')).map(e => e.responseStatus)");
        return raw.stream().map(n -> ((Number) n).longValue()).toList();
    }

    /** {@code cti_recording_playback_requests_total{outcome=...}} as the server's /metrics says. */
    private double playbacks(String outcome) {
        Matcher m = Pattern.compile("cti_recording_playback_requests_total\\{outcome=\"" + outcome + "\",?\\} ([0-9.E]+)")
                .matcher(stack.server.meters().scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private List<AuditEntry> audit() throws Exception {
        return await(stack.server.store().auditLog(500));
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private double number(String script) {
        return ((Number) js(script)).doubleValue();
    }

    private WebDriverWait wait(Duration timeout) {
        WebDriverWait w = new WebDriverWait(driver, timeout);
        w.pollingEvery(Duration.ofMillis(50)).ignoring(StaleElementReferenceException.class);
        return w;
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SHOTS);
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
