package dev.cti.server.wallboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.CtiConfig;
import dev.cti.config.QueueConfig;
import dev.cti.link.message.Announce;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallInSurvey;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DtmfReceived;
import dev.cti.link.message.HangUp;
import dev.cti.link.message.Leg;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.PlayPrompts;
import dev.cti.link.message.PromptsPlayed;
import dev.cti.server.store.FollowUpStore;
import dev.cti.server.testing.HeadlessChromium;
import dev.cti.server.testing.RestCalls;
import dev.cti.server.testing.ScriptedServer;
import dev.cti.server.testing.ShiftableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The callbacks' own figures and customer satisfaction on the wallboard (issue 17) in headless chromium, against the
 * server as ServerMain starts it on the shipped configuration with a scripted gateway. Before anything happened the
 * service queue's panel shows the no-data dash for callbacks requested, completed, failed, the average time to
 * callback, satisfaction and the average rating. A caller waits 61 s, takes the callback offer and is hung up; the
 * agent gets ready, the callback is dialled through the agent and the customer answers 2 minutes after first
 * arriving (and the test's real seconds: the time is checked against the stored callback's); a customer sent to the
 * survey presses 4. By push alone the panel then shows 1 / 1 / 0, that time, 100.0 % (1 rated) and 4.0.
 */
class CallbackWallboardBrowserTest {
    private static final Duration STEP = Duration.ofSeconds(10);
    private static final String PANEL = "article.queue[data-queue='service'] ";

    @TempDir
    Path tmp;
    private ScriptedServer stack;
    private WebDriver driver;

