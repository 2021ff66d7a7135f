package dev.cti.it.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cti.gateway.sip.SipEndpoint;
import dev.cti.it.stack.Api;
import dev.cti.it.stack.Audio;
import dev.cti.it.stack.Browser;
import dev.cti.it.stack.Caller;
import dev.cti.it.stack.Seat;
import dev.cti.it.stack.Stack;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The disk guard through the real stack (issue 12): {@code recording.minFreeMegabytes} set above the free space of
 * the recording directory. A call connects and both parties hear each other, but it is not recorded: the gateway says
 * why ({@code RecordingSkipped DISK_FLOOR}), which the server keeps ({@code recording_skips}) and the API tells (the
 * pause button's state, a pause refused with the reason); no recording is listed and no file written. The gateway's
 * report reaches the wallboard (its alert, in headless Chromium, and {@code GET /api/recordings/disk}) and both
 * processes' metrics.
 */
class RecordingDiskFloorIT {
    private static final Duration T = Duration.ofSeconds(20);
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
    void underTheFloorACallConnectsUnrecordedAndTheWallboardAndMetricsSaySo() throws Exception {
        Browser.requireInstalled();
        stack = Stack.start(dir, Map.of(), Map.of("minFreeMegabytes: 1024", "minFreeMegabytes: 2147483647"),
                SipEndpoint.Options.defaults());
        Seat agent = stack.seat("1001", 880, 300);
        assertThat(agent.run("ready").getString("state")).isEqualTo("READY");
        Caller caller = stack.caller("13812345678", 440);
        caller.dial("4008001000");
        String callId = agent.events().await("script", T).getString("callId");
        agent.events().awaitState("ON_CALL", T);
        caller.events().await("answered", T);
        assertThat(Audio.share(Audio.next(caller, 300, 1.0), 880)).as("the call connected: the customer hears the agent")
                .isGreaterThan(Audio.HEARS);

        Api boss = stack.api("supervisor");
        JsonObject state = await("the gateway said why the call is not recorded").atMost(T)
                .until(() -> boss.get("/api/calls/" + callId + "/recording").body(),
                        b -> "not_recorded".equals(b.getString("state")) && b.containsKey("reason"));
        assertThat(state.getString("reason")).isEqualTo("DISK_FLOOR");
        Api.Reply pause = stack.api("1001").post("/api/calls/" + callId + "/recording/pause", new JsonObject());
        assertThat(pause.status()).isEqualTo(409);
        assertThat(pause.body().getString("error")).isEqualTo("not_recorded");
        assertThat(pause.body().getString("message")).contains("DISK_FLOOR");
        assertThat(stack.server().recordings().store().skipReason(callId).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS)).as("recording_skips").contains("DISK_FLOOR");

        JsonObject disk = boss.get("/api/recordings/disk").body().getJsonObject("disk");
        assertThat(disk.getString("state")).isEqualTo("BELOW_FLOOR");
        assertThat(disk.getBoolean("belowFloor")).isTrue();
        assertThat(disk.getLong("floorBytes")).isGreaterThan(disk.getLong("freeBytes"));
        assertThat(stack.server().meters().scrape()).contains("cti_recording_disk_below_floor 1.0");
        assertThat(stack.gateway().registry().scrape())
                .contains("recordings_skipped_total{reason=\"disk_floor\"} 1.0")
                .contains("recordings_active 0.0");

        // the wallboard's alert, as a supervisor sees it
        driver = Browser.open(dir);
        driver.get("http://127.0.0.1:" + stack.server().httpPort() + "/wallboard/");
        WebDriverWait wait = new WebDriverWait(driver, T);
        wait.ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(d -> d.findElement(By.id("username")).isDisplayed());
        driver.findElement(By.id("username")).sendKeys("supervisor");
        driver.findElement(By.id("password")).sendKeys("demo-supervisor");
        driver.findElement(By.id("login-button")).click();
        WebElement alert = wait.ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(d -> d.findElement(By.cssSelector("#alerts li[data-alert='recordingDisk']")));
        assertThat(alert.isDisplayed()).isTrue();
        assertThat(alert.getText()).contains(Long.toString(disk.getLong("floorBytes") / 1048576));

        caller.hangup();
        agent.events().awaitState("WRAP_UP", T);
        assertThat(boss.get("/api/recordings").body().getJsonArray("recordings")).as("nothing recorded").isEmpty();
        try (Stream<Path> files = Files.walk(Path.of(stack.config().recordingDirectory()))) {
            assertThat(files.filter(p -> p.toString().endsWith(".ctirec")).count()).as("no file").isZero();
        }
    }
}
