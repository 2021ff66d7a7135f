package dev.cti.agent.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.agent.AgentMainAccess;
import dev.cti.agent.AgentSeat;
import dev.cti.agent.AudioSpec;
import dev.cti.agent.headless.EventOutput;
import dev.cti.agent.phone.PhoneSettings;
import dev.cti.agent.testkit.Servers;
import dev.cti.config.CtiConfig;
import dev.cti.config.OutboundConfig;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.Originate;
import dev.cti.link.message.OriginateProgress;
import dev.cti.link.message.OriginateState;
import dev.cti.link.message.Snapshot;
import dev.cti.link.net.LinkTls;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.pki.SitePki;
import dev.cti.server.ServerMain;
import dev.cti.testpeers.PeerTool;
import io.vertx.core.Vertx;
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
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The desktop's Dial button and preview campaign panel (issue 18) in a real browser (headless chromium) against the
 * real server (ServerMain on conf/, the shipped campaign open all day) with a scripted gateway, seat 2001 (sales).
 * The Dial button goes through the seat's server session to the server's click-to-dial, never as an INVITE from the
 * agent's phone: a number the dial plan refuses is explained on the page, in the agent's language, and never reaches
 * the gateway; an empty one is not sent; an allowed one reaches the gateway as an Originate for the agent's phone,
 * and the outbound script (outbound.script) is shown with the agent's work number. In the campaign panel the agent
 * works two records of an imported list: the customer's data shown, one click dials it (the gateway gets the
 * record's number), the call ends, an order is saved and ends the wrap-up too (one picker: the page's wrap-up panel
 * stays hidden); the second is busy and goes back for a retry.
 */