    @AfterEach
    void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theCallbackFiguresAndSatisfactionShowNoDataThenTheExactNumbers() throws Exception {
        HeadlessChromium.requireInstalled();
        ShiftableClock clock = new ShiftableClock();
        CtiConfig shipped = ScriptedServer.shipped();
        stack = ScriptedServer.start(shipped, clock, tmp.resolve("data"), "gw-callbacks");
        QueueConfig service = shipped.queue("service").orElseThrow();
        RestCalls rest = new RestCalls(stack.base);
        stack.gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5070", 3600, clock.millis()));

        driver = HeadlessChromium.open(tmp);
        driver.get(stack.base + "/wallboard/");
        new WebDriverWait(driver, STEP).until(d -> d.findElement(By.id("username")).isDisplayed());
        driver.findElement(By.id("username")).sendKeys("supervisor");
        driver.findElement(By.id("password")).sendKeys("demo-supervisor");
        driver.findElement(By.id("login-button")).click();
        new WebDriverWait(driver, STEP).until(d -> "live".equals(d.findElement(By.id("conn"))
                .getDomAttribute("data-conn")) && text("callbacksRequested") != null);
        for (String field : List.of("callbacksRequested", "callbacksCompleted", "callbacksFailed", "callbackTime",
                "satisfaction", "averageRating")) {
            assertThat(text(field)).as(field + " before anything happened").isEqualTo("—");
        }
        assertThat(query("article.queue[data-queue='sales'] [data-field='callbacksRequested']"))
                .as("sales offers no callback").isNull();

        // a caller waits 61 s, takes the offer with the caller-ID number and is hung up
        stack.gateway.send(new CallOffered("c-b", "service", "13800000002", "4008001000", "pbx", clock.millis()));
        clock.advance(Duration.ofSeconds(61));
        stack.gateway.await(Announce.class, x -> x.callId().equals("c-b") && x.offersCallback());
        key("c-b", '1');
        stack.gateway.await(PlayPrompts.class, p -> p.callId().equals("c-b")
                && p.prompts().equals(List.of(service.callbackPrompt("number"))));
        key("c-b", '#');
        PlayPrompts confirmed = stack.gateway.await(PlayPrompts.class, p -> p.callId().equals("c-b")
                && p.prompts().equals(List.of(service.callbackPrompt("confirmed"))));
        stack.gateway.send(new PromptsPlayed("c-b", confirmed.playId(), clock.millis()));
        stack.gateway.await(HangUp.class, h -> h.callId().equals("c-b"));
        stack.gateway.send(new CallCleared("c-b", ClearCause.SERVER_HANGUP, 61_000, 0, clock.millis()));
        new WebDriverWait(driver, STEP).until(d -> "1".equals(text("callbacksRequested")));
        assertThat(text("callbacksCompleted")).isEqualTo("0");
        assertThat(text("callbackTime")).as("none answered yet").isEqualTo("—");

        // the agent gets ready: the callback is dialled through it; the customer answers 2 min after arriving
        String agent = rest.login("1001", "demo-1001");
        rest.post("/api/agents/1001/state", agent, "{\"state\":\"LOGGED_IN\"}", 200);
        rest.post("/api/agents/1001/state", agent, "{\"state\":\"READY\"}", 200);
        Originate dial = stack.gateway.await(Originate.class);
        assertThat(dial.number()).isEqualTo("13800000002");
        stack.gateway.send(new OriginateProgress(dial.requestId(), "cb-call", OriginateState.AGENT_RINGING,
                clock.millis()));
        stack.gateway.send(new OriginateProgress(dial.requestId(), "cb-call", OriginateState.DIALING, clock.millis()));
        clock.advance(Duration.ofSeconds(59));
        stack.gateway.send(new OriginateProgress(dial.requestId(), "cb-call", OriginateState.CONNECTED,
                clock.millis()));
        stack.gateway.send(new CallCleared("cb-call", ClearCause.CALLER_HANGUP, 0, 3_000, clock.millis()));
        new WebDriverWait(driver, STEP).until(d -> "1".equals(text("callbacksCompleted")));
        assertThat(text("callbacksRequested")).isEqualTo("1");
        assertThat(text("callbacksFailed")).isEqualTo("0");
        // the clock runs in real time besides the test's shifts: the exact time is the stored callback's
        FollowUpStore.Callback done = new FollowUpStore(stack.server.store()).recentCallbacks(1).toCompletionStage()
                .toCompletableFuture().get(10, TimeUnit.SECONDS).get(0);
        long seconds = Duration.between(done.dueAt(), done.finishedAt().orElseThrow()).toMillis() / 1000;
        assertThat(seconds).as("the two shifted minutes and the test's real seconds").isBetween(120L, 179L);
        String callbackTime = String.format("%d:%02d", seconds / 60, seconds % 60);
        assertThat(text("callbackTime")).isEqualTo(callbackTime);

        // a customer sent to the survey rates 4 (satisfied from 4 in the shipped configuration)
        stack.gateway.send(new CallInSurvey("c-s", "service", "1001", clock.millis()));
        stack.gateway.await(PlayPrompts.class, p -> p.callId().equals("c-s"));
        key("c-s", '4');
        new WebDriverWait(driver, STEP).until(d -> "100.0%".equals(text("satisfaction")));
        assertThat(text("averageRating")).isEqualTo("4.0");
        assertThat(query(PANEL + ".figure:has([data-field='satisfaction']) .sub")).isEqualTo("1 rated");

        // the same figures in Chinese
        driver.findElement(By.id("lang-toggle")).click();
        new WebDriverWait(driver, STEP).until(d -> "平均回拨时长".equals(query(PANEL
                + ".figure:has([data-field='callbackTime']) .label")));
        assertThat(text("callbackTime")).isEqualTo(callbackTime);
        Path shots = Path.of("target", "wallboard");
        Files.createDirectories(shots);
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(),
                shots.resolve("callback-figures.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private String text(String field) {
        return query(PANEL + "[data-field='" + field + "']");
    }

    /** In one script: the panels are rebuilt on every push, an element found first could be gone when read. */
    private String query(String selector) {
        return (String) ((JavascriptExecutor) driver).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", selector);
    }

    private void key(String callId, char digit) {
        stack.gateway.send(new DtmfReceived(callId, Leg.CALLER, String.valueOf(digit), System.currentTimeMillis()));
    }
}
