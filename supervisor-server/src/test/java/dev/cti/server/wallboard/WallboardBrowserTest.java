package dev.cti.server.wallboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.link.message.AgentRinging;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.DiskState;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.RecordingDiskStatus;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.server.ServerMain;
import dev.cti.server.testing.HeadlessChromium;
import dev.cti.server.testing.RestCalls;
import dev.cti.server.testing.ScriptedServer;
import dev.cti.server.testing.ShiftableClock;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import java.util.concurrent.TimeUnit;
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

import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The wallboard in a real browser (Debian's chromium, headless) against the server as ServerMain starts it
 * on the shipped configuration, with a scripted gateway on the CTI link: the supervisor logs in through the
 * page, and what agents and calls do shows up on it by push alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WallboardBrowserTest {
    private static final Duration PUSH_DEADLINE = Duration.ofSeconds(1);
    private static final Path SHOTS = Path.of("target", "wallboard");

    private final ShiftableClock clock = new ShiftableClock();
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    static Path tmp;
    private ScriptedServer stack;
    private ScriptedGatewayPeer gateway;
    private WebDriver driver;
    private String base;
    private RestCalls rest;
    private String supervisorToken;

    @BeforeAll
    void start() throws Exception {
        HeadlessChromium.requireInstalled();
        stack = ScriptedServer.start(ScriptedServer.shipped(), clock, tmp.resolve("data"), "gw-wallboard");
        gateway = stack.gateway;
        base = stack.base;
        rest = new RestCalls(base);

        driver = HeadlessChromium.open(tmp);

        // the front door: one login at /, then the supervisor's page, the wallboard
        driver.get(base + "/");
        wait(Duration.ofSeconds(5)).until(d -> d.findElement(By.id("username")).isDisplayed());
        assertThat(driver.getCurrentUrl()).endsWith("/home/");
        driver.findElement(By.id("username")).sendKeys("supervisor");
        driver.findElement(By.id("password")).sendKeys("demo-supervisor");
        driver.findElement(By.id("login-button")).click();
        // six agents and the supervisor's own seat (9001)
        wait(Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().endsWith("/wallboard/") && "live".equals(d.findElement(By.id("conn")).getDomAttribute("data-conn"))
                && d.findElements(By.cssSelector(".tile[data-agent]")).size() == 7
                && !d.findElements(By.cssSelector(".queue[data-queue='service']")).isEmpty());
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
    void loginShowsEveryAgentLoggedOutAndBothQueues() throws Exception {
        assertThat(driver.findElement(By.id("who")).getText()).contains("Supervisor");
        // The site's labels and compliance timers were read at login.
        JsonObject site = new JsonObject(rest.get("/api/site", supervisorToken()));
        assertThat(driver.findElement(By.id("company")).getText()).isEqualTo(site.getJsonObject("company").getString("en"));
        assertThat(holdThresholdsOnThePage())
                .isEqualTo(site.getJsonObject("compliance").getJsonArray("holdThresholdsSeconds").getList());
        assertThat(tileState("1001")).isEqualTo("LOGGED_OUT");
        assertThat(tile("1001").findElement(By.className("name")).getText()).isEqualTo("张伟");
        assertThat(tile("1001").findElement(By.className("work")).getText()).isEqualTo("#1001");
        assertThat(text(".queue[data-queue='sales'] h2")).isEqualTo("Sales line");
        // A logged-out agent cannot be forced: its actions are hidden.
        assertThat(tile("1001").findElement(By.className("actions")).isDisplayed()).isFalse();
    }

    @Test
    @Order(2)
    void agentStateChangeReachesTheTileWithinOneSecond() throws Exception {
        String agent = rest.login("1001", "demo-1001");
        rest.post("/api/agents/1001/state", agent, "{\"state\":\"LOGGED_IN\"}", 200);
        wait(PUSH_DEADLINE).until(d -> "NOT_READY".equals(tileState("1001")));
        assertThat(tile("1001").findElement(By.className("reason")).getText()).isEqualTo("Just logged in");

        rest.post("/api/agents/1001/state", agent, "{\"state\":\"READY\"}", 200);
        long sent = System.nanoTime();
        wait(PUSH_DEADLINE).until(d -> "READY".equals(tileState("1001")));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
        System.out.printf("wallboard: REST READY -> tile READY in %d ms%n", millis);
        assertThat(millis).isLessThan(PUSH_DEADLINE.toMillis());
        assertThat(tile("1001").findElement(By.className("state")).getText()).isEqualTo("Ready");
        // Time in state ticks in the page between pushes.
        wait(Duration.ofSeconds(3)).until(d -> !tile("1001").findElement(By.className("since")).getText()
                .equals("0:00"));
    }

    @Test
    @Order(3)
    void queuedCallShowsInTheQueueWaitingCount() {
        gateway.send(new CallOffered("call-w1", "service", "13812345678", "4008001000", "pbx", clock.millis()));
        // The queue figures are pushed every second.
        wait(Duration.ofSeconds(3)).until(d -> "1".equals(queueField("service", "waiting")));
        assertThat(queueField("sales", "waiting")).isEqualTo("0");
    }

    @Test
    @Order(4)
    void forceNotReadyFromTheTileChangesTheAgentsState() throws Exception {
        String agent = rest.login("1002", "demo-1002");
        rest.post("/api/agents/1002/state", agent, "{\"state\":\"LOGGED_IN\"}", 200);
        rest.post("/api/agents/1002/state", agent, "{\"state\":\"READY\"}", 200);
        wait(PUSH_DEADLINE).until(d -> "READY".equals(tileState("1002")));

        // Without a reason chosen, the server records the supervisor's default reason.
        WebElement picker = openReasonPicker("1002");
        picker.findElement(By.className("reason-default")).click();
        wait(Duration.ofSeconds(3)).until(d -> "NOT_READY".equals(tileState("1002")));
        assertThat(picker.isDisplayed()).isFalse();
        JsonObject state = new JsonObject(rest.get("/api/agents/1002", agent));
        assertThat(state.getString("state")).isEqualTo("NOT_READY");
        assertThat(state.getString("reason")).isEqualTo("system.forced");
        assertThat(tile("1002").findElement(By.className("reason")).getText()).isEqualTo("Set by supervisor");

        tile("1002").findElement(By.className("act-ready")).click();
        wait(Duration.ofSeconds(3)).until(d -> "READY".equals(tileState("1002")));
        picker = openReasonPicker("1002");
        screenshot("reason-picker-en.png");
        picker.findElement(By.cssSelector("[data-reason='meal']")).click();
        wait(Duration.ofSeconds(3)).until(d -> "NOT_READY".equals(tileState("1002")));
        state = new JsonObject(rest.get("/api/agents/1002", agent));
        assertThat(state.getString("state")).isEqualTo("NOT_READY");
        assertThat(state.getString("reason")).isEqualTo("meal");
        assertThat(tile("1002").findElement(By.className("reason")).getText()).isEqualTo("Meal");

        driver.findElement(By.id("lang-toggle")).click();
        wait(Duration.ofSeconds(2)).until(d -> "用餐".equals(tile("1002").findElement(By.className("reason")).getText()));
        driver.findElement(By.id("lang-toggle")).click();
        wait(Duration.ofSeconds(2)).until(d -> "Meal".equals(tile("1002").findElement(By.className("reason")).getText()));
    }

    /** Clicks a tile's not-ready button: the picker offers every configured reason by its label, then the default. */
    private WebElement openReasonPicker(String agentId) throws Exception {
        WebElement button = tile(agentId).findElement(By.className("act-not-ready"));
        assertThat(button.getText()).isEqualTo("Not ready");
        button.click();
        WebElement picker = tile(agentId).findElement(By.className("reason-picker"));
        wait(Duration.ofSeconds(2)).until(d -> picker.isDisplayed());
        JsonArray configured = new JsonObject(rest.get("/api/site", supervisorToken())).getJsonArray("notReadyReasons");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            expected.add(configured.getJsonObject(i).getJsonObject("label").getString("en"));
        }
        expected.add("Set by supervisor");
        assertThat(expected).contains("Break", "Meal");
        assertThat(picker.findElements(By.tagName("button")).stream().map(WebElement::getText))
                .containsExactlyElementsOf(expected);
        return picker;
    }

    @Test
    @Order(5)
    void callOnATileShowsTalkRingsAndAHoldTimerColouredByThreshold() throws Exception {
        String agent = rest.login("2001", "demo-2001");
        gateway.send(new PhoneRegistered("2001", "sip:2001@127.0.0.1:5070", 3600, clock.millis()));
        rest.post("/api/agents/2001/state", agent, "{\"state\":\"LOGGED_IN\"}", 200);
        rest.post("/api/agents/2001/state", agent, "{\"state\":\"READY\"}", 200);
        gateway.send(new CallOffered("call-s1", "sales", "13987654321", "4008002000", "pbx", clock.millis()));
        DeliverToAgent delivery = gateway.await(DeliverToAgent.class, d -> d.callId().equals("call-s1"));
        assertThat(delivery.agentId()).isEqualTo("2001");
        gateway.send(new AgentRinging("call-s1", "2001", "2001", clock.millis()));
        wait(Duration.ofSeconds(3)).until(d -> "RESERVED".equals(tileState("2001")));
        gateway.send(new CallAnswered("call-s1", "2001", 7_000, clock.millis()));
        wait(Duration.ofSeconds(3)).until(d -> "ON_CALL".equals(tileState("2001"))
                && tile("2001").findElement(By.className("rings")).getText().equals("Rings 2"));
        gateway.send(new CallHeld("call-s1", "2001", clock.millis()));
        wait(Duration.ofSeconds(3)).until(d -> "0".equals(holdLevel("2001")));
        assertThat(tile("2001").findElement(By.className("hold")).getText()).startsWith("Hold 0:0");
        // Two rings is within the configured three: not coloured late.
        assertThat(tile("2001").findElement(By.className("rings")).getDomAttribute("class")).isEqualTo("rings");

        // 65 s later by the server's clock: past the 10 s and 60 s thresholds, and the queued service call
        // has waited past its 20 s service-level threshold.
        clock.advance(Duration.ofSeconds(65));
        wait(Duration.ofSeconds(3)).until(d -> "2".equals(holdLevel("2001")));
        wait(Duration.ofSeconds(3)).until(d -> !d.findElements(By.cssSelector("#alerts [data-alert='oldestWait']"))
                .isEmpty());
        assertThat(driver.findElements(By.cssSelector("#alerts [data-alert='hold']"))).isEmpty();
        clock.advance(Duration.ofSeconds(60));
        wait(Duration.ofSeconds(3)).until(d -> "3".equals(holdLevel("2001"))
                && !d.findElements(By.cssSelector("#alerts [data-alert='hold']")).isEmpty());
        assertThat(text("#alerts [data-alert='hold']")).contains("Emily Chen").contains("2:0");

        // The answered call counts in the sales queue's day figures, under all four definitions.
        wait(Duration.ofSeconds(3)).until(d -> "100.0%".equals(
                text("#defs tr[data-queue='sales'] [data-field='serviceLevelConnect']")));
        assertThat(queueField("sales", "serviceLevel")).isEqualTo("100.0%");
        assertThat(queueField("sales", "agentsOnCall")).isEqualTo("1");
        screenshot("wallboard-en.png");
    }

    @Test
    @Order(6)
    void languageToggleSwitchesEveryStringToChinese() throws Exception {
        driver.findElement(By.id("lang-toggle")).click();
        wait(Duration.ofSeconds(2)).until(d -> d.findElement(By.cssSelector("header.top h1")).getText()
                .equals("呼叫中心监控大屏"));
        assertThat(tile("2001").findElement(By.className("state")).getText()).isEqualTo("通话中");
        assertThat(text(".queue[data-queue='sales'] h2")).isEqualTo("销售热线");
        assertThat(driver.findElement(By.id("conn")).getText()).isEqualTo("实时");
        assertThat(driver.findElement(By.id("lang-toggle")).getText()).isEqualTo("English");
        assertThat(driver.findElement(By.id("company")).getText()).isEqualTo(
                new JsonObject(rest.get("/api/site", supervisorToken())).getJsonObject("company").getString("zh-CN"));
        assertThat(tile("1002").findElement(By.className("reason")).getText()).isEqualTo("用餐");
        screenshot("wallboard-zh-CN.png");
        driver.findElement(By.id("lang-toggle")).click();
        wait(Duration.ofSeconds(2)).until(d -> d.findElement(By.id("conn")).getText().equals("Live"));
    }

    @Test
    @Order(6)
    void qaPassRateAndAverageScoreShowPerQueueWhenAnEvaluationIsSubmitted() throws Exception {
        assertThat(queueField("service", "qaPassRate")).isEqualTo("—");
        // an answered service-line call of agent 1001, scored all "good" (80: the pass mark) by the QA inspector
        Instant t = clock.instant().minusSeconds(600);
        var server = stack.server;
        server.store().recordCall(new dev.cti.server.store.CallRecord("wb-qa-1",
                dev.cti.server.store.CallRecord.Direction.INBOUND, java.util.Optional.of("service"),
                java.util.Optional.of("13800000009"), java.util.Optional.empty(), java.util.Optional.of("1001"),
                dev.cti.server.store.CallRecord.Outcome.ANSWERED, Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(90), Duration.ZERO, Duration.ZERO, java.util.Optional.empty(),
                java.util.Optional.empty(), t, java.util.Optional.of(t.plusSeconds(6)),
                java.util.Optional.of(t.plusSeconds(96)))).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        var inspector = ScriptedServer.shipped().user("inspector").orElseThrow();
        var who = new dev.cti.server.auth.Principal(inspector.username(), inspector.displayName(), inspector.role(),
                inspector.agent(), inspector.teams());
        var qa = server.qa().service();
        long id = qa.open(who, "wb-qa-1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .scored().evaluation().id();
        var all = ScriptedServer.shipped().qa().form("inbound").orElseThrow().items().stream()
                .map(i -> new dev.cti.server.qa.Edit.ItemChange(i.id(),
                        java.util.Optional.of(dev.cti.config.QaConfig.Rating.GOOD), false, false,
                        java.util.Optional.empty())).toList();
        qa.save(who, id, new dev.cti.server.qa.Edit(all, false, java.util.Optional.empty(), java.util.Optional.empty()))
                .compose(x -> qa.submit(who, id, java.util.Optional.empty()))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        // the qa push reaches the panel
        wait(Duration.ofSeconds(5)).until(d -> queueField("service", "qaPassRate").equals("100.0%"));
        assertThat(queueField("service", "qaAverageScore")).isEqualTo("80.0");
        assertThat(queueField("sales", "qaPassRate")).isEqualTo("—");
    }

    @Test
    @Order(7)
    void recordingDiskUnderItsFloorIsAnAlertUntilItIsBackAbove() throws Exception {
        String alert = "#alerts [data-alert='recordingDisk']";
        assertThat(driver.findElements(By.cssSelector(alert))).isEmpty();
        gateway.send(new RecordingDiskStatus(DiskState.BELOW_FLOOR, 512L << 20, 1024L << 20, clock.millis()));
        wait(PUSH_DEADLINE).until(d -> !d.findElements(By.cssSelector(alert)).isEmpty());
        assertThat(text(alert)).contains("512 MB free").contains("floor 1024 MB").contains("NOT recorded");
        // a page that (re)connects reads the last report: the alert stays
        JavascriptExecutor js = (JavascriptExecutor) driver;
        long before = ((Number) js.executeScript("return board.snapshots")).longValue();
        js.executeScript("board.recordingDisk = null; board.stream.ws.close()");
        wait(Duration.ofSeconds(5)).until(d -> ((Number) js.executeScript("return board.snapshots")).longValue() > before
                && !d.findElements(By.cssSelector(alert)).isEmpty());
        gateway.send(new RecordingDiskStatus(DiskState.OK, 2048L << 20, 1024L << 20, clock.millis()));
        wait(PUSH_DEADLINE).until(d -> d.findElements(By.cssSelector(alert)).isEmpty());
    }

    @Test
    @Order(8)
    void droppedSocketReconnectsAndCatchesUpFromTheNewSnapshot() throws Exception {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        long before = ((Number) js.executeScript("return board.snapshots")).longValue();
        // Forget what /api/site said: the new connection must read it again.
        js.executeScript("board.site = null; board.holdThresholds = []; board.stream.ws.close()");
        wait(Duration.ofSeconds(2)).until(d -> !"live".equals(d.findElement(By.id("conn")).getDomAttribute("data-conn")));
        assertThat(driver.findElement(By.id("conn")).getText()).matches("Reconnecting in \\d+ s|Connecting…");
        // A change made while the page is not listening arrives with the next connection's snapshot.
        String agent = rest.login("1003", "demo-1003");
        rest.post("/api/agents/1003/state", agent, "{\"state\":\"LOGGED_IN\"}", 200);
        wait(Duration.ofSeconds(5)).until(d -> "live".equals(d.findElement(By.id("conn")).getDomAttribute("data-conn"))
                && ((Number) js.executeScript("return board.snapshots")).longValue() > before
                && "NOT_READY".equals(tileState("1003")));
        // The queue figures and calls were fetched again: the held call and the waiting call are still shown.
        assertThat(queueField("service", "waiting")).isEqualTo("1");
        assertThat(tile("2001").findElement(By.className("hold")).getDomAttribute("data-level")).isEqualTo("3");
        assertThat(holdThresholdsOnThePage()).containsExactly(10, 60, 120);
        assertThat(tile("1003").findElement(By.className("reason")).getText()).isEqualTo("Just logged in");
        wait(Duration.ofSeconds(2)).until(d -> "Meal".equals(tile("1002").findElement(By.className("reason")).getText()));
    }

    @Test
    @Order(9)
    void aRegistrarLockoutIsAnAlertUntilItEnds() throws Exception {
        long now = clock.millis();
        gateway.send(new dev.cti.link.message.RegistrationLockout("1001", 5, "192.0.2.10", now + 900_000, now));
        wait(PUSH_DEADLINE).until(d -> !d.findElements(By.cssSelector("#alerts [data-alert='sipLockout']")).isEmpty());
        assertThat(text("#alerts [data-alert='sipLockout']")).contains("1001").contains("张伟").contains("5");
        screenshot("sip-lockout.png");
        clock.advance(Duration.ofMinutes(16)); // the next push carries the server's time: the lockout is over
        wait(Duration.ofSeconds(3)).until(d -> d.findElements(By.cssSelector("#alerts [data-alert='sipLockout']"))
                .isEmpty());
    }

    @Test
    @Order(9)
    void aRecordTheStoreLostIsAnAlertThatAReconnectingPageStillShows() throws Exception {
        String alert = "#alerts [data-alert='store']";
        assertThat(driver.findElements(By.cssSelector(alert))).isEmpty();
        // a record nobody waits for fails for good (not a full queue: no retry), through the store's real alerts
        stack.server.store().alerts().durably("call", "c-lost", () -> io.vertx.core.Future.<Void>failedFuture(
                new dev.cti.server.store.StoreException("call failed: SQLException (SQL state 23514)", null)));
        wait(PUSH_DEADLINE).until(d -> !d.findElements(By.cssSelector(alert)).isEmpty());
        assertThat(text(alert)).contains("1 record(s)").contains("call of c-lost");
        // a page that (re)connects reads the last loss from GET /api/health: the alert stays
        JavascriptExecutor js = (JavascriptExecutor) driver;
        long before = ((Number) js.executeScript("return board.snapshots")).longValue();
        js.executeScript("board.storeAlert = null; board.stream.ws.close()");
        wait(Duration.ofSeconds(5)).until(d -> ((Number) js.executeScript("return board.snapshots")).longValue() > before
                && !d.findElements(By.cssSelector(alert)).isEmpty());
        assertThat(text(alert)).contains("1 record(s)");
    }

    @Test
    @Order(10)
    void logoutReturnsToTheLoginPageAndEndsTheToken() throws Exception {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        Object token = js.executeScript("return sessionStorage.getItem('cti.token')");
        assertThat(token).isInstanceOf(String.class);
        driver.findElement(By.id("logout")).click();
        wait(Duration.ofSeconds(3)).until(d -> d.findElement(By.id("username")).isDisplayed());
        assertThat(driver.findElement(By.id("conn")).isDisplayed()).isFalse();
        screenshot("login-en.png");
        // The page forgot its token, and the server no longer accepts it.
        assertThat(js.executeScript("return sessionStorage.getItem('cti.token')")).isNull();
        HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create(base + "/api/me"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).isEqualTo(401);

        // A wrong password is refused on the form, which says so.
        driver.findElement(By.id("username")).sendKeys("supervisor");
        driver.findElement(By.id("password")).sendKeys("not-the-password");
        driver.findElement(By.id("login-button")).click();
        wait(Duration.ofSeconds(5)).until(d -> d.findElement(By.id("login-error")).getText()
                .equals("Wrong username or password."));
        assertThat(driver.findElement(By.id("board")).isDisplayed()).isFalse();
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private String supervisorToken() throws Exception {
        if (supervisorToken == null) {
            supervisorToken = rest.login("supervisor", "demo-supervisor");
        }
        return supervisorToken;
    }

    private List<Integer> holdThresholdsOnThePage() {
        List<?> raw = (List<?>) ((JavascriptExecutor) driver).executeScript("return board.holdThresholds");
        return raw.stream().map(n -> ((Number) n).intValue()).toList();
    }

    private WebDriverWait wait(Duration timeout) {
        WebDriverWait w = new WebDriverWait(driver, timeout);
        w.pollingEvery(Duration.ofMillis(20)).ignoring(StaleElementReferenceException.class);
        return w;
    }

    private WebElement tile(String agentId) {
        return driver.findElement(By.cssSelector(".tile[data-agent='" + agentId + "']"));
    }

    private String tileState(String agentId) {
        return tile(agentId).getDomAttribute("data-state");
    }

    private String holdLevel(String agentId) {
        return tile(agentId).findElement(By.className("hold")).getDomAttribute("data-level");
    }

    /** Queue panels are redrawn on every push: read their text in one script call, not element by element. */
    private String queueField(String queueId, String field) {
        return text(".queue[data-queue='" + queueId + "'] [data-field='" + field + "']");
    }

    private String text(String selector) {
        Object t = ((JavascriptExecutor) driver).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", selector);
        return (String) t;
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SHOTS);
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
