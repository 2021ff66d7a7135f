package dev.cti.agent.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.agent.AgentMainAccess;
import dev.cti.agent.AgentSeat;
import dev.cti.agent.AudioSpec;
import dev.cti.agent.headless.EventOutput;
import dev.cti.agent.phone.PhoneSettings;
import dev.cti.agent.testkit.Servers;
import dev.cti.config.CtiConfig;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.PauseRecording;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.RecordingPaused;
import dev.cti.link.message.RecordingResumed;
import dev.cti.link.message.RecordingStarted;
import dev.cti.link.message.ResumeRecording;
import dev.cti.link.message.Snapshot;
import dev.cti.link.net.LinkTls;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.pki.SitePki;
import dev.cti.server.ServerMain;
import dev.cti.server.store.AuditEntry;
import dev.cti.testpeers.PeerTool;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The desktop's recording and QA parts (issue 12) in a real browser (Debian's chromium, headless) against the real
 * server (ServerMain on conf/) with a scripted gateway on its CTI link: during a recorded call the agent pauses and
 * resumes the recording with the page's button (the server audits it and sends the gateway the command; the
 * gateway's answer and push bring the paused state to the page); after the call the QA inspector's evaluation arrives
 * by push in My evaluations (我的质检) with its score, items and remarks and, since the shipped site does not let
 * agents hear their own calls, the reason there is no player; the agent disputes it (a comment is required), sees the
 * reply when the evaluator resubmits, and acknowledges.
 */
