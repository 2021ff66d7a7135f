package dev.cti.it.desktop;

import static dev.cti.it.stack.Audio.HEARS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.it.stack.Audio;
import dev.cti.it.stack.Browser;
import dev.cti.it.stack.Stack;
import dev.cti.protocol.audio.Goertzel;
import dev.cti.server.agent.AgentState;
import dev.cti.testpeers.Baresip;
import dev.cti.testpeers.Wav;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 19's browser seat with audio: the desk page in real headless Chromium, whose microphone is a WAV of an 880 Hz
 * tone, logs in, registers its JsSIP phone over SIP/WebSocket and goes READY; a baresip customer (440 Hz) calls the
 * service hotline from the trunk; the gateway offers the page's phone DTLS-SRTP with ICE-lite (docs/MEDIA.md,
 * "WebRTC-style legs") and the agent answers in the page. Then, by Goertzel on the signals: the customer hears 880 Hz
 * and not its own 440 Hz (baresip's recording of what it received), and the page hears 440 Hz and not its own
 * 880 Hz, measured in the page on the call's remote stream with a WebAudio AnalyserNode (its time-domain samples,
 * read by executeScript). Hold from the page gives the customer music and not the agent; after resume both hear each
 * other again. The customer hangs up and the page's wrap-up puts the seat back to READY.
 */
class DeskCallBrowserIT {
    private static final Duration T = Duration.ofSeconds(30);
    /** Collects about a second of the remote stream's samples in the page, at the AudioContext's rate. */
    private static final String CAPTURE = """
            const done = arguments[arguments.length - 1];
            const stream = DeskPhone.remoteStream();
            if (!stream) { done({ error: 'no remote stream' }); return; }
            const ctx = new AudioContext();
            ctx.resume().then(() => {
              const analyser = ctx.createAnalyser();
              analyser.fftSize = 2048;
              ctx.createMediaStreamSource(stream).connect(analyser);
              const block = new Float32Array(analyser.fftSize);
              const blocks = [];
              let n = 0;
              const timer = setInterval(() => {
                analyser.getFloatTimeDomainData(block);
                blocks.push(Array.from(block, (v) => Math.round(v * 32767)));
                if (++n === 24) {
                  clearInterval(timer);
                  const rate = ctx.sampleRate;
                  ctx.close();
                  done({ rate, blocks });
                }
              }, 45);
            }, (e) => done({ error: String(e) }));
            """;
    @TempDir
    Path dir;
    private Stack stack;
    private Baresip customer;
    private WebDriver driver;

    @AfterEach
    void stop() throws Exception {
        if (driver != null) driver.quit();
        for (AutoCloseable c : new AutoCloseable[] {customer, stack}) {
            if (c != null) c.close();
        }
    }

