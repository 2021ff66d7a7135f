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
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The campaigns page (/campaigns/, issue 18) in headless chromium on the shipped configuration: an admin imports a
 * call list with bad rows from a file; the page shows the server's counts and every row not imported by line, field
 * and why (numbers masked), and the campaign's pending records; a supervisor sees no import. An admin creates a
 * campaign in the form (a mistake first: the server's field marked and its message shown), then edits it; the
 * configuration's campaign is marked read-only and has no edit nor delete; the created one is deleted after a
 * confirmation (a dismissed one deletes nothing).
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

    @Test
    void anAdminCreatesACampaignFixingTheFieldTheServerNamesThenEditsIt() throws Exception {
        driver.get(stack.base + "/campaigns/");
        waiting().until(d -> d.findElement(By.id("username")).isDisplayed());
        login("admin", "demo-admin");
        waiting().until(d -> d.findElements(By.cssSelector("#campaigns tr[data-campaign='spring-offer']")).size() == 1);
        WebElement spring = driver.findElement(By.cssSelector("#campaigns tr[data-campaign='spring-offer']"));
        assertThat(spring.getText()).contains("Configuration (read-only)");
        assertThat(spring.findElements(By.cssSelector("button.edit"))).isEmpty();

        driver.findElement(By.id("new-campaign")).click();
        waiting().until(d -> d.findElement(By.id("campaign-form")).isDisplayed());
        type("f-id", "winter");
        type("f-name-zh", "冬季回访");
        type("f-name-en", "Winter follow-up");
        new Select(driver.findElement(By.id("f-target-kind"))).selectByValue("team");
        new Select(driver.findElement(By.id("f-target"))).selectByValue("team-sales");
        new Select(driver.findElement(By.id("f-script"))).selectByValue("sales-outbound");
        assertThat(driver.findElements(By.cssSelector("#f-steps li")).stream().map(WebElement::getText).toList())
                .as("the script's steps: the standard's outbound ones").hasSize(8).contains("Greeting");
        for (String code : new String[] {"order", "busy", "refused"}) {
            driver.findElement(By.cssSelector("#f-outcomes tr[data-outcome='" + code + "'] .use")).click();
        }
        WebElement count = driver.findElement(By.cssSelector("#f-outcomes tr[data-outcome='busy'] .count"));
        count.sendKeys("0");
        driver.findElement(By.cssSelector("#f-outcomes tr[data-outcome='busy'] .spacing")).sendKeys("45");
        type("f-start", "10:00");
        type("f-end", "18:00");
        driver.findElement(By.id("f-save")).click();
        waiting().until(d -> d.findElement(By.id("f-message")).getText().startsWith("retries.busy.count: "));
        assertThat(count.getAttribute("class")).contains("invalid");
        assertThat(driver.findElements(By.cssSelector("#campaigns tr[data-campaign='winter']"))).isEmpty();

        count.clear();
        count.sendKeys("2");
        driver.findElement(By.id("f-save")).click();
        waiting().until(d -> d.findElement(By.id("f-message")).getText().equals("Campaign winter saved."));
        waiting().until(d -> d.findElements(By.cssSelector("#campaigns tr[data-campaign='winter']")).size() == 1);
        WebElement winter = driver.findElement(By.cssSelector("#campaigns tr[data-campaign='winter']"));
        assertThat(winter.getText()).contains("Winter follow-up", "team-sales", "10:00–18:00", "Browser");

        driver.findElement(By.id("f-cancel")).click();
        waiting().until(d -> !d.findElement(By.id("campaign-form")).isDisplayed());
        driver.findElement(By.cssSelector("#campaigns tr[data-campaign='winter'] button.edit")).click();
        waiting().until(d -> d.findElement(By.id("campaign-form")).isDisplayed()
                && d.findElement(By.id("f-name-en")).getAttribute("value").equals("Winter follow-up"));
        assertThat(driver.findElement(By.id("f-id")).getAttribute("value")).isEqualTo("winter");
        assertThat(driver.findElement(By.id("f-id")).isEnabled()).as("an id does not change").isFalse();
        assertThat(driver.findElement(By.cssSelector("#f-outcomes tr[data-outcome='busy'] .count"))
                .getAttribute("value")).isEqualTo("2");
        type("f-name-en", "Winter offer");
        driver.findElement(By.id("f-save")).click();
        waiting().until(d -> d.findElement(By.cssSelector("#campaigns tr[data-campaign='winter']")).getText()
                .contains("Winter offer"));

        // deleted after a confirmation (dismissed first: nothing happens); the configuration's has no delete
        assertThat(driver.findElements(By.cssSelector("#campaigns tr[data-campaign='spring-offer'] button.delete")))
                .isEmpty();
        driver.findElement(By.cssSelector("#campaigns tr[data-campaign='winter'] button.delete")).click();
        Alert confirm = waiting().until(ExpectedConditions.alertIsPresent());
        assertThat(confirm.getText()).contains("Delete campaign Winter offer?");
        confirm.dismiss();
        assertThat(driver.findElements(By.cssSelector("#campaigns tr[data-campaign='winter']"))).hasSize(1);
        driver.findElement(By.cssSelector("#campaigns tr[data-campaign='winter'] button.delete")).click();
        waiting().until(ExpectedConditions.alertIsPresent()).accept();
        waiting().until(d -> d.findElement(By.id("campaigns-message")).getText().equals("Campaign winter deleted."));
        waiting().until(d -> d.findElements(By.cssSelector("#campaigns tr[data-campaign='winter']")).isEmpty());
    }

    private void type(String id, String text) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
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
