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
        return open(dir, new String[0]);
    }

    /**
     * A headless browser whose microphone is {@code wav} (looped) and whose page may use it without a prompt, and play
     * audio without a click: for the browser seat's calls. The caller quits it.
     */
    public static WebDriver withFakeMicrophone(Path dir, Path wav) throws Exception {
        return open(dir, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + wav.toAbsolutePath(), "--autoplay-policy=no-user-gesture-required");
    }

    private static WebDriver open(Path dir, String... extraArguments) throws Exception {
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
        options.addArguments(extraArguments);
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
