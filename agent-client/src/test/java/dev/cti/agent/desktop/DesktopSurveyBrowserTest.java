package dev.cti.agent.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.agent.AgentMainAccess;
import dev.cti.agent.AgentSeat;
import dev.cti.agent.AudioSpec;
import dev.cti.agent.headless.EventOutput;
import dev.cti.agent.phone.PhoneSettings;
import dev.cti.agent.testkit.RtpPeer;
import dev.cti.agent.testkit.Servers;
import dev.cti.agent.testkit.Sipp;
import dev.cti.config.CtiConfig;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.Snapshot;
import dev.cti.link.message.TargetKind;
import dev.cti.link.message.Transfer;
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
 * The desktop's survey button (转满意度评价, issue 17) in a real browser (Debian's chromium, headless) against the real
 * server (ServerMain on conf/) with a scripted gateway on its CTI link: a sipp customer calls agent 1001's softphone,
 * the server has the queue call answered by 1001; the button is off until the agent talks, then one click sends the
 * customer to the queue's survey: the server commands the gateway a Transfer of kind SURVEY for the call, to its
 * queue.
 */
class DesktopSurveyBrowserTest {
    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1);
    private ServerMain.Running server;
    private ScriptedGatewayPeer gateway;
    private DatagramSocket deadGateway;
    private AgentSeat seat;
    private DesktopServer desktop;
    private WebDriver driver;

    @BeforeEach
    void start() throws Exception {
        Sipp.require();
        Path chromium = PeerTool.require("chromium", "chromium");
        Path chromedriver = PeerTool.require("chromedriver", "chromium-driver");
        CtiConfig config = Servers.config(dir.resolve("data"), 0);
        server = Servers.start(config);
        SitePki pki = SitePki.of(config, Clock.systemUTC());
        gateway = ScriptedGatewayPeer.connect(vertx, "127.0.0.1", server.linkPort(),
                LinkTls.of(pki.gateway("gw-desktop-survey"), pki.linkTrust()));
        gateway.handshake("gw-desktop-survey", new Snapshot(List.of(), List.of(), System.currentTimeMillis()));

        deadGateway = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        EventOutput output = new EventOutput(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        seat = new AgentSeat(new AgentSeat.Settings("1001", new PhoneSettings("1001", "demo-sip-1001", "cti.local",
                "127.0.0.1", deadGateway.getLocalPort(), "127.0.0.1", 300),
                URI.create("http://127.0.0.1:" + server.httpPort()), "1001", "demo-1001", -1,
                new AudioSpec("tone:880", "discard")), vertx, ticker, Clock.systemUTC(), output);
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
    void duringACallTheSurveyButtonTransfersTheCustomerToTheQueuesSurvey() throws Exception {
        driver.get(desktop.url());
        waitFor(() -> "1001".equals(text("agent")) && "示忙".equals(text("state")));
        assertThat(driver.findElement(By.id("btn-survey")).isEnabled()).as("no call").isFalse();
        assertThat(text("btn-survey")).isEqualTo("转满意度评价");

        // the queue call: offered by the scripted gateway, delivered to 1001, answered there
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5099", 3600, System.currentTimeMillis()));
        click("btn-ready");
        waitFor(() -> "就绪".equals(text("state")));
        gateway.send(new CallOffered("c-s", "service", "13812345678", "4008001000", "pbx", System.currentTimeMillis()));
        assertThat(gateway.await(DeliverToAgent.class).callId()).isEqualTo("c-s");
        gateway.send(new CallAnswered("c-s", "1001", 2000, System.currentTimeMillis()));
        waitFor(() -> "ON_CALL".equals(driver.findElement(By.id("state")).getDomAttribute("data-state")));

        // the customer's leg reaches the softphone (sipp in the gateway's place) and the agent answers on the page
        try (RtpPeer peer = new RtpPeer();
             Sipp sipp = Sipp.start("caller-waits-for-bye.xml", "127.0.0.1:" + seat.phone().sipPort(),
                     Sipp.freeUdpPort(), dir, "-s", "1001", "-m", "1", "-set", "rtpport", Integer.toString(peer.port()))) {
            waitFor(() -> "ringing".equals(callState()));
            assertThat(driver.findElement(By.id("btn-survey")).isEnabled()).as("ringing").isFalse();
            click("btn-answer");
            waitFor(() -> "talking".equals(callState()) && driver.findElement(By.id("btn-survey")).isEnabled());

            click("btn-survey");
            Transfer t = gateway.await(Transfer.class);
            assertThat(t.callId()).isEqualTo("c-s");
            assertThat(t.kind()).isEqualTo(TargetKind.SURVEY);
            assertThat(t.target()).isEqualTo("service");
            waitFor(() -> text("log").contains("> survey"));

            click("btn-hangup");
            waitFor(() -> "idle".equals(callState()));
            assertThat(sipp.waitFor(Duration.ofSeconds(10))).as(sipp.read(".msg")).isZero();
        }
        assertThat(text("log")).doesNotContain("13812345678");
    }

    private String callState() {
        return driver.findElement(By.id("call")).getAttribute("data-state");
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
