package dev.cti.server.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.link.message.AgentRinging;
import dev.cti.link.message.CallAnswered;
import dev.cti.link.message.CallCleared;
import dev.cti.link.message.CallHeld;
import dev.cti.link.message.CallOffered;
import dev.cti.link.message.CallResumed;
import dev.cti.link.message.ClearCause;
import dev.cti.link.message.DeliverToAgent;
import dev.cti.link.message.HoldCall;
import dev.cti.link.message.PhoneRegistered;
import dev.cti.link.message.ResumeCall;
import dev.cti.server.testing.HeadlessChromium;
import dev.cti.server.testing.ScriptedServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The desk page (/desk/, issue 19) in headless Chromium against the server as ServerMain runs it, a scripted gateway on
 * the link: an agent logs in, logs in to the seat and goes ready from the page; a service call rings and is answered
 * (the page shows it, masked, with its script's steps and phrases); Hold and Resume in the page send HoldCall and
 * ResumeCall to the gateway and the hold timer runs in between; the caller hangs up and the page's wrap-up puts the
 * agent back to READY. No gateway listens on the demo's WS port here: the phone says it cannot reach the gateway,
 * while the server's view of the phone (registered, from the gateway) is shown beside it.
 */
class DeskPageBrowserTest {
    private static final Duration T = Duration.ofSeconds(15);
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
    void anAgentWorksACallFromTheDeskPage() throws Exception {
        HeadlessChromium.requireInstalled();
        stack = ScriptedServer.start(ScriptedServer.shipped(), Clock.systemUTC(), tmp.resolve("data"), "gw-desk");
        var gateway = stack.gateway;
        gateway.send(new PhoneRegistered("1001", "sip:1001@127.0.0.1:5070", 3600, System.currentTimeMillis()));
        driver = HeadlessChromium.open(tmp);
        driver.get(stack.base + "/desk/");
        waitFor(d -> d.findElement(By.id("username")).isDisplayed());
        driver.findElement(By.id("username")).sendKeys("1001");
        driver.findElement(By.id("password")).sendKeys("demo-1001");
        driver.findElement(By.id("login-button")).click();
        waitFor(d -> d.findElement(By.id("desk")).isDisplayed());

        // JsSIP retries every few seconds: the message is checked while it shows
        waitFor(d -> "disconnected".equals(attr("phone-status", "data-state"))
                && text("phone-status").contains("Cannot reach the gateway (ws://127.0.0.1:5066)"));
        waitFor(d -> text("phone-server").contains("server sees it registered"));

        if (driver.findElement(By.id("seat-login")).isDisplayed()) {
            driver.findElement(By.id("seat-login")).click();
            waitFor(d -> "NOT_READY".equals(attr("state", "data-state")));
        }
        driver.findElement(By.id("ready")).click();
        waitFor(d -> "READY".equals(attr("state", "data-state")));

        long now = System.currentTimeMillis();
        gateway.send(new CallOffered("call-d1", "service", "13812345678", "4008001000", "pbx", now));
        gateway.await(DeliverToAgent.class, d -> d.callId().equals("call-d1"));
        gateway.send(new AgentRinging("call-d1", "1001", "1001", now + 500));
        gateway.send(new CallAnswered("call-d1", "1001", 3_000, now + 3_000));
        waitFor(d -> d.findElement(By.id("call-panel")).isDisplayed() && text("call-caller").equals("138****5678"));
        waitFor(d -> d.findElement(By.id("script-panel")).isDisplayed()
                && !d.findElements(By.cssSelector("#script-steps li")).isEmpty()
                && !d.findElements(By.cssSelector("#script-phrases li")).isEmpty());

        driver.findElement(By.id("hold")).click();
        gateway.await(HoldCall.class, h -> h.callId().equals("call-d1"));
        gateway.send(new CallHeld("call-d1", "1001", System.currentTimeMillis()));
        waitFor(d -> d.findElement(By.id("hold-line")).isDisplayed());
        waitFor(d -> text("hold-timer").matches("0:0[2-9]"));
        driver.findElement(By.id("resume")).click();
        gateway.await(ResumeCall.class, r -> r.callId().equals("call-d1"));
        gateway.send(new CallResumed("call-d1", "1001", System.currentTimeMillis()));
        waitFor(d -> !d.findElement(By.id("hold-line")).isDisplayed());

        gateway.send(new CallCleared("call-d1", ClearCause.CALLER_HANGUP, 3_000, 20_000,
                System.currentTimeMillis()));
        waitFor(d -> "WRAP_UP".equals(attr("state", "data-state")) && d.findElement(By.id("wrapup-panel"))
                .isDisplayed());
        assertThat(driver.findElement(By.id("call-panel")).isDisplayed()).isFalse();
        new Select(driver.findElement(By.id("wrapup-code"))).selectByValue("resolved");
        driver.findElement(By.id("wrapup-done")).click();
        waitFor(d -> "READY".equals(attr("state", "data-state")));
        assertThat(stack.server.agents().snapshot("1001").orElseThrow().state().name()).isEqualTo("READY");
        assertThat(text("action-error")).isEmpty();
    }

    private String attr(String id, String name) {
        return driver.findElement(By.id(id)).getAttribute(name);
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, T).until(condition::apply);
    }
}
