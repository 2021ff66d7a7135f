package dev.cti.agent.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.testpeers.PeerTool;
import dev.cti.agent.AgentMainAccess;
import dev.cti.agent.AgentSeat;
import dev.cti.agent.AudioSpec;
import dev.cti.agent.headless.EventOutput;
import dev.cti.agent.phone.CallState;
import dev.cti.agent.phone.PhoneSettings;
import dev.cti.agent.testkit.RtpPeer;
import dev.cti.agent.testkit.Sipp;
import dev.cti.config.ConfigLoader;
import dev.cti.config.CtiConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The desktop page in a real browser (Debian's chromium, headless): a sipp customer calls, the agent answers, holds
 * and hangs up by clicking, and the page shows the masked caller, the ring count and the hold timer.
 */
class DesktopBrowserTest {
    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1);
    private DatagramSocket deadGateway;
    private EventOutput output;
    private AgentSeat seat;
    private DesktopServer desktop;
    private WebDriver driver;

    @BeforeEach
    void start() throws Exception {
        Sipp.require();
        Path chromium = PeerTool.require("chromium", "chromium");
        Path chromedriver = PeerTool.require("chromedriver", "chromium-driver");
        CtiConfig config = ConfigLoader.load(Path.of(System.getProperty("cti.repo.root", "..")).resolve("conf"));
        deadGateway = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        output = new EventOutput(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        seat = new AgentSeat(new AgentSeat.Settings("1001", new PhoneSettings("1001", "pw", "cti.local", "127.0.0.1",
                deadGateway.getLocalPort(), "127.0.0.1", 300), null, "1001", null, -1, new AudioSpec("tone:880", "discard")),
                vertx, ticker, Clock.systemUTC(), output);
        seat.start().get(10, TimeUnit.SECONDS);
        desktop = new DesktopServer(vertx, seat, output, AgentMainAccess.hello(config, config.agent("1001").orElseThrow()));
        desktop.start(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

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
        if (deadGateway != null) deadGateway.close();
        ticker.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private WebDriverWait waiting(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }

    private String callState() {
        return driver.findElement(By.id("call")).getAttribute("data-state");
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    @Test
    void theAgentTakesACallByClicking() throws Exception {
        driver.get(desktop.url());
        waiting(10).until(d -> "1001".equals(text("agent")));
        assertThat(driver.findElement(By.id("reasons")).getText()).contains("用餐");

        try (RtpPeer peer = new RtpPeer();
             Sipp sipp = Sipp.start("caller-agent-holds-resumes-hangs-up.xml", "127.0.0.1:" + seat.phone().sipPort(),
                     Sipp.freeUdpPort(), dir, "-s", "1001", "-m", "1", "-set", "rtpport", Integer.toString(peer.port()))) {
            waiting(10).until(d -> text("caller").equals("138****5678"));
            assertThat(callState()).isEqualTo("ringing");
            assertThat(text("rings")).isEqualTo("1");

            driver.findElement(By.id("btn-answer")).click();
            waiting(10).until(d -> callState().equals("talking"));
            assertThat(seat.phone().state()).isEqualTo(CallState.CONNECTED);

            driver.findElement(By.id("btn-hold")).click(); // shows the phrase to say first
            driver.findElement(By.id("hold-confirm")).click();
            waiting(10).until(d -> callState().equals("held"));
            waiting(5).until(d -> text("hold").equals("0:01"));
            // the server's hold timer crosses 60 s and then 120 s (its hold-threshold pushes, as ServerEvents
            // passes them on): the timer changes colour and the page asks for that level's phrase, taken from the
            // call's script (here the server's rendering of the shipped phrases, sent as it sends them)
            output.accept(new JsonObject().put("event", "script").put("script", new JsonObject().put("id", "service")
                    .put("steps", new JsonArray()).put("quickPhrases", new JsonArray()
                            .add(new JsonObject().put("id", "wait-reassurance").put("text", "对不起,请稍等!"))
                            .add(new JsonObject().put("id", "before-hold").put("text", "先生/女士,请您稍等,我帮您核实一下好吗?"))
                            .add(new JsonObject().put("id", "after-hold-thanks").put("text", "先生/女士,感谢您的耐心等待!"))
                            .add(new JsonObject().put("id", "after-hold-sorry").put("text", "对不起,让您久等了!")))));
            output.accept(new JsonObject().put("event", "hold-threshold").put("callId", "c-1").put("level", 2)
                    .put("thresholdSeconds", 60));
            waiting(5).until(d -> driver.findElement(By.id("hold")).getAttribute("class").contains("lvl2"));
            assertThat(text("hold-due-text")).contains("请您稍等").doesNotContain("让您久等了");
            output.accept(new JsonObject().put("event", "hold-threshold").put("callId", "c-1").put("level", 3)
                    .put("thresholdSeconds", 120));
            waiting(5).until(d -> driver.findElement(By.id("hold")).getAttribute("class").contains("lvl3"));
            assertThat(text("hold-due-text")).startsWith("对不起,让您久等了!").contains("请您稍等");

            driver.findElement(By.id("btn-resume")).click();
            waiting(10).until(d -> callState().equals("talking") && text("hold").equals("0:00"));
            // after a hold past 60 s the phrase to say on resuming is the apology, not the thanks
            assertThat(text("resume-phrase-text")).isEqualTo("对不起,让您久等了!");
            // what the page put up is reported to the server as QA evidence (the seat's "shown" command), and so is
            // a quick phrase the agent uses; their answers (here: no server) stay out of the error line
            driver.findElement(By.cssSelector("button[data-phrase='wait-reassurance']")).click();
            waiting(5).until(d -> text("log").contains("> shown phrase wait-reassurance"));
            assertThat(text("log")).contains("> shown prompt before-hold", "> shown prompt after-hold-sorry");
            assertThat(text("error")).doesNotContain("shown");

            driver.findElement(By.id("btn-hangup")).click();
            waiting(10).until(d -> callState().equals("idle"));
            assertThat(sipp.waitFor(Duration.ofSeconds(10))).as(sipp.read(".msg")).isZero();
            assertThat(driver.findElement(By.id("log")).getText()).doesNotContain("13812345678");
        }
    }
}
