package dev.cti.server.wallboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.server.followup.FollowUps;
import dev.cti.server.testing.HeadlessChromium;
import dev.cti.server.testing.ScriptedServer;
import dev.cti.server.testing.ShiftableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * Overdue follow-ups on the wallboard (issue 17) in headless chromium, against the server as ServerMain starts it on
 * the shipped configuration: a callback nobody could take is listed, flagged, by push alone once the server's clock
 * passes its time by more than followUps.callbackOverdueMinutes; a complaint not closed within two working days too.
 */
class FollowUpWallboardBrowserTest {
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
    void an_overdue_callback_and_an_overdue_complaint_show_flagged() throws Exception {
        HeadlessChromium.requireInstalled();
        ShiftableClock clock = new ShiftableClock();
        stack = ScriptedServer.start(ScriptedServer.shipped(), clock, tmp.resolve("data"), "gw-follow-ups");
        FollowUps followUps = stack.server.followUps();
        followUps.callbacks().book("1001", "c-late", Optional.of("service"), "13912345678",
                clock.instant().plus(Duration.ofMinutes(10))).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        followUps.complaints().open("1002", "c-angry", Optional.of("service"), Optional.of("serious"))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        driver = HeadlessChromium.open(tmp);
        driver.get(stack.base + "/wallboard/");
        new WebDriverWait(driver, STEP).until(d -> d.findElement(By.id("username")).isDisplayed());
        driver.findElement(By.id("username")).sendKeys("supervisor");
        driver.findElement(By.id("password")).sendKeys("demo-supervisor");
        driver.findElement(By.id("login-button")).click();
        new WebDriverWait(driver, STEP).until(d -> "live".equals(d.findElement(By.id("conn"))
                .getDomAttribute("data-conn")) && !d.findElements(By.cssSelector("#complaints li.followup")).isEmpty());
        assertThat(driver.findElements(By.cssSelector("#overdue-callbacks li.followup-overdue"))).isEmpty();
        assertThat(driver.findElement(By.cssSelector("#complaints li.followup")).getText()).contains("1002");

        // 10 minutes to its time, 15 more before it is overdue: one minute past that, the server's tick pushes it
        clock.advance(Duration.ofMinutes(26));
        followUps.tick().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        WebElement late = new WebDriverWait(driver, STEP).until(d -> d.findElements(
                By.cssSelector("#overdue-callbacks li.followup-overdue[data-kind='callback']")).stream()
                .findFirst().orElse(null));
        assertThat(late.getText()).contains("1001").contains("0 attempt");
        assertThat(late.findElement(By.cssSelector(".flag")).getText()).isNotBlank();

        // a week later the complaint is past its two working days as well
        clock.advance(Duration.ofDays(7));
        followUps.tick().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        new WebDriverWait(driver, STEP).until(d -> !d.findElements(
                By.cssSelector("#complaints li.followup-overdue[data-kind='complaint']")).isEmpty());
        Path shots = Path.of("target", "wallboard");
        Files.createDirectories(shots);
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(),
                shots.resolve("follow-ups-overdue.png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
