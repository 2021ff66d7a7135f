package dev.cti.server.testing;

import dev.cti.testpeers.PeerTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The wallboard tests' browser: Debian's chromium and chromedriver (found by {@link PeerTool}, so a missing one
 * fails under CI=true and skips with the install hint elsewhere), headless, English, one window size for the
 * screenshots. Selenium Manager is never asked for anything.
 */
public final class HeadlessChromium {
    private HeadlessChromium() {}

    /** A new browser with its profile under {@code dir}; the caller quits it. */
    public static WebDriver open(Path dir) throws Exception {
        Path chromium = PeerTool.require("chromium", "chromium");
        Path chromedriver = PeerTool.require("chromedriver", "chromium-driver");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--lang=en-US", "--window-size=1600,1150",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(15));
        return driver;
    }

    /** Checks both tools first, so that a missing browser skips or fails before a server is started. */
    public static void requireInstalled() {
        PeerTool.require("chromium", "chromium");
        PeerTool.require("chromedriver", "chromium-driver");
    }
}