class DesktopDialBrowserTest {
    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1);
    private ServerMain.Running server;
    private ScriptedGatewayPeer gateway;
    private DatagramSocket deadGateway;
    private ByteArrayOutputStream events;
    private AgentSeat seat;
    private DesktopServer desktop;
    private WebDriver driver;

    @BeforeEach
    void start() throws Exception {
        Path chromium = PeerTool.require("chromium", "chromium");
        Path chromedriver = PeerTool.require("chromedriver", "chromium-driver");
        CtiConfig shipped = Servers.config(dir.resolve("data"), 0);
        OutboundConfig.Campaign c = shipped.outbound().campaign("spring-offer").orElseThrow();
        CtiConfig config = shipped.withOutbound(new OutboundConfig(shipped.outbound().script(), List.of(
                new OutboundConfig.Campaign(c.id(), c.name(), c.queue(), c.team(), c.script(), c.outcomes(),
                        new OutboundConfig.CallingHours(LocalTime.MIN, LocalTime.MAX, EnumSet.allOf(DayOfWeek.class)),
                        c.retries(), c.doNotCall()))));
        server = Servers.start(config);
        SitePki pki = SitePki.of(config, Clock.systemUTC());
        gateway = ScriptedGatewayPeer.connect(vertx, "127.0.0.1", server.linkPort(),
                LinkTls.of(pki.gateway("gw-desktop-dial"), pki.linkTrust()));
        gateway.handshake("gw-desktop-dial", new Snapshot(List.of(), List.of(), System.currentTimeMillis()));

        deadGateway = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        events = new ByteArrayOutputStream();
        EventOutput output = new EventOutput(new PrintStream(events, true, StandardCharsets.UTF_8));
        seat = new AgentSeat(new AgentSeat.Settings("2001", new PhoneSettings("2001", "demo-sip-2001", "cti.local",
                "127.0.0.1", deadGateway.getLocalPort(), "127.0.0.1", 300),
                URI.create("http://127.0.0.1:" + server.httpPort()), "2001", "demo-2001", -1,
                new AudioSpec("silence", "discard")), vertx, ticker, Clock.systemUTC(), output);
        desktop = new DesktopServer(vertx, seat, output, AgentMainAccess.hello(config, config.agent("2001").orElseThrow()));
        desktop.start(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        seat.start().get(20, TimeUnit.SECONDS);

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
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
    void theDialButtonUsesTheServersClickToDialAndShowsTheOutboundScript() throws Exception {
        driver.get(desktop.url());
        waitFor(() -> "2001".equals(text("agent")) && "示忙".equals(text("state")));

        click("btn-dial"); // nothing typed: not sent
        waitFor(() -> text("dial-error").equals("外呼未发出:请输入号码"));

        // an international number: the shipped dial plan refuses it at the server, before the gateway
        driver.findElement(By.id("number")).sendKeys("0044 20 7946 0000");
        click("btn-dial");
        waitFor(() -> text("dial-error").equals("外呼未发出:拨号规则不允许呼叫此号码"));
        assertThat(text("state")).isEqualTo("示忙");

        driver.findElement(By.id("number")).clear();
        driver.findElement(By.id("number")).sendKeys("139-1234-5678");
        click("btn-dial");
        Originate o = gateway.await(Originate.class);
        assertThat(o.agentId()).isEqualTo("2001");
        assertThat(o.extension()).isEqualTo("2001");
        assertThat(o.number()).isEqualTo("13912345678");
        waitFor(() -> "DIALING".equals(driver.findElement(By.id("state")).getDomAttribute("data-state")));
        assertThat(driver.findElement(By.id("dial-error")).isDisplayed()).isFalse();
        // the outbound script, filled in for this agent in its language (English), from its first step (greeting) to
        // "thanks and our number"
        waitFor(() -> text("scriptname").equals("Outbound call script"));
        assertThat(text("steps")).contains("Greeting", "Self-introduction", "Purpose of the call", "Objection handling",
                "Appointment if busy", "Thanks and our number").contains("representative number 2001 of");
        assertThat(events.toString(StandardCharsets.UTF_8)).doesNotContain("13912345678");
        assertThat(text("log")).contains("> click-dial 139****5678").doesNotContain("13912345678");
    }

    @Test
    void callColleagueMakesAnInternalCallByNameThroughTheServer() throws Exception {
        driver.get(desktop.url());
        waitFor(() -> "2001".equals(text("agent")) && "示忙".equals(text("state")));
        click("btn-colleague"); // nothing typed: not sent
        waitFor(() -> text("dial-error").equals("外呼未发出:请输入同事的分机号或姓名"));
        driver.findElement(By.id("number")).sendKeys("Nobody Here");
        click("btn-colleague");
        waitFor(() -> text("dial-error").equals("外呼未发出:没有这个同事(请用分机号或姓名)"));

        driver.findElement(By.id("number")).clear();
        driver.findElement(By.id("number")).sendKeys("David Liu");
        click("btn-colleague");
        Originate o = gateway.await(Originate.class);
        assertThat(o).isEqualTo(Originate.internal(o.requestId(), "2001", "2001", "2002", "2002"));
        waitFor(() -> "DIALING".equals(driver.findElement(By.id("state")).getDomAttribute("data-state")));
        assertThat(driver.findElement(By.id("dial-error")).isDisplayed()).isFalse();
        // no call on the phone: nothing to ask help for yet
        assertThat(driver.findElement(By.id("btn-help")).isEnabled()).isFalse();
        assertThat(text("log")).contains("> call-colleague David Liu");
    }

    @Test
    void theAgentWorksTwoRecordsThroughThePreviewPanel() throws Exception {
        String base = "http://127.0.0.1:" + server.httpPort();
        HttpClient http = HttpClient.newHttpClient();
        String admin = new JsonObject(http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"demo-admin\"}"))
                .build(), HttpResponse.BodyHandlers.ofString()).body()).getString("token");
        HttpResponse<String> imported = http.send(HttpRequest.newBuilder(URI.create(base
                + "/api/campaigns/spring-offer/import")).header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.ofString("number,name,title,notes\n13800000001,王芳,女士,宽带到期\n"
                        + "13800000002,李雷,先生,\n")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);

        driver.get(desktop.url());
        waitFor(() -> "2001".equals(text("agent")) && "示忙".equals(text("state"))
                && new Select(driver.findElement(By.id("cp-campaign"))).getFirstSelectedOption().getText()
                        .equals("春季宽带优惠外呼"));
        click("cp-next");
        waitFor(() -> text("cp-name").equals("王芳"));
        assertThat(text("cp-title")).isEqualTo("女士");
        assertThat(text("cp-number")).isEqualTo("138****0001");
        assertThat(text("cp-notes")).isEqualTo("宽带到期");

        click("cp-dial");
        Originate first = gateway.await(Originate.class);
        assertThat(first.number()).isEqualTo("13800000001");
        waitFor(() -> text("cp-dialled").equals("已发起呼叫") && text("scriptname").equals("Outbound call script"));
        long now = System.currentTimeMillis();
        gateway.send(new OriginateProgress(first.requestId(), "out-1", OriginateState.CONNECTED, now));
        waitFor(() -> "ON_CALL".equals(driver.findElement(By.id("state")).getDomAttribute("data-state")));
        gateway.send(new CallCleared("out-1", ClearCause.CALLER_HANGUP, 0, 30_000, now + 30_000));
        waitFor(() -> "WRAP_UP".equals(driver.findElement(By.id("state")).getDomAttribute("data-state")));
        // one picker: the campaign's outcome is the wrap-up, the page's own wrap-up panel stays hidden
        assertThat(driver.findElement(By.id("wrapup-panel")).isDisplayed()).isFalse();
        new Select(driver.findElement(By.id("cp-outcome"))).selectByValue("callback-booked");
        waitFor(() -> driver.findElement(By.id("cp-callback")).isDisplayed()
                && driver.findElement(By.id("cp-callback-number")).isDisplayed());
        new Select(driver.findElement(By.id("cp-outcome"))).selectByValue("order");
        assertThat(driver.findElement(By.id("cp-callback-number")).isDisplayed()).isFalse();
        click("cp-submit");
        waitFor(() -> text("cp-message").equals("结果已保存。") && !driver.findElement(By.id("cp-record")).isDisplayed());
        // the server ended the wrap-up with the outcome: the agent dialled from not ready and goes back to it, with
        // no second pick
        waitFor(() -> "NOT_READY".equals(driver.findElement(By.id("state")).getDomAttribute("data-state")));
        assertThat(driver.findElement(By.id("wrapup-panel")).isDisplayed()).isFalse();

        click("cp-next");
        waitFor(() -> text("cp-name").equals("李雷"));
        click("cp-dial");
        Originate second = gateway.await(Originate.class, x -> !x.requestId().equals(first.requestId()));
        assertThat(second.number()).isEqualTo("13800000002");
        gateway.send(new CallCleared("out-2", ClearCause.FAILED, 0, 0, System.currentTimeMillis()));
        gateway.send(new OriginateProgress(second.requestId(), "out-2", OriginateState.FAILED,
                System.currentTimeMillis()));
        new Select(driver.findElement(By.id("cp-outcome"))).selectByValue("busy");
        click("cp-submit");
        waitFor(() -> text("cp-message").startsWith("结果已保存。 将于 "));
        click("cp-next");
        waitFor(() -> text("cp-message").equals("暂无待拨记录。"));

        JsonObject figures = new JsonObject(http.send(HttpRequest.newBuilder(URI.create(base
                + "/api/campaigns/figures")).header("Authorization", "Bearer " + admin).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(figures.getJsonArray("campaigns").getJsonObject(0).getMap()).containsEntry("dials", 2)
                .containsEntry("successes", 1).containsEntry("conversionRate", 0.5);
        assertThat(text("log")).doesNotContain("13800000001", "13800000002");
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
        new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "the page's log: " + driver.findElement(By.id("log")).getText() + "\nbrowser: "
                        + driver.manage().logs().get("browser").getAll())
                .until(d -> {
                    try {
                        return check.ok();
                    } catch (Exception e) {
                        return false;
                    }
                });
    }
}