    @Test
    void aCustomerAndTheBrowserSeatHearEachOtherOverDtlsSrtp() throws Exception {
        Browser.requireInstalled();
        Baresip.require();
        stack = Stack.start(dir, Map.of());
        assertThat(stack.gateway().sipPort("ws")).as("the demo configuration's WS listener").isPresent();

        driver = Browser.withFakeMicrophone(dir, Wav.tone(dir.resolve("agent-880.wav"), 880, 60));
        driver.get("http://127.0.0.1:" + stack.server().httpPort() + "/");
        waitFor(d -> d.findElement(By.id("username")).isDisplayed());
        driver.findElement(By.id("username")).sendKeys("1001");
        driver.findElement(By.id("password")).sendKeys("demo-1001");
        driver.findElement(By.id("login-button")).click();
        waitFor(d -> d.findElement(By.id("go-desk")).isDisplayed());
        driver.findElement(By.id("go-desk")).click();
        waitFor(d -> d.findElement(By.id("desk")).isDisplayed());
        step("the page's phone registers", d -> "registered".equals(attr("phone-status")));
        if (driver.findElement(By.id("seat-login")).isDisplayed()) {
            driver.findElement(By.id("seat-login")).click();
            waitFor(d -> "NOT_READY".equals(attr("state")));
        }
        driver.findElement(By.id("ready")).click();
        waitFor(d -> "READY".equals(attr("state")));

        int gw = stack.config().network().sip().udpPort();
        customer = Baresip.start(dir.resolve("customer"), "<sip:13800000004@127.0.0.1>;regint=0;audio_codecs=PCMU",
                Wav.tone(dir.resolve("customer-440.wav"), 440, 120));
        customer.command("dial", "sip:4008001000@127.0.0.1:" + gw);

        step("the page rings", d -> d.findElement(By.id("phone-answer")).isDisplayed());
        driver.findElement(By.id("phone-answer")).click();
        step("the call's audio connects (ICE and DTLS with the gateway)", d -> "connected".equals(attr("phone-media")));
        customer.awaitEvent("CALL_ESTABLISHED", T);
        await("1001 on the call").atMost(T).until(() -> stack.agent("1001").state() == AgentState.ON_CALL);

        short[] customerHears = Audio.next(customer::recorded, customer::heard, 600, 2);
        assertThat(Audio.share(customerHears, 880)).as("the customer hears the browser's microphone")
                .isGreaterThan(HEARS);
        assertThat(Audio.share(customerHears, 440)).as("the customer does not hear itself").isLessThan(0.05);

        Heard page = pageHears();
        assertThat(page.share(440)).as("the page hears the customer").isGreaterThan(HEARS);
        assertThat(page.share(880)).as("the page does not hear itself").isLessThan(0.05);

        // hold and resume from the page (the gateway holds in its media): music, not the agent, then the agent again
        step("the page shows the call", d -> d.findElement(By.id("hold")).isDisplayed());
        driver.findElement(By.id("hold")).click();
        await("the server sees the hold").atMost(T).until(() -> stack.agent("1001").held());
        short[] onHold = Audio.next(customer::recorded, customer::heard, 500, 1.5);
        assertThat(Audio.share(onHold, 880)).as("the customer on hold does not hear the page").isLessThan(0.05);
        assertThat(Audio.rms(onHold)).as("the customer on hold hears music, not silence").isGreaterThan(200);
        driver.findElement(By.id("resume")).click();
        await("the server sees the resume").atMost(T).until(() -> !stack.agent("1001").held());
        short[] resumed = Audio.next(customer::recorded, customer::heard, 500, 1);
        assertThat(Audio.share(resumed, 880)).as("the customer hears the page again").isGreaterThan(HEARS);
        assertThat(pageHears().share(440)).as("the page hears the customer again").isGreaterThan(HEARS);

        customer.command("hangup", "");
        await("1001 in wrap-up").atMost(T).until(() -> stack.agent("1001").state() == AgentState.WRAP_UP);
        step("the page's call audio is over", d -> driver.findElement(By.id("phone-media")).getAttribute("hidden") != null);
        step("the page's wrap-up", d -> d.findElement(By.id("wrapup-panel")).isDisplayed());
        new Select(driver.findElement(By.id("wrapup-code"))).selectByValue("resolved");
        driver.findElement(By.id("wrapup-done")).click();
        step("the seat is ready again", d -> "READY".equals(attr("state")));
        assertThat(stack.agent("1001").state()).isEqualTo(AgentState.READY);
    }

    /** What the page's remote stream carries, as the page's WebAudio sees it. */
    private Heard pageHears() {
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        Object result = ((JavascriptExecutor) driver).executeAsyncScript(CAPTURE);
        @SuppressWarnings("unchecked") Map<String, Object> r = (Map<String, Object>) result;
        assertThat(r.get("error")).as("the page's capture").isNull();
        int rate = ((Number) r.get("rate")).intValue();
        @SuppressWarnings("unchecked") List<List<Number>> blocks = (List<List<Number>>) r.get("blocks");
        return new Heard(rate, blocks.stream().map(b -> {
            short[] s = new short[b.size()];
            for (int i = 0; i < s.length; i++) s[i] = (short) Math.max(-32768, Math.min(32767, b.get(i).intValue()));
            return s;
        }).toList());
    }

    /**
     * Blocks of the page's samples (each a contiguous 2048 at {@code rate}, the blocks not contiguous with each other):
     * the share of a tone is summed per block, as {@link Audio#share} does, so that gaps between blocks do not matter.
     */
    private record Heard(int rate, List<short[]> blocks) {
        double share(double hz) {
            double tone = 0;
            double energy = 0;
            for (short[] b : blocks) {
                tone += Goertzel.power(b, 0, b.length, hz, rate);
                double e = 0;
                for (short v : b) e += (double) v * v;
                energy += b.length * e / 2;
            }
            return energy == 0 ? 0 : tone / energy;
        }
    }

    private String attr(String id) {
        return driver.findElement(By.id(id)).getAttribute("data-state");
    }

    private void step(String what, java.util.function.Function<WebDriver, Boolean> condition) throws Exception {
        try {
            waitFor(condition);
        } catch (RuntimeException e) {
            screenshot("desk-call-failed.png");
            throw new AssertionError(what + ": not within " + T.toSeconds() + " s; phone: "
                    + driver.findElement(By.id("phone-status")).getText() + "; audio: "
                    + driver.findElement(By.id("phone-media")).getText() + "; error: "
                    + driver.findElement(By.id("action-error")).getText()
                    + (customer == null ? "" : "\n---- customer baresip.log\n" + customer.log()), e);
        }
    }

    private void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, T).until(condition::apply);
    }

    private void screenshot(String name) throws Exception {
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of("target", "screenshots", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
