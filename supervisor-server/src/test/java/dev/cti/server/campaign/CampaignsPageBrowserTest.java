package dev.cti.server.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.server.testing.HeadlessChromium;
import dev.cti.server.testing.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The campaigns page (/campaigns/, issue 18) in headless chromium on the shipped configuration: an admin imports a
 * call list with bad rows from a file; the page shows the server's counts and every row not imported by line, field
 * and why (numbers masked), and the campaign's pending records; a supervisor sees no import.
 */
class CampaignsPageBrowserTest {
    @TempDir
    Path tmp;
    private ScriptedServer stack;
    private WebDriver driver;

    @BeforeEach
    void start() throws Exception {
        HeadlessChromium.requireInstalled();
        stack = ScriptedServer.start(ScriptedServer.shipped(), Clock.systemUTC(), tmp.resolve("data"), "gw-campaigns");
        driver = HeadlessChromium.open(tmp);
    }

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
    void anAdminImportsACallListWithBadRowsAndSeesTheReport() throws Exception {
        Path csv = tmp.resolve("list.csv");
        Files.writeString(csv, "number,name,title,notes\n13800000001,王芳,女士,\n138x,李雷,,\n13900000000,赵六,,\n"
                + "13800000001,王芳,,\n13800000002,,,\n13800000003,韩梅梅,,\n", StandardCharsets.UTF_8);
        driver.get(stack.base + "/campaigns/");
        waiting().until(d -> d.findElement(By.id("username")).isDisplayed());
        login("admin", "demo-admin");
        waiting().until(d -> d.findElements(By.cssSelector("#campaigns tr[data-campaign='spring-offer']")).size() == 1);
        driver.findElement(By.id("import-file")).sendKeys(csv.toString());
        driver.findElement(By.id("import-button")).click();
        waiting().until(d -> d.findElement(By.id("import-report")).isDisplayed());
        List<String> rows = driver.findElements(By.cssSelector("#import-report tbody tr")).stream()
                .map(WebElement::getText).toList();
        assertThat(rows).containsExactly(
                "3 number Rejected: must be 3 to 20 digits with an optional leading +",
                "4 number Do-not-call: on the do-not-call list (139****0000)",
                "5 number Duplicates: duplicate of line 2 (138****0001)",
                "6 name Rejected: is required");
        assertThat(driver.findElement(By.id("import-message")).getText())
                .isEqualTo("Imported 2, Duplicates 1, Do-not-call 1, Rejected 2");
        waiting().until(d -> d.findElement(By.cssSelector("#campaigns tr[data-campaign='spring-offer']")).getText()
                .contains("sales"));
        assertThat(driver.findElements(By.cssSelector("#campaigns tr[data-campaign='spring-offer'] td")).get(3)
                .getText()).isEqualTo("2");

        driver.findElement(By.id("logout")).click();
        waiting().until(d -> d.findElement(By.id("username")).isDisplayed());
        login("supervisor", "demo-supervisor");
        waiting().until(d -> d.findElements(By.cssSelector("#campaigns tr[data-campaign='spring-offer']")).size() == 1);
        assertThat(driver.findElement(By.id("import-box")).isDisplayed()).isFalse();
    }

    private void login(String user, String password) {
        WebElement u = driver.findElement(By.id("username"));
        u.clear();
        u.sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login-button")).click();
    }

    private WebDriverWait waiting() {
        WebDriverWait w = new WebDriverWait(driver, Duration.ofSeconds(10));
        w.pollingEvery(Duration.ofMillis(50)).ignoring(StaleElementReferenceException.class);
        return w;
    }
}
