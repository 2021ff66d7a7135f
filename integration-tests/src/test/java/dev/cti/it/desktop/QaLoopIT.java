package dev.cti.it.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.agent.AudioSpec;
import dev.cti.gateway.sip.SipEndpoint;
import dev.cti.it.stack.Api;
import dev.cti.it.stack.Browser;
import dev.cti.it.stack.Caller;
import dev.cti.it.stack.DesktopSeat;
import dev.cti.it.stack.Stack;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 12's loop through the real stack: a customer (440 Hz) calls the service hotline through the trunk, agent
 * 1001's headless seat answers with its tone (880 Hz), the gateway records the call for real (encrypted, indexed on
 * the server over the CTI link); in headless chromium the QA inspector finds the call on the QA console by its
 * filters, plays it (the audio element's time advances; the server answers 206 to the ticket URL), opens the
 * evaluation, which shows the ratings the server proposed from the call's records with their evidence, accepts them,
 * overrides one, rates the rest and submits; then on the agent's desktop the evaluation is there, its recording plays
 * (the site lets agents hear their own calls here: the seat relays the audio) and the agent acknowledges it.
 * Screenshots: {@code target/qa-loop-*.png}.
 */
class QaLoopIT {
    private static final Duration T = Duration.ofSeconds(20);
    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1);
    private Stack stack;
    private DesktopSeat agent;
    private WebDriver driver;

    @AfterEach
    void stop() throws Exception {
        if (driver != null) driver.quit();
        if (agent != null) agent.close();
        if (stack != null) stack.close();
        ticker.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRecordedCallIsFoundPlayedScoredAndAcknowledgedOnTheDesktop() throws Exception {
        Browser.requireInstalled();
        stack = Stack.start(dir, Map.of(), Map.of("agentsHearOwnCalls: false", "agentsHearOwnCalls: true"),
                SipEndpoint.Options.defaults());
        agent = DesktopSeat.start(stack, "1001", vertx, ticker, new AudioSpec("tone:880", "discard"), 300);
        assertThat(agent.seat().execute("ready").get(10, TimeUnit.SECONDS).getString("event")).isEqualTo("ok");

        // the call: answered by the seat after 300 ms, three seconds of both tones, the customer hangs up
        Caller caller = stack.caller("13812345678", 440);
        caller.dial("4008001000");
        String callId = agent.events().await("state", e -> "ON_CALL".equals(e.getString("state"))
                && e.getString("callId") != null, T).getString("callId");
        agent.events().await("answered", T);
        int from = caller.recorded();
        org.awaitility.Awaitility.await("three seconds of the call").atMost(T)
                .until(() -> caller.recorded() - from >= 3 * 8000);
        caller.hangup();
        agent.events().awaitState("WRAP_UP", T);
        assertThat(agent.seat().execute("wrapup resolved").get(10, TimeUnit.SECONDS).getString("event")).isEqualTo("ok");

        // the gateway's recording, indexed on the server with the call's CDR
        Api inspectorApi = stack.api("inspector");
        JsonObject rec = org.awaitility.Awaitility.await("the recording indexed").atMost(T)
                .pollInterval(Duration.ofMillis(200)).until(() -> recordingOf(inspectorApi, callId), r -> r != null
                        && "COMPLETE".equals(r.getString("status")) && r.getJsonObject("call") != null);
        assertThat(rec.getLong("durationMillis")).isGreaterThanOrEqualTo(2_500);
        String recordingId = rec.getString("id");

        // ---- the QA console ----
        driver = Browser.open(dir);
        String base = "http://127.0.0.1:" + stack.config().network().server().httpPort();
        driver.get(base + "/qa/");
        waitFor(() -> driver.findElement(By.id("username")).isDisplayed());
        driver.findElement(By.id("username")).sendKeys("inspector");
        driver.findElement(By.id("password")).sendKeys("demo-inspector");
        driver.findElement(By.id("login-button")).click();
        waitFor(() -> driver.findElement(By.id("console")).isDisplayed());
        click("#tabs [data-tab='search']");
        new Select(driver.findElement(By.id("f-queue"))).selectByValue("service");
        new Select(driver.findElement(By.id("f-agent"))).selectByValue("1001");
        new Select(driver.findElement(By.id("f-outcome"))).selectByValue("ANSWERED");
        new Select(driver.findElement(By.id("f-wrapup"))).selectByValue("resolved");
        click("#search-button");
        String row = "#results tr[data-recording='" + recordingId + "']";
        waitFor(() -> "138****5678".equals(driver.findElement(By.cssSelector(row + " .party")).getText()));
        click(row + " button.open");
        waitFor(() -> !driver.findElements(By.cssSelector("#events li[data-type='answered']")).isEmpty());

        double partialBefore = playbacks("partial");
        click("#play");
        waitFor(() -> number("return document.getElementById('audio').currentTime") > 1.0);
        assertThat((String) js("return document.getElementById('audio').src")).contains("/audio?ticket=");
        waitFor(() -> !statuses("/audio?ticket=").isEmpty());
        assertThat(statuses("/audio?ticket=")).allSatisfy(s -> assertThat(s).isEqualTo(206L));
        waitFor(() -> playbacks("partial") > partialBefore);
        click("#play"); // pause

        // the evaluation, opened here: the server's proposals with their evidence beside each item
        click("#eval-open");
        waitFor(() -> !driver.findElements(By.cssSelector("#sections .item")).isEmpty());
        JsonObject ev = evaluationOf(inspectorApi, callId);
        String lang = (String) js("return document.documentElement.lang");
        int proposals = 0;
        for (JsonObject item : items(ev)) {
            if (item.getString("proposed") == null) continue;
            proposals++;
            String css = ".item[data-item='" + item.getString("id") + "']";
            assertThat(driver.findElement(By.cssSelector(css + " button.rate.proposed")).getDomAttribute("data-rating"))
                    .isEqualTo(item.getString("proposed"));
            assertThat(driver.findElement(By.cssSelector(css + " .evidence")).getText())
                    .isEqualTo(item.getJsonObject("evidence").getJsonObject("text").getString(lang));
        }
        assertThat(proposals).as(ev.encodePrettily()).isGreaterThanOrEqualTo(4);
        assertThat(item(ev, "greeting").getString("proposed")).as("answered on the first ring, the greeting shown")
                .isEqualTo("excellent");
        screenshot("qa-loop-form.png");

        click("#accept-all");
        waitFor(() -> items(evaluationOf(inspectorApi, callId)).stream()
                .allMatch(i -> i.getString("proposed") == null || i.getString("rating") != null));
        click(".item[data-item='greeting'] button.rate[data-rating='good']");
        waitFor(() -> "true".equals(driver.findElement(By.cssSelector(".item[data-item='greeting']"))
                .getDomAttribute("data-overridden")));
        for (JsonObject i : items(evaluationOf(inspectorApi, callId))) {
            if (i.getString("rating") == null) {
                String css = ".item[data-item='" + i.getString("id") + "']";
                click(css + " button.rate[data-rating='good']");
                waitFor(() -> "good".equals(driver.findElement(By.cssSelector(css)).getDomAttribute("data-rating")));
            }
        }
        waitFor(() -> driver.findElement(By.id("submit")).isEnabled());
        click("#submit");
        waitFor(() -> "SUBMITTED".equals(driver.findElement(By.id("eval-status")).getDomAttribute("data-status")));
        JsonObject submitted = evaluationOf(inspectorApi, callId);
        assertThat(item(submitted, "greeting").getString("rating")).isEqualTo("good");
        assertThat(item(submitted, "greeting").getBoolean("overridden")).isTrue();
        assertThat(driver.findElement(By.id("score")).getText()).isEqualTo(num(submitted.getDouble("score")));
        screenshot("qa-loop-submitted.png");

        // ---- the agent's desktop ----
        long id = submitted.getLong("id");
        driver.get(agent.url());
        String mine = "#evals tr[data-evaluation='" + id + "']";
        waitFor(() -> "SUBMITTED".equals(driver.findElement(By.cssSelector(mine)).getDomAttribute("data-status")));
        click(mine);
        waitFor(() -> driver.findElement(By.id("ev-play")).isDisplayed());
        assertThat(driver.findElement(By.id("ev-score")).getText()).isEqualTo(num(submitted.getDouble("score")));
        click("#ev-play");
        waitFor(() -> number("return document.getElementById('ev-audio').currentTime") > 1.0);
        // the page plays from its own desktop server, which relays the server's 206 answers
        assertThat((String) js("return document.getElementById('ev-audio').src")).contains("/audio/")
                .doesNotContain("ticket");
        waitFor(() -> !statuses("/audio/").isEmpty());
        assertThat(statuses("/audio/")).allSatisfy(s -> assertThat(s).isEqualTo(206L));
        screenshot("qa-loop-desktop.png");
        click("#ev-ack");
        waitFor(() -> "ACKNOWLEDGED".equals(driver.findElement(By.id("eval-detail")).getDomAttribute("data-status")));
        assertThat(evaluationOf(inspectorApi, callId).getString("status")).isEqualTo("ACKNOWLEDGED");

        // both playbacks audited once each, by ticket; nobody downloaded with a bearer token
        JsonArray audit = new JsonArray(stack.server().store().auditLog(500).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS).stream().map(a -> a.actor() + " " + a.action()).toList());
        assertThat(audit.getList()).contains("inspector recording-play", "1001 recording-play")
                .doesNotContain("inspector recording-download", "1001 recording-download");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static JsonObject recordingOf(Api api, String callId) throws Exception {
        Api.Reply r = api.get("/api/recordings?agent=1001");
        if (r.status() != 200) throw new AssertionError(r.toString());
        return r.body().getJsonArray("recordings").stream().map(JsonObject.class::cast)
                .filter(x -> callId.equals(x.getString("callId"))).findFirst().orElse(null);
    }

    private static JsonObject evaluationOf(Api api, String callId) throws Exception {
        JsonObject list = api.get("/api/qa/evaluations?agent=1001").body();
        long id = list.getJsonArray("evaluations").stream().map(JsonObject.class::cast)
                .filter(e -> callId.equals(e.getString("callId"))).findFirst().orElseThrow().getLong("id");
        return api.get("/api/qa/evaluations/" + id).body().getJsonObject("evaluation");
    }

    private static List<JsonObject> items(JsonObject ev) {
        return ev.getJsonArray("items").stream().map(JsonObject.class::cast).toList();
    }

    private static JsonObject item(JsonObject ev, String id) {
        return items(ev).stream().filter(i -> i.getString("id").equals(id)).findFirst().orElseThrow();
    }

    private static String num(double score) {
        double r = Math.round(score * 100) / 100.0;
        return r == Math.rint(r) ? String.valueOf((long) r) : String.valueOf(r);
    }

    /** Statuses of the page's requests whose URL contains {@code part}, as the browser recorded them. */
    private List<Long> statuses(String part) {
        List<?> raw = (List<?>) js("return performance.getEntriesByType('resource').filter(e => e.name.includes("
                + "arguments[0])).map(e => e.responseStatus)", part);
        return raw.stream().map(n -> ((Number) n).longValue()).toList();
    }

    private double playbacks(String outcome) {
        Matcher m = Pattern.compile("cti_recording_playback_requests_total\\{outcome=\"" + outcome + "\",?\\} ([0-9.E]+)")
                .matcher(stack.server().meters().scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private double number(String script) {
        return ((Number) js(script)).doubleValue();
    }

    private void click(String css) {
        waitFor(() -> {
            driver.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private void waitFor(Check check) {
        try {
            new WebDriverWait(driver, T).ignoring(StaleElementReferenceException.class).until(d -> {
                try {
                    return check.ok();
                } catch (Exception e) {
                    return false;
                }
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            String page = driver.findElement(By.tagName("body")).getText();
            try {
                screenshot("qa-loop-failure.png");
            } catch (Exception ignored) {
                // the message below is what matters
            }
            throw new AssertionError("the page did not get there; it shows:\n" + page, e);
        }
    }

    private void screenshot(String name) throws Exception {
        Path target = Path.of("target");
        Files.createDirectories(target);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
