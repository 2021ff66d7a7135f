package dev.cti.server.home;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.server.testing.HeadlessChromium;
import dev.cti.server.testing.ScriptedServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The server's front door in a real browser (Debian's chromium, headless) against the server on the shipped
 * configuration: the root URL leads to one login, after which each role lands on its page already logged in (no
 * second form), an agent is told where the desk is, and a wrong password stays on the form with the error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HomePageBrowserTest {
    @TempDir
    static Path tmp;
    private ScriptedServer stack;
    private WebDriver driver;

    @BeforeAll
    void start() throws Exception {
        HeadlessChromium.requireInstalled();
        stack = ScriptedServer.start(ScriptedServer.shipped(), Clock.systemUTC(), tmp.resolve("data"), "gw-home");
        driver = HeadlessChromium.open(tmp);
    }

    @AfterAll
    void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @AfterEach
    void forgetSession() {
        // each test logs in afresh: the token lives in the tab's sessionStorage
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
    }

    @Test
    void the_root_url_redirects_to_the_front_door() throws Exception {
        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.base + "/")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("location")).hasValue("/home/");
    }

    @Test
    void each_role_lands_on_its_page_without_a_second_login() {
        for (List<String> c : List.of(List.of("supervisor", "/wallboard/", "board"), List.of("inspector", "/qa/", "console"),
                List.of("admin", "/reports/", "console"))) {
            driver.get(stack.base + "/");
            login(c.get(0), "demo-" + c.get(0));
            wait(Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().endsWith(c.get(1))
                    && d.findElement(By.id(c.get(2))).isDisplayed());
            assertThat(driver.findElement(By.id("login")).isDisplayed()).as(c.get(0) + ": no second login form").isFalse();
            ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        }
    }

    @Test
    void an_agent_is_told_where_the_desk_is() {
        driver.get(stack.base + "/");
        login("1001", "demo-1001");
        wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("home")).isDisplayed());
        assertThat(driver.getCurrentUrl()).endsWith("/home/");
        assertThat(driver.findElement(By.id("role-note")).getText()).contains("bin/cti agent --id 1001");
        assertThat(driver.findElements(By.cssSelector("#pages a"))).extracting(e -> e.getAttribute("id"))
                .containsExactly("go-wallboard");
        driver.findElement(By.id("logout")).click();
        wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("username")).isDisplayed());
    }

    @Test
    void a_wrong_password_stays_on_the_form_with_the_error() {
        driver.get(stack.base + "/");
        login("supervisor", "not-the-password");
        wait(Duration.ofSeconds(10)).until(d -> !d.findElement(By.id("login-error")).getText().isEmpty());
        assertThat(driver.getCurrentUrl()).endsWith("/home/");
        assertThat(driver.findElement(By.id("home")).isDisplayed()).isFalse();
    }

    private void login(String user, String password) {
        wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("username")).isDisplayed());
        WebElement u = driver.findElement(By.id("username"));
        u.clear();
        u.sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login-button")).click();
    }

    private WebDriverWait wait(Duration timeout) {
        WebDriverWait w = new WebDriverWait(driver, timeout);
        w.pollingEvery(Duration.ofMillis(50)).ignoring(StaleElementReferenceException.class);
        return w;
    }
}
