package dev.cti.it.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.it.stack.Api;
import dev.cti.it.stack.Browser;
import dev.cti.it.stack.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 19's browser seat, its signalling: the desk page in headless Chromium against the real server and gateway.
 * The agent logs in once at the front door, opens the desk, and JsSIP in the page registers over SIP/WebSocket to the
 * gateway (the demo configuration's WS listener, moved to a free port): the page says registered, the gateway's
 * registrar holds a ws Contact for extension 1001, and the server's API shows the phone registered. Then the agent
 * logs in to the seat and goes ready and not ready from the page, as the server's API confirms.
 */
class DeskPhoneBrowserIT {
    private static final Duration T = Duration.ofSeconds(30);
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
    void theDeskPageRegistersItsJsSipPhoneWithTheGatewayAndDrivesTheSeat() throws Exception {
        Browser.requireInstalled();
        stack = Stack.start(dir, Map.of());
        assertThat(stack.gateway().sipPort("ws")).as("the demo configuration's WS listener").isPresent();

        driver = Browser.open(dir);
        driver.get("http://127.0.0.1:" + stack.server().httpPort() + "/");
        waitFor(d -> d.findElement(By.id("username")).isDisplayed());
        driver.findElement(By.id("username")).sendKeys("1001");
        driver.findElement(By.id("password")).sendKeys("demo-1001");
        driver.findElement(By.id("login-button")).click();
        waitFor(d -> d.findElement(By.id("go-desk")).isDisplayed());
        driver.findElement(By.id("go-desk")).click();
        waitFor(d -> d.findElement(By.id("desk")).isDisplayed());
        assertThat(driver.getCurrentUrl()).endsWith("/desk/");

        try {
            waitFor(d -> "registered".equals(d.findElement(By.id("phone-status")).getAttribute("data-state")));
        } catch (RuntimeException e) {
            screenshot("desk-phone-failed.png");
            throw new AssertionError("the page's phone did not register: "
                    + driver.findElement(By.id("phone-status")).getText(), e);
        }
        var bindings = stack.gateway().sip().locations().bindings("1001");
        assertThat(bindings).as("the gateway's registrar").isNotEmpty();
        assertThat(bindings.get(0).contact()).containsIgnoringCase("transport=ws");
        Api api = stack.api("1001");
        waitFor(d -> phoneRegistered(api));
        waitFor(d -> d.findElement(By.id("phone-server")).getText().contains("server sees it registered"));

        if (driver.findElement(By.id("seat-login")).isDisplayed()) {
            driver.findElement(By.id("seat-login")).click();
            waitFor(d -> "NOT_READY".equals(d.findElement(By.id("state")).getAttribute("data-state")));
        }
        driver.findElement(By.id("ready")).click();
        waitFor(d -> "READY".equals(d.findElement(By.id("state")).getAttribute("data-state")));
        assertThat(api.get("/api/agents/1001").body().getString("state")).isEqualTo("READY");
        driver.findElement(By.id("not-ready")).click();
        waitFor(d -> "NOT_READY".equals(d.findElement(By.id("state")).getAttribute("data-state")));
        assertThat(api.get("/api/agents/1001").body().getString("state")).isEqualTo("NOT_READY");
        screenshot("desk-registered.png");
    }

    private static boolean phoneRegistered(Api api) {
        try {
            return api.get("/api/agents/1001/phone").body().getBoolean("phoneRegistered");
        } catch (Exception e) {
            return false;
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
