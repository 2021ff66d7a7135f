package dev.cti.server.wallboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.MonitorMode;
import dev.cti.link.message.MonitorStarted;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.StartMonitor;
import dev.cti.server.testing.HeadlessChromium;
import dev.cti.server.testing.RestCalls;
import dev.cti.server.testing.ScriptedServer;
import dev.cti.server.testing.ShiftableClock;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * "Ask for help" on the wallboard (issue 18) in headless chromium, against the server as ServerMain starts it on the
 * shipped configuration with a scripted gateway: agent 1001 on a call raises its hand through the API; the
 * supervisor's wallboard shows it by push alone (agent, call, waiting time growing); one click on Join sends the
 * monitor API's whisper (the gateway gets StartMonitor WHISPER for the supervisor's seat 9001) and the hand leaves
 * the list once the gateway reports the monitor started.
 */
class HelpWallboardBrowserTest {
    private static final Duration STEP = Duration.ofSeconds(10);

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
    void aRaisedHandShowsByPushAndOneClickJoinsInWhisper() throws Exception {
        HeadlessChromium.requireInstalled();
        ShiftableClock clock = new ShiftableClock();
        stack = ScriptedServer.start(ScriptedServer.shipped(), clock, tmp.resolve("data"), "gw-help");
        RestCalls rest = new RestCalls(stack.base);
        stack.gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5070", 3600, clock.millis()));
        stack.gateway.send(new PhoneRegistered("9001", "sip:9001@127.0.0.1:5071", 3600, clock.millis()));

        driver = HeadlessChromium.open(tmp);
        driver.get(stack.base + "/wallboard/");
        new WebDriverWait(driver, STEP).until(d -> d.findElement(By.id("username")).isDisplayed());
        driver.findElement(By.id("username")).sendKeys("supervisor");
        driver.findElement(By.id("password")).sendKeys("demo-supervisor");
        driver.findElement(By.id("login-button")).click();
        new WebDriverWait(driver, STEP).until(d -> "live".equals(d.findElement(By.id("conn"))
                .getDomAttribute("data-conn")) && !d.findElements(By.cssSelector("#help-hands li.none")).isEmpty());

        String agent = rest.login("1001", "demo-1001");
        rest.post("/api/agents/1001/state", agent, "{\"state\":\"LOGGED_IN\"}", 200);
        rest.post("/api/agents/1001/state", agent, "{\"state\":\"READY\"}", 200);
        stack.gateway.send(new CallOffered("c-help", "service", "13812345678", "4008001000", "pbx", clock.millis()));
        stack.gateway.await(DeliverToAgent.class, d -> d.callId().equals("c-help"));
        stack.gateway.send(new CallAnswered("c-help", "1001", 3000, clock.millis()));
        new WebDriverWait(driver, STEP).until(d -> "ON_CALL".equals(d.findElement(By.cssSelector(
                ".tile[data-agent='1001']")).getDomAttribute("data-state")));
        JsonObject hand = new JsonObject(rest.post("/api/agents/1001/help", agent, "{}", 201)).getJsonObject("hand");
        assertThat(hand.getString("callId")).isEqualTo("c-help");

        WebElement row = new WebDriverWait(driver, STEP).until(d -> d.findElements(
                By.cssSelector("#help-hands li.help-hand[data-agent='1001']")).stream().findFirst().orElse(null));
        assertThat(row.getText()).contains("张伟").contains("c-help");
        String firstWait = driver.findElement(By.cssSelector("#help-hands li.help-hand[data-agent='1001'] .wait"))
                .getText();
        new WebDriverWait(driver, STEP).until(d -> !d.findElement(By.cssSelector(
                "#help-hands li.help-hand[data-agent='1001'] .wait")).getText().equals(firstWait));
        Path shots = Path.of("target", "wallboard");
        Files.createDirectories(shots);
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(),
                shots.resolve("help-raised.png"), StandardCopyOption.REPLACE_EXISTING);

        driver.findElement(By.cssSelector("#help-hands li.help-hand[data-agent='1001'] .help-join")).click();
        StartMonitor start = stack.gateway.await(StartMonitor.class, s -> s.callId().equals("c-help"));
        assertThat(start.mode()).isEqualTo(MonitorMode.WHISPER);
        assertThat(start.seatId()).isEqualTo("9001");
        stack.gateway.send(new MonitorStarted(start.monitorId(), "c-help", "supervisor", "1001", MonitorMode.WHISPER,
                clock.millis()));
        new WebDriverWait(driver, STEP).until(d -> d.findElements(By.cssSelector("#help-hands li.help-hand")).isEmpty()
                && !d.findElements(By.cssSelector("#help-hands li.none")).isEmpty());
        assertThat(driver.findElement(By.cssSelector(".tile[data-agent='1001'] .monitor-badge")).getText())
                .isNotBlank();
    }
}
