package dev.cti.it.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.it.stack.Audio;
import dev.cti.it.stack.Browser;
import dev.cti.it.stack.Caller;
import dev.cti.it.stack.Seat;
import dev.cti.it.stack.Stack;
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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 7 as a supervisor does it, all real: the wallboard in headless Chromium against the real server and
 * gateway, the agent's seat (880 Hz) on a trunk call (customer 440 Hz), the supervisor's own seat 9001 run with
 * the {@code supervisor} login (1320 Hz). Listen from the agent's tile makes the gateway ring seat 9001, which
 * answers by itself; the tile shows who monitors it; the supervisor hears both sides and nobody hears the
 * supervisor (Goertzel); Barge from the same tile lets the customer hear the supervisor; Stop hangs up the
 * supervisor's phone and the tile's badge goes.
 */
class WallboardMonitorIT {
    private static final Duration T = Duration.ofSeconds(20);
    private static final double MIXED = 0.1;
    private static final double SILENT = 0.05;
    @TempDir
    Path dir;
    private Stack stack;
    private WebDriver driver;

    @AfterEach
    void stop() throws Exception {
        if (driver != null) driver.quit();
        if (stack != null) stack.close();
    }

    @Test
    void listenBargeAndStopFromTheAgentsTileWithRealAudio() throws Exception {
        Browser.requireInstalled();
        stack = Stack.start(dir, Map.of());
        Seat agent = stack.seat("1001", 880, 500);
        assertThat(agent.run("ready").getString("state")).isEqualTo("READY");
        Seat supervisor = stack.seat("9001", "supervisor", "demo-supervisor", 1320, -1);
        Caller caller = stack.caller("13812345678", 440);
        caller.dial("4008001000");
        agent.events().awaitState("ON_CALL", T);

        driver = Browser.open(dir);
        driver.get("http://127.0.0.1:" + stack.server().httpPort() + "/wallboard/");
        waitFor(d -> d.findElement(By.id("username")).isDisplayed());
        driver.findElement(By.id("username")).sendKeys("supervisor");
        driver.findElement(By.id("password")).sendKeys("demo-supervisor");
        driver.findElement(By.id("login-button")).click();
        waitFor(d -> !tile().findElements(By.cssSelector(".mon-mode[data-mode='listen']")).isEmpty()
                && modeButton("listen").isEnabled());

        modeButton("listen").click();
        supervisor.events().await("answered", T);
        waitFor(d -> "active".equals(badgeAttribute("data-state")) && "listen".equals(badgeAttribute("data-mode")));
        assertThat(badgeAttribute("data-supervisor")).isEqualTo("supervisor");
        screenshot("wallboard-monitor-listen.png");
        short[] supHears = Audio.next(supervisor, 500, 1.5);
        assertThat(Audio.share(supHears, 440)).as("listen: supervisor hears the customer").isGreaterThan(MIXED);
        assertThat(Audio.share(supHears, 880)).as("listen: supervisor hears the agent").isGreaterThan(MIXED);
        assertThat(Audio.share(Audio.next(caller, 0, 1.5), 1320)).as("listen: customer does not hear the supervisor")
                .isLessThan(SILENT);
        assertThat(Audio.share(Audio.next(agent, 0, 1.5), 1320)).as("listen: agent does not hear the supervisor")
                .isLessThan(SILENT);

        modeButton("barge").click();
        waitFor(d -> "barge".equals(badgeAttribute("data-mode")));
        short[] customerHears = Audio.next(caller, 500, 1.5);
        assertThat(Audio.share(customerHears, 1320)).as("barge: customer hears the supervisor").isGreaterThan(MIXED);
        assertThat(Audio.share(customerHears, 880)).as("barge: customer still hears the agent").isGreaterThan(MIXED);

        tile().findElement(By.className("mon-stop")).click();
        supervisor.events().await("hangup", T);
        waitFor(d -> tile().findElements(By.className("monitor-badge")).isEmpty());
        assertThat(Audio.share(Audio.next(caller, 500, 1.5), 1320)).as("after stop: no supervisor").isLessThan(SILENT);
        caller.hangup();
    }

    private WebElement tile() {
        return driver.findElement(By.cssSelector(".tile[data-agent='1001']"));
    }

    private WebElement modeButton(String mode) {
        return tile().findElement(By.cssSelector(".monitor-actions .mon-mode[data-mode='" + mode + "']"));
    }

    private String badgeAttribute(String name) {
        List<WebElement> badges = tile().findElements(By.className("monitor-badge"));
        return badges.isEmpty() ? null : badges.get(0).getDomAttribute(name);
    }

    private void waitFor(java.util.function.Function<WebDriver, Boolean> check) {
        try {
            new WebDriverWait(driver, T).ignoring(org.openqa.selenium.NoSuchElementException.class).until(check::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            try {
                screenshot("wallboard-monitor-failure.png");
            } catch (Exception ignored) {
                // the failure below says what matters
            }
            throw e;
        }
    }

    private void screenshot(String name) throws Exception {
        Path shots = Path.of("target");
        Files.createDirectories(shots);
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, shots.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
