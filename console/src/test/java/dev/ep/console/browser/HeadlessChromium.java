package dev.ep.console.browser;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium through Debian's chromedriver, named explicitly so that Selenium Manager never runs (it
 * would try to download a browser). Without them the test is aborted with the install command, unless
 * {@code EP_REQUIRE_BROWSER=true} (set by {@code .ci/run}, which installs them), where it fails.
 */
final class HeadlessChromium {

    static final String REQUIRED_ENV = "EP_REQUIRE_BROWSER";
    static final String INSTALL = "apt-get install -y chromium chromium-driver";
    static final Path BROWSER = Path.of(System.getenv().getOrDefault("EP_CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getenv().getOrDefault("EP_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private HeadlessChromium() {
    }

    /** A 1280×900 headless window, or a failed/aborted test saying how to install the browser. */
    static ChromeDriver start() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            String message = BROWSER + " or " + DRIVER + " is missing; install them with: " + INSTALL;
            if ("true".equalsIgnoreCase(System.getenv(REQUIRED_ENV))) {
                fail(message + " (" + REQUIRED_ENV + "=true makes this test mandatory)");
            }
            Assumptions.abort(message + " (set " + REQUIRED_ENV + "=true to make this a failure)");
        }
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString())).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--force-device-scale-factor=1", "--lang=en-US");
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }
}
