package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard seen through headless Chromium on a running demo: sign in, today's counts change
 * as the simulator drives traffic, the map and top lists fill, a plate search finds exactly that
 * plate's violations, and a detail page shows the violation's fields, reasons and evidence images,
 * in Chinese and in English. Screenshots go to {@code screenshots}. Uses the system's Chromium
 * and chromedriver (Debian: {@code apt-get install chromium chromium-driver}).
 *
 * <p>Against a demo already running: {@code java -cp … dev.vigil.deploy.DashboardBrowser DATA_DIR SCREENSHOT_DIR}.
 */
final class DashboardBrowser {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("VIGIL_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("VIGIL_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String console;
    private final Properties credentials = new Properties();
    private final Path screenshots;
    private final HttpClient http = HttpClient.newHttpClient();

    DashboardBrowser(Path dataDir, Path screenshots) throws IOException {
        this.console = JSON.readTree(dataDir.resolve("demo.json").toFile()).path("console").asText();
        try (var in = Files.newBufferedReader(dataDir.resolve("console-credentials"))) {
            credentials.load(in);
        }
        this.screenshots = Files.createDirectories(screenshots);
    }

    /** Whether this machine has the browser and its driver. */
    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    void run() throws Exception {
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        Path profile = Files.createTempDirectory("vigil-chromium-");
        // the closed network refuses Chromium's own background connections: ask for none
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1440,1000", "--user-data-dir=" + profile, "--lang=zh-CN");
        WebDriver browser = new ChromeDriver(service, options);
        try {
            signIn(browser);
            countsChange(browser);
            JsonNode violation = aViolationWithStoredEvidence();
            search(browser, violation);
            detail(browser, violation);
            english(browser);
        } catch (Exception | AssertionError e) {
            screenshot(browser, "failed");
            throw e;
        } finally {
            browser.quit();
            Directories.deleteRecursively(profile);
        }
    }

    private void signIn(WebDriver browser) throws IOException {
        browser.get(console + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        assertThat(browser.findElement(By.cssSelector("#login-form h2")).getText()).isEqualTo("登录");
        browser.findElement(By.id("login-user")).sendKeys(credentials.getProperty("user"));
        browser.findElement(By.id("login-password")).sendKeys("not the password");
        browser.findElement(By.cssSelector("#login-form button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("login-error"), "用户名或密码错误"));
        browser.findElement(By.id("login-password")).clear();
        browser.findElement(By.id("login-password")).sendKeys(credentials.getProperty("password"));
        browser.findElement(By.cssSelector("#login-form button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("view-dashboard")));
        screenshot(browser, "1-signed-in");
    }

    /** Today's total and category cards show the stats' counts, and they grow while the page stays open. */
    private void countsChange(WebDriver browser) throws IOException {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(d -> total(d) > 0);
        wait.until(ExpectedConditions.attributeToBeNotEmpty(browser.findElement(By.id("device-map")), "data-devices"));
        long first = total(browser);
        assertThat(categorySum(browser)).isEqualTo(first);
        assertThat(Integer.parseInt(browser.findElement(By.id("device-map")).getAttribute("data-devices")))
                .isEqualTo(api("/api/devices").path("devices").size());
        assertThat(browser.findElements(By.cssSelector("#top-devices li"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#top-roads li"))).isNotEmpty();
        assertThat(browser.findElement(By.cssSelector("#live")).getText()).isEqualTo("实时");
        screenshot(browser, "2-dashboard");
        // new one-minute stats arrive over the stream: the page refreshes its counts by itself
        new WebDriverWait(browser, Duration.ofSeconds(150)).until(d -> total(d) > first);
        long later = total(browser);
        assertThat(categorySum(browser)).isEqualTo(later);
        // what the page shows is what the API counts (the API may already be ahead)
        assertThat(api("/api/stats?by=type&from=" + today()).path("total").asLong()).isGreaterThanOrEqualTo(later);
        screenshot(browser, "3-dashboard-later");
    }

    private void search(WebDriver browser, JsonNode violation) throws IOException, InterruptedException {
        String plate = violation.path("plate").path("number").asText();
        browser.findElement(By.id("nav-search")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("search-form")));
        browser.findElement(By.id("search-plate")).sendKeys(plate);
        browser.findElement(By.id("search-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#results-body tr[data-id='"
                + violation.path("violationId").asText() + "']")));
        List<String> expected = new ArrayList<>();
        api("/api/violations?size=50&plate=" + URLEncoder.encode(plate, StandardCharsets.UTF_8)).path("violations")
                .forEach(v -> expected.add(v.path("violationId").asText()));
        List<String> shown = new ArrayList<>();
        for (WebElement row : browser.findElements(By.cssSelector("#results-body tr"))) {
            shown.add(row.getAttribute("data-id"));
            assertThat(row.findElement(By.className("plate")).getText()).isEqualTo(plate);
        }
        assertThat(shown).isEqualTo(expected);
        screenshot(browser, "4-search");
    }

    private void detail(WebDriver browser, JsonNode violation) throws IOException {
        String id = violation.path("violationId").asText();
        browser.findElement(By.cssSelector("#results-body tr[data-id='" + id + "']")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#detail-fields dd[data-field='violationId']"), id));
        assertThat(browser.getCurrentUrl()).endsWith("#/violation/" + id);
        List<String> reasons = new ArrayList<>();
        browser.findElements(By.cssSelector("#detail-reasons li[data-reason]")).forEach(li -> reasons.add(li.getAttribute("data-reason")));
        List<String> expectedReasons = new ArrayList<>();
        violation.path("reasons").forEach(r -> expectedReasons.add(r.asText()));
        assertThat(reasons).isEqualTo(expectedReasons);
        assertThat(browser.findElement(By.id("detail-status")).getAttribute("class")).contains("status-" + violation.path("status").asText());
        // every image the evidence store holds is shown, loaded for real
        List<String> stored = new ArrayList<>();
        for (JsonNode image : violation.path("evidence")) {
            if (image.hasNonNull("sha256") && image.path("uri").asText().startsWith("/evidence/")) {
                stored.add(image.path("sha256").asText());
            }
        }
        assertThat(stored).isNotEmpty();
        for (String sha256 : stored) {
            WebElement img = browser.findElement(By.cssSelector("#detail-evidence img[data-sha256='" + sha256 + "']"));
            wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
                    "return arguments[0].complete ? arguments[0].naturalWidth : 0", img)).intValue() > 0);
        }
        screenshot(browser, "5-detail");
    }

    private void english(WebDriver browser) throws IOException {
        browser.findElement(By.id("lang")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.cssSelector("[data-i18n='detail.evidence']"), "Evidence"));
        assertThat(browser.findElement(By.id("lang")).getText()).isEqualTo("中文");
        browser.findElement(By.id("nav-dashboard")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBe(By.cssSelector("[data-i18n='today.total']"),
                "Violations today"));
        screenshot(browser, "6-dashboard-english");
    }

    /** A recent violation with a plate whose evidence images the evidence store holds. */
    private JsonNode aViolationWithStoredEvidence() throws IOException {
        for (JsonNode violation : api("/api/violations?size=200&type=RED_LIGHT").path("violations")) {
            if (violation.path("plate").hasNonNull("number") && violation.path("evidence").findValuesAsText("uri").stream()
                    .anyMatch(uri -> uri.startsWith("/evidence/"))) {
                return violation;
            }
        }
        throw new AssertionError("no red-light violation with images in the evidence store among the latest 200");
    }

    private static long total(WebDriver browser) {
        String text = browser.findElement(By.id("count-total")).getText();
        return text.matches("\\d+") ? Long.parseLong(text) : -1;
    }

    private static long categorySum(WebDriver browser) {
        long sum = 0;
        for (WebElement value : browser.findElements(By.cssSelector("#category-cards .value"))) {
            sum += Long.parseLong(value.getText());
        }
        return sum;
    }

    private static String today() {
        return URLEncoder.encode(java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")) + "T00:00:00+08:00", StandardCharsets.UTF_8);
    }

    private JsonNode api(String pathAndQuery) throws IOException {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(console + pathAndQuery))
                    .header("Authorization", "Bearer " + credentials.getProperty("token")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(pathAndQuery + " " + answer.body()).isEqualTo(200);
            return JSON.readTree(answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private void screenshot(WebDriver browser, String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), screenshots.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    public static void main(String[] args) throws Exception {
        new DashboardBrowser(Path.of(args[0]), Path.of(args[1])).run();
        System.out.println("dashboard browser test passed; screenshots in " + args[1]);
    }
}
