package dev.cti.agent.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.agent.AgentMainAccess;
import dev.cti.agent.AgentSeat;
import dev.cti.agent.AudioSpec;
import dev.cti.agent.headless.EventOutput;
import dev.cti.agent.phone.PhoneSettings;
import dev.cti.agent.testkit.Servers;
import dev.cti.config.CtiConfig;
import dev.cti.link.message.Originate;
import dev.cti.link.message.Snapshot;
import dev.cti.link.net.LinkTls;
import dev.cti.link.testing.ScriptedGatewayPeer;
import dev.cti.pki.SitePki;
import dev.cti.server.ServerMain;
import dev.cti.testpeers.PeerTool;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The desktop's Dial button (issue 18) in a real browser (headless chromium) against the real server (ServerMain on
 * conf/) with a scripted gateway: the button goes through the seat's server session to the server's click-to-dial,
 * never as an INVITE from the agent's phone. A number the dial plan refuses is explained on the page, in the agent's
 * language, and never reaches the gateway; an empty one is not sent; an allowed one reaches the gateway as an
 * Originate for the agent's phone, and the outbound script (outbound.script) is shown with the agent's name.
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
        CtiConfig config = Servers.config(dir.resolve("data"), 0);
        server = Servers.start(config);
        SitePki pki = SitePki.of(config, Clock.systemUTC());
        gateway = ScriptedGatewayPeer.connect(vertx, "127.0.0.1", server.linkPort(),
                LinkTls.of(pki.gateway("gw-desktop-dial"), pki.linkTrust()));
        gateway.handshake("gw-desktop-dial", new Snapshot(List.of(), List.of(), System.currentTimeMillis()));

        deadGateway = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        events = new ByteArrayOutputStream();
        EventOutput output = new EventOutput(new PrintStream(events, true, StandardCharsets.UTF_8));
        seat = new AgentSeat(new AgentSeat.Settings("1001", new PhoneSettings("1001", "demo-sip-1001", "cti.local",
                "127.0.0.1", deadGateway.getLocalPort(), "127.0.0.1", 300),
                URI.create("http://127.0.0.1:" + server.httpPort()), "1001", "demo-1001", -1,
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
        waitFor(() -> "1001".equals(text("agent")) && "示忙".equals(text("state")));

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
        assertThat(o.agentId()).isEqualTo("1001");
        assertThat(o.extension()).isEqualTo("1001");
        assertThat(o.number()).isEqualTo("13912345678");
        waitFor(() -> "DIALING".equals(driver.findElement(By.id("state")).getDomAttribute("data-state")));
        assertThat(driver.findElement(By.id("dial-error")).isDisplayed()).isFalse();
        // the outbound script, filled in for this agent, from its first step (greeting) to "thanks and our number"
        waitFor(() -> text("scriptname").equals("外呼标准话术"));
        assertThat(text("steps")).contains("问候", "自我介绍", "说明来意", "异议处理", "忙时预约", "致谢并留号码")
                .contains("1001号客户代表");
        assertThat(events.toString(StandardCharsets.UTF_8)).doesNotContain("13912345678");
        assertThat(text("log")).contains("> click-dial 139****5678").doesNotContain("13912345678");
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
        new WebDriverWait(driver, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class).until(d -> {
            try {
                return check.ok();
            } catch (Exception e) {
                return false;
            }
        });
    }
}