class DesktopQaBrowserTest {
    private static final String REC = "20261207-7a0c2a9e41d84b6c9d3e7f1a2b3c4d5e";
    private static final Duration T = Duration.ofSeconds(10);
    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1);
    private final HttpClient http = HttpClient.newHttpClient();
    private ServerMain.Running server;
    private ScriptedGatewayPeer gateway;
    private DatagramSocket deadGateway;
    private AgentSeat seat;
    private DesktopServer desktop;
    private WebDriver driver;
    private String base;

    @BeforeEach
    void start() throws Exception {
        Path chromium = PeerTool.require("chromium", "chromium");
        Path chromedriver = PeerTool.require("chromedriver", "chromium-driver");
        CtiConfig config = Servers.config(dir.resolve("data"), 0);
        server = Servers.start(config);
        base = "http://127.0.0.1:" + server.httpPort();
        SitePki pki = SitePki.of(config, Clock.systemUTC());
        gateway = ScriptedGatewayPeer.connect(vertx, "127.0.0.1", server.linkPort(),
                LinkTls.of(pki.gateway("gw-desktop-qa"), pki.linkTrust()));
        gateway.handshake("gw-desktop-qa", new Snapshot(List.of(), List.of(), System.currentTimeMillis()));

        deadGateway = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        EventOutput output = new EventOutput(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        seat = new AgentSeat(new AgentSeat.Settings("1001", new PhoneSettings("1001", "demo-sip-1001", "cti.local",
                "127.0.0.1", deadGateway.getLocalPort(), "127.0.0.1", 300), URI.create(base), "1001", "demo-1001", -1,
                new AudioSpec("silence", "discard")), vertx, ticker, Clock.systemUTC(), output);
        desktop = new DesktopServer(vertx, seat, output, AgentMainAccess.hello(config, config.agent("1001").orElseThrow()));
        desktop.start(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        seat.start().get(20, TimeUnit.SECONDS);

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1300", "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(15));
    }

    @AfterEach
    void stop() throws Exception {
        if (driver != null) driver.quit();
        if (desktop != null) desktop.close();
        if (seat != null) seat.close();
        if (gateway != null) gateway.close();
        if (server != null) server.close();
        if (deadGateway != null) deadGateway.close();
        ticker.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void theAgentPausesTheRecordingThenDisputesAndAcknowledgesTheEvaluation() throws Exception {
        driver.get(desktop.url());
        waitFor(() -> "1001".equals(text("agent")) && "示忙".equals(text("state")));
        assertThat(recState()).isEqualTo("none");
        assertThat(driver.findElement(By.id("btn-recording")).isEnabled()).isFalse();

        // a recorded call: offered by the scripted gateway, answered, its recording started
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, System.currentTimeMillis()));
        click("btn-ready");
        waitFor(() -> "就绪".equals(text("state")));
        long offered = System.currentTimeMillis();
        gateway.send(new CallOffered("c1", "service", "13812345678", "4008001000", "pbx", offered));
        assertThat(gateway.await(DeliverToAgent.class).callId()).isEqualTo("c1");
        gateway.send(new CallAnswered("c1", "1001", 2000, System.currentTimeMillis()));
        waitFor(() -> "ON_CALL".equals(driver.findElement(By.id("state")).getDomAttribute("data-state")));
        gateway.send(new RecordingStarted(REC, "c1", "2026/12/07/" + REC + ".ctirec", System.currentTimeMillis()));
        waitFor(() -> "recording".equals(recState()) && driver.findElement(By.id("btn-recording")).isEnabled());
        assertThat(text("rec-state")).isEqualTo("录音中");
        assertThat(text("btn-recording")).isEqualTo("暂停录音");

        // pause: the server audits it, then commands the gateway, whose answer is the page's new state
        click("btn-recording");
        assertThat(gateway.await(PauseRecording.class)).isEqualTo(new PauseRecording("c1", "1001"));
        assertThat(audit()).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("recording-pause");
            assertThat(a.actor()).isEqualTo("1001");
            assertThat(a.callId()).contains("c1");
        });
        gateway.send(new RecordingPaused(REC, "c1", "1001", 12_000, System.currentTimeMillis()));
        waitFor(() -> "paused".equals(recState()) && "恢复录音".equals(text("btn-recording"))
                && driver.findElement(By.id("btn-recording")).isEnabled());
        assertThat(text("rec-state")).isEqualTo("录音已暂停");
        screenshot("desktop-recording-paused-zh.png");
        click("lang");
        waitFor(() -> "Resume recording".equals(text("btn-recording")) && "recording paused".equals(text("rec-state")));
        click("lang");

        click("btn-recording");
        gateway.await(ResumeRecording.class, r -> r.user().equals("1001"));
        gateway.send(new RecordingResumed(REC, "c1", "1001", 19_500, System.currentTimeMillis()));
        waitFor(() -> "recording".equals(recState()) && "暂停录音".equals(text("btn-recording")));
        assertThat(audit()).filteredOn(a -> a.action().equals("recording-resume")).extracting(AuditEntry::actor)
                .containsExactly("1001");

        // the call ends: no button in wrap-up; the call is in the records
        gateway.send(new CallCleared("c1", ClearCause.CALLER_HANGUP, 2000, 60_000, System.currentTimeMillis()));
        waitFor(() -> "WRAP_UP".equals(driver.findElement(By.id("state")).getDomAttribute("data-state")));
        assertThat(recState()).isEqualTo("none");
        assertThat(driver.findElement(By.id("btn-recording")).isEnabled()).isFalse();
        org.awaitility.Awaitility.await().atMost(T).until(() -> server.store().call("c1").toCompletionStage()
                .toCompletableFuture().get(5, TimeUnit.SECONDS).isPresent());

        // the inspector scores the call: accepts the proposals, rates the rest "good", one filler word, remarks
        String inspector = login("inspector", "demo-inspector");
        assertThat(driver.findElements(By.cssSelector("#evals tr"))).isEmpty();
        assertThat(text("evals-empty")).isEqualTo("暂无质检评分。");
        JsonObject ev = send("POST", "/api/qa/evaluations", inspector, new JsonObject().put("callId", "c1"), 201);
        long id = ev.getJsonObject("evaluation").getLong("id");
        JsonArray rest = new JsonArray();
        ev.getJsonObject("evaluation").getJsonArray("items").stream().map(JsonObject.class::cast)
                .filter(i -> i.getValue("proposed") == null)
                .forEach(i -> rest.add(new JsonObject().put("id", i.getString("id")).put("rating", "good")));
        send("PUT", "/api/qa/evaluations/" + id, inspector, new JsonObject().put("acceptProposals", true)
                .put("items", rest).put("deductions", new JsonArray().add(new JsonObject().put("id", "filler")
                        .put("occurrences", 1).put("remarks", "嗯")))
                .put("remarks", "问候规范,注意口头禅"), 200);
        JsonObject submitted = send("POST", "/api/qa/evaluations/" + id + "/submit", inspector, new JsonObject(), 200)
                .getJsonObject("evaluation");

        // it arrives by push; the agent opens it
        String row = "#evals tr[data-evaluation='" + id + "']";
        waitFor(() -> "SUBMITTED".equals(driver.findElement(By.cssSelector(row)).getDomAttribute("data-status"))
                && "待确认".equals(driver.findElement(By.cssSelector(row + " .status")).getText()));
        waitFor(() -> { // the list is redrawn on every push and answer
            driver.findElement(By.cssSelector(row)).click();
            return true;
        });
        waitFor(() -> driver.findElement(By.id("eval-detail")).isDisplayed()
                && !driver.findElements(By.cssSelector("#ev-items tr.item")).isEmpty());
        assertThat(text("ev-score")).isEqualTo(num(submitted.getDouble("score")));
        assertThat(text("ev-grade")).endsWith("(" + submitted.getString("grade") + ")");
        assertThat(text("ev-remarks")).isEqualTo("问候规范,注意口头禅");
        assertThat(text("ev-evaluator")).isEqualTo("inspector");
        assertThat(driver.findElement(By.cssSelector("#ev-deductions [data-deduction='filler']")).getText())
                .contains("口头禅", "1次", "−1", "嗯");
        for (Object o : submitted.getJsonArray("items")) {
            JsonObject i = (JsonObject) o;
            assertThat(driver.findElement(By.cssSelector("#ev-items tr[data-item='" + i.getString("id") + "']"))
                    .getDomAttribute("data-rating")).isEqualTo(i.getString("rating"));
        }
        assertThat(driver.findElement(By.cssSelector("#ev-items tr[data-item='ask-name'] .rating")).getText())
                .isEqualTo("良好");
        // the shipped site does not let agents hear their own calls: the page says so instead of a player
        assertThat(driver.findElement(By.id("ev-play")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("ev-no-audio")).getDomAttribute("data-why")).isEqualTo("not_allowed");
        assertThat(text("ev-no-audio")).contains("坐席不能回放自己的通话录音");
        screenshot("desktop-evaluation-zh.png");

        // a dispute needs a comment
        assertThat(driver.findElement(By.id("ev-dispute")).isEnabled()).isFalse();
        driver.findElement(By.id("ev-comment")).sendKeys("保持前我说明了原因,\n请重听录音");
        waitFor(() -> driver.findElement(By.id("ev-dispute")).isEnabled());
        click("ev-dispute");
        waitFor(() -> "DISPUTED".equals(driver.findElement(By.id("eval-detail")).getDomAttribute("data-status")));
        assertThat(text("ev-note")).isEqualTo("申诉已提交,等待质检员复核。");
        assertThat(text("ev-disputes")).contains("我的申诉:保持前我说明了原因, 请重听录音");
        assertThat(driver.findElement(By.id("ev-actions")).isDisplayed()).isFalse();
        JsonObject disputed = send("GET", "/api/qa/evaluations/" + id, inspector, null, 200).getJsonObject("evaluation");
        assertThat(disputed.getString("status")).isEqualTo("DISPUTED");
        assertThat(disputed.getJsonArray("disputeHistory").getJsonObject(0).getString("comment"))
                .isEqualTo("保持前我说明了原因, 请重听录音");

        // the evaluator answers and resubmits: the reply shows, only acknowledging is left
        send("POST", "/api/qa/evaluations/" + id + "/submit", inspector,
                new JsonObject().put("reply", "已重听,维持原评分"), 200);
        waitFor(() -> "SUBMITTED".equals(driver.findElement(By.id("eval-detail")).getDomAttribute("data-status"))
                && text("ev-disputes").contains("质检员答复:已重听,维持原评分"));
        assertThat(driver.findElement(By.id("ev-dispute")).isDisplayed()).isFalse();
        assertThat(text("ev-note")).isEqualTo("申诉已答复,只能确认。");
        click("lang");
        waitFor(() -> "Acknowledge".equals(text("ev-ack")) && text("ev-disputes").contains("Evaluator's reply:"));
        assertThat(text("ev-no-audio")).contains("Agents may not play their own calls");
        screenshot("desktop-evaluation-en.png");
        click("ev-ack");
        waitFor(() -> "ACKNOWLEDGED".equals(driver.findElement(By.id("eval-detail")).getDomAttribute("data-status")));
        assertThat(text("ev-note")).isEqualTo("You acknowledged this evaluation.");
        waitFor(() -> "Acknowledged".equals(driver.findElement(By.cssSelector(row + " .status")).getText()));
        assertThat(send("GET", "/api/qa/evaluations/" + id, inspector, null, 200).getJsonObject("evaluation")
                .getString("status")).isEqualTo("ACKNOWLEDGED");
        assertThat(driver.findElement(By.id("log")).getText()).doesNotContain("13812345678");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private String login(String user, String password) throws Exception {
        return send("POST", "/api/login", null, new JsonObject().put("username", user).put("password", password), 200)
                .getString("token");
    }

    private JsonObject send(String method, String path, String token, JsonObject body, int status) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.encode()));
        if (token != null) b.header("Authorization", "Bearer " + token);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + " " + r.body()).isEqualTo(status);
        return new JsonObject(r.body());
    }

    /**
     * Scheduled callbacks (issue 17) on the same page: a wrap-up code of category callback asks for the agreed time and
     * number and is refused without them; with them the server books the callback; when the server dials one for the
     * agent, the call panel shows it with the customer's masked number and the script's callback phrase.
     */
    @Test
    void aCallbackWrapUpAsksForItsTimeAndNumberAndADialledCallbackShowsItsPhrase() throws Exception {
        driver.get(desktop.url());
        waitFor(() -> "1001".equals(text("agent")) && "示忙".equals(text("state")));
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, System.currentTimeMillis()));
        click("btn-ready");
        waitFor(() -> "就绪".equals(text("state")));
        gateway.send(new CallOffered("c-cb", "service", "13812345678", "4008001000", "pbx", System.currentTimeMillis()));
        gateway.await(DeliverToAgent.class);
        gateway.send(new CallAnswered("c-cb", "1001", 2000, System.currentTimeMillis()));
        gateway.send(new CallCleared("c-cb", ClearCause.CALLER_HANGUP, 0, 20_000, System.currentTimeMillis()));
        waitFor(() -> "WRAP_UP".equals(driver.findElement(By.id("state")).getDomAttribute("data-state")));
        assertThat(driver.findElement(By.id("callback-fields")).isDisplayed()).isFalse();

        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("codes"))).selectByValue("callback-booked");
        waitFor(() -> driver.findElement(By.id("callback-fields")).isDisplayed());
        click("btn-wrapup");
        waitFor(() -> text("error").contains("回访时间"));
        String tomorrow = java.time.LocalDateTime.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(1)
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString();
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "document.getElementById('cb-at').value = arguments[0];", tomorrow);
        driver.findElement(By.id("cb-number")).sendKeys("139 1234 5678");
        click("btn-wrapup");
        waitFor(() -> "就绪".equals(text("state")));
        var booked = server.followUps().callbacks().openNow();
        assertThat(booked).singleElement().satisfies(c -> {
            assertThat(c.number()).isEqualTo("13912345678");
            assertThat(c.callId()).isEqualTo("c-cb");
            assertThat(c.dueAt()).isEqualTo(java.time.LocalDateTime.parse(tomorrow)
                    .atZone(java.time.ZoneId.of("Asia/Shanghai")).toInstant());
        });

        // one due now (booked on the server as a wrap-up would), dialled at the scheduler's next tick
        server.followUps().callbacks().book("1001", "c-earlier", java.util.Optional.of("service"), "13712345678",
                java.time.Instant.now().plusMillis(200)).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Thread.sleep(300);
        server.followUps().tick().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(gateway.await(dev.cti.link.message.Originate.class).number()).isEqualTo("13712345678");
        waitFor(() -> driver.findElement(By.id("callback-offer")).isDisplayed());
        assertThat(text("cb-number-shown")).isEqualTo("137****5678");
        assertThat(text("cb-phrase")).isEqualTo("您好,我是示例科技1001号业务受理专员,请问刚才是您拨打客服热线咨询问题吗?");
        screenshot("desktop-callback-zh.png");
    }

    private List<AuditEntry> audit() throws Exception {
        return server.store().auditLog(200).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static String num(double score) {
        double r = Math.round(score * 100) / 100.0;
        return r == Math.rint(r) ? String.valueOf((long) r) : String.valueOf(r);
    }

    private String recState() {
        return driver.findElement(By.id("rec-state")).getDomAttribute("data-state");
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private void click(String id) {
        driver.findElement(By.id(id)).click();
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
            throw new AssertionError("the page did not get there; it shows:\n"
                    + driver.findElement(By.tagName("main")).getText(), e);
        }
    }

    private void screenshot(String name) throws Exception {
        Path target = Path.of("target");
        Files.createDirectories(target);
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
