package dev.cti.server.wallboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.CtiConfig;
import dev.cti.link.message.AgentRinging;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.MonitorEndReason;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.Originate;
import dev.cti.link.message.MonitorEnded;
import dev.cti.link.message.MonitorMode;
import dev.cti.link.message.MonitorModeChanged;
import dev.cti.link.message.MonitorStarted;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.PhoneUnregistered;
import dev.cti.link.message.SetMonitorMode;
import dev.cti.link.message.StartMonitor;
import dev.cti.link.message.StopMonitor;
import dev.cti.link.message.UnregisterReason;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.server.ServerMain;
import dev.cti.server.testing.HeadlessChromium;
import dev.cti.server.testing.RestCalls;
import dev.cti.server.testing.ScriptedServer;
import dev.cti.server.testing.ShiftableClock;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

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

import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Supervisor monitoring from the wallboard (issue 7) in a real browser (Debian's chromium, headless) against
 * the server as ServerMain starts it on the shipped configuration, with a scripted gateway on the CTI link:
 * the supervisor clicks Listen, Whisper and Stop on an agent's tile, the gateway receives the monitor
 * commands, and the tile follows the gateway's monitor events by push alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitorWallboardBrowserTest {
    private static final String AGENT = "1001";
    private static final String CALL = "call-m1";
    private static final String SUPERVISOR_SEAT = "9001";
    private static final Duration STEP = Duration.ofSeconds(5);
    private static final Path SHOTS = Path.of("target", "wallboard");

    private final ShiftableClock clock = new ShiftableClock();
    @TempDir
    static Path tmp;
    private ScriptedServer stack;
    private ScriptedGatewayPeer gateway;
    private WebDriver driver;
    private String base;
    private RestCalls rest;
    private String monitorId;

    @BeforeAll
    void start() throws Exception {
        HeadlessChromium.requireInstalled();
        CtiConfig shipped = ScriptedServer.shipped();
        // The shipped supervisor works from seat 9001: its phone is the one monitor calls ring.
        assertThat(shipped.users().stream().filter(u -> u.username().equals("supervisor")).findFirst()
                .flatMap(u -> u.agent())).contains(SUPERVISOR_SEAT);
        stack = ScriptedServer.start(shipped, clock, tmp.resolve("data"), "gw-monitor-wallboard");
        gateway = stack.gateway;
        base = stack.base;
        rest = new RestCalls(base);

        driver = HeadlessChromium.open(tmp);

        driver.get(base + "/wallboard/");
        wait(STEP).until(d -> d.findElement(By.id("username")).isDisplayed());
        driver.findElement(By.id("username")).sendKeys("supervisor");
        driver.findElement(By.id("password")).sendKeys("demo-supervisor");
        driver.findElement(By.id("login-button")).click();
        wait(Duration.ofSeconds(10)).until(d -> "live".equals(d.findElement(By.id("conn")).getDomAttribute("data-conn"))
                && !d.findElements(By.cssSelector(".tile[data-agent='" + AGENT + "']")).isEmpty());
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

    @Test
    @Order(1)
    void agentNotOnACallOffersNoMonitorButtons() throws Exception {
        String agent = rest.login(AGENT, "demo-" + AGENT);
        rest.post("/api/agents/" + AGENT + "/state", agent, "{\"state\":\"LOGGED_IN\"}", 200);
        rest.post("/api/agents/" + AGENT + "/state", agent, "{\"state\":\"READY\"}", 200);
        wait(STEP).until(d -> "READY".equals(tile(AGENT).getDomAttribute("data-state")));
        assertThat(monitorActions().isDisplayed()).isFalse();
        assertThat(tile(AGENT).findElements(By.className("monitor-badge"))).isEmpty();
    }

    @Test
    @Order(2)
    void agentOnACallOffersTheFourModesToTheSupervisor() {
        gateway.send(new PhoneRegistered(AGENT, "sip:" + AGENT + "@127.0.0.1:5070", 3600, clock.millis()));
        gateway.send(new PhoneRegistered(SUPERVISOR_SEAT, "sip:9001@127.0.0.1:5071", 3600, clock.millis()));
        gateway.send(new CallOffered(CALL, "service", "13812345678", "4008001000", "pbx", clock.millis()));
        DeliverToAgent delivery = gateway.await(DeliverToAgent.class, d -> d.callId().equals(CALL));
        assertThat(delivery.agentId()).isEqualTo(AGENT);
        gateway.send(new AgentRinging(CALL, AGENT, AGENT, clock.millis()));
        // Ringing is not a connected call yet: nothing to monitor.
        wait(STEP).until(d -> "RESERVED".equals(tile(AGENT).getDomAttribute("data-state")));
        assertThat(monitorActions().isDisplayed()).isFalse();
        gateway.send(new CallAnswered(CALL, AGENT, 3_000, clock.millis()));
        wait(STEP).until(d -> "ON_CALL".equals(tile(AGENT).getDomAttribute("data-state"))
                && monitorActions().isDisplayed());
        assertThat(buttonTexts()).containsExactly("Listen", "Whisper", "Barge", "Take over");
        assertThat(stopButton().isDisplayed()).isFalse();
    }

    @Test
    @Order(3)
    void takeOverAsksFirstAndSendsNothingWhenDeclined() {
        int before = gateway.received(StartMonitor.class).size();
        modeButton("takeover").click();
        wait(STEP).until(ExpectedConditions.alertIsPresent());
        assertThat(driver.switchTo().alert().getText()).contains("Take over the call of 张伟");
        driver.switchTo().alert().dismiss();
        assertThat(gateway.received(StartMonitor.class)).hasSize(before);
        assertThat(tile(AGENT).findElements(By.className("monitor-badge"))).isEmpty();
    }

    @Test
    @Order(4)
    void listenStartsAMonitorOnTheSupervisorsSeatAndTheBadgeFollowsTheGateway() throws Exception {
        modeButton("listen").click();
        StartMonitor start = gateway.await(StartMonitor.class, s -> s.callId().equals(CALL));
        assertThat(start.mode()).isEqualTo(MonitorMode.LISTEN);
        assertThat(start.supervisor()).isEqualTo("supervisor");
        assertThat(start.seatId()).isEqualTo(SUPERVISOR_SEAT);
        assertThat(start.extension()).isEqualTo(SUPERVISOR_SEAT);
        monitorId = start.monitorId();

        // While the supervisor's phone rings the session is "calling": it can be stopped, not switched.
        wait(STEP).until(d -> "calling".equals(badgeAttribute("data-state")));
        assertThat(stopButton().isDisplayed()).isTrue();
        assertThat(modeButton("whisper").isEnabled()).isFalse();

        gateway.send(new MonitorStarted(monitorId, CALL, "supervisor", AGENT, MonitorMode.LISTEN, clock.millis()));
        wait(STEP).until(d -> "active".equals(badgeAttribute("data-state")));
        WebElement badge = badge();
        assertThat(badge.getDomAttribute("data-mode")).isEqualTo("listen");
        assertThat(badge.getText()).isEqualTo("Listening · supervisor");
        assertThat(modeButton("listen").getDomAttribute("aria-pressed")).isEqualTo("true");
        assertThat(modeButton("whisper").isEnabled()).isTrue();

        // The server's view agrees with the tile.
        JsonObject monitors = new JsonObject(rest.get("/api/monitors", rest.login("supervisor", "demo-supervisor")));
        assertThat(monitors.getJsonArray("monitors").getJsonObject(0).getString("mode")).isEqualTo("listen");
        screenshot("monitor-listen-en.png");
    }

    @Test
    @Order(5)
    void whisperSwitchesTheRunningMonitorAndTheBadgeChangesWhenTheGatewayConfirms() throws Exception {
        // Hold the page's PUT until released: meanwhile every monitor button of the tile is disabled.
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript("""
                window.realFetch = window.fetch;
                window.putGate = new Promise((resolve) => { window.openPutGate = resolve; });
                window.fetch = (url, init) => init && init.method === 'PUT'
                    ? window.putGate.then(() => window.realFetch(url, init)) : window.realFetch(url, init);""");
        modeButton("whisper").click();
        wait(STEP).until(d -> tile(AGENT).findElements(By.cssSelector(".monitor-actions button")).stream()
                .filter(WebElement::isDisplayed).noneMatch(WebElement::isEnabled));
        assertThat(gateway.received(SetMonitorMode.class)).isEmpty();
        js.executeScript("window.openPutGate(); window.fetch = window.realFetch;");
        SetMonitorMode set = gateway.await(SetMonitorMode.class, s -> s.monitorId().equals(monitorId));
        assertThat(set.mode()).isEqualTo(MonitorMode.WHISPER);
        assertThat(set.callId()).isEqualTo(CALL);
        // Until the gateway confirms, the badge still says listen.
        assertThat(badgeAttribute("data-mode")).isEqualTo("listen");
        gateway.send(new MonitorModeChanged(monitorId, CALL, MonitorMode.WHISPER, clock.millis()));
        wait(STEP).until(d -> "whisper".equals(badgeAttribute("data-mode")));
        assertThat(badge().getText()).isEqualTo("Whispering · supervisor");
        assertThat(modeButton("whisper").getDomAttribute("aria-pressed")).isEqualTo("true");
    }

    @Test
    @Order(6)
    void chineseLabelsOnTheButtonsAndTheBadge() throws Exception {
        driver.findElement(By.id("lang-toggle")).click();
        wait(STEP).until(d -> badge().getText().equals("耳语中 · supervisor"));
        assertThat(buttonTexts()).containsExactly("监听", "耳语", "强插", "接管");
        assertThat(stopButton().getText()).isEqualTo("停止");
        screenshot("monitor-whisper-zh-CN.png");
        driver.findElement(By.id("lang-toggle")).click();
        wait(STEP).until(d -> badge().getText().equals("Whispering · supervisor"));
    }

    @Test
    @Order(7)
    void anotherSupervisorsMonitorIsShownWithoutItsButtons() {
        // Only one supervisor is configured: the page is handed a push shaped as the server sends it for a
        // session of someone else on the same call, to check what it draws for it.
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript("""
                onMessage({type: 'monitor', agentId: arguments[0], monitor: {monitorId: 'mon-other', callId: arguments[1],
                    agentId: arguments[0], supervisor: 'other', mode: 'barge', state: 'active', startedAt: Date.now(),
                    endReason: null}});""", AGENT, CALL);
        wait(STEP).until(d -> tile(AGENT).findElements(By.cssSelector(".monitor-badge[data-supervisor='other']"))
                .size() == 1);
        assertThat(tile(AGENT).findElement(By.cssSelector(".monitor-badge[data-supervisor='other']")).getText())
                .isEqualTo("Barged in · other");
        // The supervisor's own session keeps its buttons, and they act on it, not on the other one.
        assertThat(stopButton().isDisplayed()).isTrue();
        assertThat(modeButton("whisper").getDomAttribute("aria-pressed")).isEqualTo("true");
        js.executeScript("""
                onMessage({type: 'monitor', agentId: arguments[0], monitor: {monitorId: 'mon-other', callId: arguments[1],
                    agentId: arguments[0], supervisor: 'other', mode: 'barge', state: 'ended', startedAt: null,
                    endReason: 'stopped'}});""", AGENT, CALL);
        wait(STEP).until(d -> tile(AGENT).findElements(By.cssSelector(".monitor-badge[data-supervisor='other']"))
                .isEmpty());
    }

    @Test
    @Order(8)
    void aNewConnectionReadsTheRunningMonitorsAgain() {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        long before = ((Number) js.executeScript("return board.snapshots")).longValue();
        // The page forgets the session and the socket drops: only GET /api/monitors can bring it back.
        js.executeScript("Monitors.clear(); board.stream.ws.close(); board.agents.forEach(renderAgent)");
        assertThat(tile(AGENT).findElements(By.className("monitor-badge"))).isEmpty();
        wait(Duration.ofSeconds(10)).until(d -> ((Number) js.executeScript("return board.snapshots")).longValue() > before
                && "whisper".equals(badgeAttribute("data-mode")));
        assertThat(stopButton().isDisplayed()).isTrue();
    }

    @Test
    @Order(9)
    void stopEndsTheMonitorAndTheBadgeGoes() {
        stopButton().click();
        StopMonitor stop = gateway.await(StopMonitor.class, s -> s.monitorId().equals(monitorId));
        assertThat(stop.callId()).isEqualTo(CALL);
        gateway.send(new MonitorEnded(monitorId, CALL, MonitorEndReason.STOPPED, clock.millis()));
        wait(STEP).until(d -> d.findElements(By.cssSelector(".tile[data-agent='" + AGENT + "'] .monitor-badge"))
                .isEmpty());
        // The agent is still on the call: the supervisor may start again.
        assertThat(monitorActions().isDisplayed()).isTrue();
        assertThat(stopButton().isDisplayed()).isFalse();
        assertThat(modeButton("listen").isEnabled()).isTrue();
    }

    @Test
    @Order(10)
    void anUnregisteredSupervisorPhoneIsExplainedInTheAlertsPanel() throws Exception {
        int before = gateway.received(StartMonitor.class).size();
        gateway.send(new PhoneUnregistered(SUPERVISOR_SEAT, UnregisterReason.REMOVED, clock.millis()));
        // The server pushes the seat's phone state: once the page has it, the server has it too.
        JavascriptExecutor js = (JavascriptExecutor) driver;
        wait(STEP).until(d -> Boolean.FALSE.equals(js.executeScript("return board.phones.get(arguments[0])",
                SUPERVISOR_SEAT)));
        modeButton("listen").click();
        // found and read in one step of the wait: the panel is redrawn every second, so an element found in one call
        // can be stale in the next
        String alert = wait(STEP).until(d -> {
            var found = d.findElements(By.cssSelector("#alerts [data-alert='monitor']"));
            return found.isEmpty() ? null : found.get(0).getText();
        });
        assertThat(alert).isEqualTo(
                "Your phone is not registered: start your seat (bin/cti agent --id 9001 --user supervisor), then try again.");
        assertThat(gateway.received(StartMonitor.class)).hasSize(before);
        // The request is over: the buttons work again.
        wait(STEP).until(d -> modeButton("listen").isEnabled());
        driver.findElement(By.id("lang-toggle")).click();
        wait(STEP).until(d -> d.findElement(By.cssSelector("#alerts [data-alert='monitor']")).getText()
                .startsWith("您的话机未注册"));
        screenshot("monitor-no-phone-zh-CN.png");
        driver.findElement(By.id("lang-toggle")).click();
    }

    @Test
    @Order(11)
    void takeOverAfterConfirmingHandsTheCallToTheSupervisorAndLeavesNoButtons() throws Exception {
        gateway.send(new PhoneRegistered(SUPERVISOR_SEAT, "sip:9001@127.0.0.1:5071", 3600, clock.millis()));
        JavascriptExecutor js = (JavascriptExecutor) driver;
        wait(STEP).until(d -> Boolean.TRUE.equals(js.executeScript("return board.phones.get(arguments[0])",
                SUPERVISOR_SEAT)));
        int starts = gateway.received(StartMonitor.class).size();
        modeButton("listen").click();
        StartMonitor start = gateway.awaitCount(StartMonitor.class, starts + 1).get(starts);
        assertThat(start.mode()).isEqualTo(MonitorMode.LISTEN);
        gateway.send(new MonitorStarted(start.monitorId(), CALL, "supervisor", AGENT, MonitorMode.LISTEN,
                clock.millis()));
        wait(STEP).until(d -> "active".equals(badgeAttribute("data-state")) && modeButton("takeover").isEnabled());

        modeButton("takeover").click();
        wait(STEP).until(ExpectedConditions.alertIsPresent());
        driver.switchTo().alert().accept();
        SetMonitorMode set = gateway.await(SetMonitorMode.class, s -> s.monitorId().equals(start.monitorId()));
        assertThat(set.mode()).isEqualTo(MonitorMode.TAKEOVER);
        gateway.send(new MonitorModeChanged(start.monitorId(), CALL, MonitorMode.TAKEOVER, clock.millis()));
        // The agent is out of the call (wrap-up); the badge says who took it; take-over is final: no buttons.
        wait(STEP).until(d -> "takeover".equals(badgeAttribute("data-mode"))
                && "WRAP_UP".equals(tile(AGENT).getDomAttribute("data-state")));
        assertThat(badge().getText()).isEqualTo("Taken over · supervisor");
        assertThat(monitorActions().isDisplayed()).isFalse();
        // The call shows on the supervisor's seat now, no longer on the agent's tile.
        wait(STEP).until(d -> tile(SUPERVISOR_SEAT).findElement(By.className("call")).getText().startsWith("Talk")
                && tile(AGENT).findElement(By.className("call")).getText().isEmpty());
        screenshot("monitor-takeover-en.png");

        gateway.send(new MonitorEnded(start.monitorId(), CALL, MonitorEndReason.CALL_ENDED, clock.millis()));
        wait(STEP).until(d -> d.findElements(By.cssSelector(".tile[data-agent='" + AGENT + "'] .monitor-badge"))
                .isEmpty());
    }

    @Test
    @Order(12)
    void anAnsweredClickToDialCallIsMonitoredFromTheTileToo() throws Exception {
        String agent = "1002";
        String callId = "call-out-1";
        gateway.send(new PhoneRegistered(agent, "sip:1002@127.0.0.1:5072", 3600, clock.millis()));
        String token = rest.login(agent, "demo-" + agent);
        rest.post("/api/agents/" + agent + "/state", token, "{\"state\":\"LOGGED_IN\"}", 200);
        rest.post("/api/agents/" + agent + "/state", token, "{\"state\":\"READY\"}", 200);
        String requestId = new JsonObject(rest.post("/api/agents/" + agent + "/dial", token,
                "{\"number\":\"13812345678\"}", 202)).getString("requestId");
        assertThat(gateway.await(Originate.class, o -> o.requestId().equals(requestId)).agentId()).isEqualTo(agent);
        gateway.send(new OriginateProgress(requestId, callId, OriginateState.AGENT_RINGING, clock.millis()));
        gateway.send(new OriginateProgress(requestId, callId, OriginateState.DIALING, clock.millis()));
        // Still dialling the customer: nothing to monitor yet.
        wait(STEP).until(d -> "DIALING".equals(tile(agent).getDomAttribute("data-state")));
        assertThat(tile(agent).findElement(By.className("monitor-actions")).isDisplayed()).isFalse();
        gateway.send(new OriginateProgress(requestId, callId, OriginateState.CONNECTED, clock.millis()));
        wait(STEP).until(d -> "ON_CALL".equals(tile(agent).getDomAttribute("data-state"))
                && tile(agent).findElement(By.className("monitor-actions")).isDisplayed());
        // the call is pushed like a queue call: the tile shows its talk time
        wait(STEP).until(d -> tile(agent).findElement(By.className("call")).getText().startsWith("Talk"));

        int starts = gateway.received(StartMonitor.class).size();
        tile(agent).findElement(By.cssSelector(".monitor-actions .mon-mode[data-mode='listen']")).click();
        StartMonitor start = gateway.awaitCount(StartMonitor.class, starts + 1).get(starts);
        assertThat(start.callId()).as("the gateway's call id, not the dial request's").isEqualTo(callId);
        assertThat(start.mode()).isEqualTo(MonitorMode.LISTEN);
        gateway.send(new MonitorStarted(start.monitorId(), callId, "supervisor", agent, MonitorMode.LISTEN,
                clock.millis()));
        wait(STEP).until(d -> tile(agent).findElements(By.cssSelector(".monitor-badge[data-state='active']")).size() == 1);

        gateway.send(new MonitorEnded(start.monitorId(), callId, MonitorEndReason.CALL_ENDED, clock.millis()));
        gateway.send(new CallCleared(callId, ClearCause.CALLER_HANGUP, 0, 5_000, clock.millis()));
        wait(STEP).until(d -> tile(agent).findElements(By.className("monitor-badge")).isEmpty()
                && !tile(agent).findElement(By.className("monitor-actions")).isDisplayed()
                && tile(agent).findElement(By.className("call")).getText().isEmpty());
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private WebDriverWait wait(Duration timeout) {
        WebDriverWait w = new WebDriverWait(driver, timeout);
        w.pollingEvery(Duration.ofMillis(20)).ignoring(StaleElementReferenceException.class);
        return w;
    }

    private WebElement tile(String agentId) {
        return driver.findElement(By.cssSelector(".tile[data-agent='" + agentId + "']"));
    }

    private WebElement monitorActions() {
        return tile(AGENT).findElement(By.className("monitor-actions"));
    }

    private WebElement modeButton(String mode) {
        return tile(AGENT).findElement(By.cssSelector(".monitor-actions .mon-mode[data-mode='" + mode + "']"));
    }

    private WebElement stopButton() {
        return tile(AGENT).findElement(By.className("mon-stop"));
    }

    private List<String> buttonTexts() {
        return tile(AGENT).findElements(By.cssSelector(".monitor-actions .mon-mode")).stream()
                .map(WebElement::getText).toList();
    }

    private WebElement badge() {
        return tile(AGENT).findElement(By.className("monitor-badge"));
    }

    /** An attribute of the tile's one badge, or null while there is none. */
    private String badgeAttribute(String name) {
        List<WebElement> badges = tile(AGENT).findElements(By.className("monitor-badge"));
        assertThat(badges.size()).isLessThanOrEqualTo(1);
        return badges.isEmpty() ? null : badges.get(0).getDomAttribute(name);
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SHOTS);
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
