package dev.cti.server.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cti.config.CtiConfig;
import dev.cti.config.UserConfig;
import dev.cti.server.testing.HeadlessChromium;
import dev.cti.server.testing.RestCalls;
import dev.cti.server.testing.ScriptedServer;
import dev.cti.server.testing.TestConfigs;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The reports page (报表) in a real browser (Debian's chromium, headless) against the server as ServerMain starts it on
 * the shipped configuration: a generated fortnight of records, the monthly queue report with its three ECharts charts
 * (canvas drawn, a screenshot kept in {@code target/reports/}), the CSV download read back from the browser's download
 * directory (BOM, the API's columns as header, one line per row), the standard's indicators with "no data yet" for
 * satisfaction, Chinese labels, and a supervisor of one team who sees only that team's agents.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportsBrowserTest {
    private static final Path SHOTS = Path.of("target", "reports");
    /** The fixture's names as the shipped configuration names them. */
    private static final Map<String, String> NAMES = Map.of("a1", "1001", "a3", "1002", "a2", "2001", "a4", "2002",
            "sales", "service", "support", "sales");

    @TempDir
    static Path tmp;
    private ScriptedServer stack;
    private WebDriver driver;
    private LocalDate first;
    private Path downloads;

    @BeforeAll
    void start() throws Exception {
        HeadlessChromium.requireInstalled();
        CtiConfig shipped = ScriptedServer.shipped();
        List<UserConfig> users = new ArrayList<>(shipped.users());
        users.add(new UserConfig("lead", "Sales lead", UserConfig.Role.SUPERVISOR, TestConfigs.hashOf(TestConfigs.PASSWORD),
                Optional.empty(), List.of("team-sales")));
        CtiConfig config = shipped.withUsers(users);
        ZoneId zone = ZoneId.of(config.site().timeZone());
        // the fortnight before yesterday, all in one month: the monthly report of that month holds it; stored before the
        // server starts, as a site's history is (the job's first run computes every interval of it)
        LocalDate end = LocalDate.now(zone).minusDays(2);
        first = end.minusDays(13).getMonth() == end.getMonth() ? end.minusDays(13) : end.withDayOfMonth(1);
        io.vertx.core.Vertx seeding = io.vertx.core.Vertx.vertx();
        try (dev.cti.server.store.Store store = dev.cti.server.store.Store.open(new dev.cti.config.StorageConfig(
                tmp.resolve("data").toString(), Optional.empty(), Optional.empty(), Optional.empty()), seeding,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), Clock.systemUTC())) {
            new MonthOfRecords(store, 21, NAMES).month(first, end);
        } finally {
            MonthOfRecords.get(seeding.close());
        }
        stack = ScriptedServer.start(config, Clock.systemUTC(), tmp.resolve("data"), "gw-reports");
        downloads = Files.createDirectories(tmp.resolve("downloads"));
        driver = HeadlessChromium.open(tmp);
        ((ChromeDriver) driver).executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toAbsolutePath().toString()));
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

    @Test
    @Order(1)
    void the_monthly_queue_report_draws_its_charts_and_downloads_its_csv() throws Exception {
        driver.get(stack.base + "/reports/");
        wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("username")).isDisplayed());
        login("admin", "demo-admin");
        wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("console")).isDisplayed());
        if (!"en".equals(((JavascriptExecutor) driver).executeScript("return Lang.get()"))) {
            driver.findElement(By.id("lang-toggle")).click();
        }
        new Select(driver.findElement(By.id("preset"))).selectByValue("monthly");
        setDate("anchor", first);
        driver.findElement(By.id("show")).click();
        wait(Duration.ofSeconds(15)).until(d -> d.findElements(By.cssSelector("#report-table tbody tr")).size() > 10
                && d.findElements(By.cssSelector("#chart-volume canvas")).size() == 1
                && d.findElements(By.cssSelector("#chart-aht canvas")).size() == 1
                && d.findElements(By.cssSelector("#chart-occupancy canvas")).size() == 1);
        // the charts have drawn: their canvases are not blank
        for (String chart : List.of("chart-volume", "chart-aht", "chart-occupancy")) {
            Object inked = ((JavascriptExecutor) driver).executeScript("const c = document.querySelector('#" + chart
                    + " canvas'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                    + " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n;");
            assertThat(((Number) inked).longValue()).as(chart + " drew something").isGreaterThan(2_000);
        }
        screenshot("monthly-queues-en.png");

        JsonObject api = new JsonObject(new RestCalls(stack.base).get("/api/reports/queues?from=" + first.withDayOfMonth(1)
                + "&to=" + first.withDayOfMonth(first.lengthOfMonth()) + "&by=day",
                new RestCalls(stack.base).login("admin", "demo-admin")));
        driver.findElement(By.id("csv")).click();
        Path csv = wait(Duration.ofSeconds(15)).until(d -> {
            try (var files = Files.list(downloads)) {
                return files.filter(f -> f.toString().endsWith(".csv")).findFirst().orElse(null);
            } catch (java.io.IOException e) {
                return null;
            }
        });
        byte[] bytes = Files.readAllBytes(csv);
        assertThat(new byte[] {bytes[0], bytes[1], bytes[2]}).isEqualTo(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        String[] lines = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).split("\r\n");
        assertThat(lines[0]).isEqualTo(String.join(",", api.getJsonArray("columns").getList()));
        assertThat(lines).hasSize(1 + api.getJsonArray("rows").size());
        assertThat(driver.findElements(By.cssSelector("#report-table tbody tr"))).hasSize(api.getJsonArray("rows").size());
    }

    @Test
    @Order(2)
    void indicators_in_chinese_with_no_data_yet_for_satisfaction() throws Exception {
        driver.findElement(By.id("lang-toggle")).click();
        driver.findElement(By.cssSelector("#tabs [data-tab='indicators']")).click();
        wait(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("#indicators tbody tr")).size() >= 18);
        WebElement satisfaction = driver.findElement(By.cssSelector("#indicators tr[data-indicator='customerSatisfaction']"));
        assertThat(satisfaction.getText()).contains("客户满意度").contains("暂无数据");
        assertThat(driver.findElement(By.cssSelector("#indicators tr[data-indicator='answerRate']")).getText())
                .contains("接通率").contains("%");
        screenshot("indicators-zh.png");
        driver.findElement(By.cssSelector("#tabs [data-tab='report']")).click();
        wait(Duration.ofSeconds(15)).until(d -> d.findElements(By.cssSelector("#chart-volume canvas")).size() == 1
                && d.findElement(By.cssSelector("#report-table thead")).getText().contains("服务水平"));
        screenshot("monthly-queues-zh.png");
    }

    @Test
    @Order(3)
    void a_supervisor_sees_only_the_agents_of_their_teams() throws Exception {
        driver.findElement(By.id("logout")).click();
        wait(Duration.ofSeconds(5)).until(d -> d.findElement(By.id("username")).isDisplayed());
        login("lead", TestConfigs.PASSWORD);
        wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("console")).isDisplayed());
        new Select(driver.findElement(By.id("preset"))).selectByValue("monthly");
        setDate("anchor", first);
        new Select(driver.findElement(By.id("dimension"))).selectByValue("agents");
        driver.findElement(By.id("show")).click();
        wait(Duration.ofSeconds(15)).until(d -> d.findElements(By.cssSelector("#report-table tbody tr")).size() > 3
                && d.findElement(By.cssSelector("#report-table thead")).getText().contains("坐席"));
        Set<String> agents = driver.findElements(By.cssSelector("#report-table tbody tr")).stream()
                .map(tr -> tr.findElements(By.tagName("td")).get(1).getText()).collect(Collectors.toSet());
        assertThat(agents).containsExactlyInAnyOrder("2001", "2002");
        List<String> filter = new Select(driver.findElement(By.id("filter"))).getOptions().stream()
                .map(o -> o.getDomAttribute("value")).filter(v -> !v.isEmpty()).toList();
        assertThat(filter).allMatch(a -> a.startsWith("2"));
        screenshot("supervisor-agents-zh.png");
    }

    private void setDate(String id, LocalDate day) {
        ((JavascriptExecutor) driver).executeScript("document.getElementById(arguments[0]).value = arguments[1]", id,
                day.toString());
    }

    private void login(String user, String password) {
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

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SHOTS);
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
