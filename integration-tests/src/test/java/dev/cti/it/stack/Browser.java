package dev.cti.it.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the end-to-end browser tests, from Debian's chromium and chromium-driver packages. A
 * missing browser fails the test when {@code CI=true} (the browser test must run there) and skips it elsewhere
 * with the {@code apt-get install} that fixes it.
 */
public final class Browser {
    private Browser() {}

    /** A new headless browser with its profile under {@code dir}; the caller quits it. */
    public static WebDriver open(Path dir) throws Exception {
        Path chromium = require("/usr/bin/chromium", "chromium");
        Path chromedriver = require("/usr/bin/chromedriver", "chromium-driver");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(15));
        return driver;
    }

    /** Checks the tools before anything else starts, so that a missing browser skips or fails at once. */
    public static void requireInstalled() {
        require("/usr/bin/chromium", "chromium");
        require("/usr/bin/chromedriver", "chromium-driver");
    }

    private static Path require(String path, String debianPackage) {
        Path p = Path.of(path);
        if (Files.isExecutable(p)) return p;
        String hint = path + " is not installed: apt-get install " + debianPackage;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail(hint + " (CI=true: the browser test must run)");
        Assumptions.abort(hint);
        return p;
    }
}
