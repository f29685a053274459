package dev.concurrencylab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import dev.concurrencylab.lab.observability.Tools;
import dev.concurrencylab.launcher.Service;

/**
 * The live page in a real browser (Debian's chromium, driven by Selenium through chromedriver):
 * ./lab up prints its URL; with traffic on, every replica's row shows live numbers; a replica
 * ./lab scale adds appears without a reload, and the page notes it; a bench's current run is shown
 * while it runs; ./lab down stops the page.
 * Skipped where chromium or chromedriver is not installed; CI installs both and checks this ran.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveDashboardIT {

    private static final Pattern DASHBOARD = Pattern.compile("Live dashboard: (http://127\\.0\\.0\\.1:\\d+/)");
    private static final String NUMBER = "\\d[\\d,]*(\\.\\d+)?";

    private final LabCli lab = new LabCli();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicBoolean trafficOn = new AtomicBoolean(true);
    private CompletableFuture<Void> traffic;
    private ChromeDriver browser;
    private String dashboard;

    @BeforeAll
    void labAndBrowser() {
        Tools.assumeInstalled("chromium");
        Tools.assumeInstalled("chromedriver");
        LabCli.Output up = lab.printing("up", "--replicas", "mvc=1,virtual=0,webflux=1", "--gateway-port", "0");
        assertThat(up.exit()).as(up.text()).isZero();
        Matcher printed = DASHBOARD.matcher(up.text());
        assertThat(printed.find()).as("./lab up prints the dashboard's URL:%n%s", up.text()).isTrue();
        dashboard = printed.group(1);
        String gateway = lab.state().only(Service.GATEWAY).orElseThrow().url();
        // a few requests a second to each variant, products twice each so the cache has hits; bounded in time
        traffic = CompletableFuture.runAsync(() -> {
            Instant end = Instant.now().plus(Duration.ofMinutes(3));
            for (int i = 0; trafficOn.get() && Instant.now().isBefore(end); i++) {
                for (String path : List.of("/webflux/work?io=5ms", "/mvc/work?io=5ms", "/webflux/products/" + i % 5)) {
                    try {
                        lab.get(gateway + path);
                    } catch (RuntimeException duringAScale) {
                        // the next request goes on; the test looks at the page, not at these answers
                    }
                }
            }
        });
        ChromeOptions options = new ChromeOptions().setBinary(which("chromium").toString())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1600");
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(which("chromedriver").toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
    }

    @AfterAll
    void stop() {
        trafficOn.set(false);
        if (traffic != null) {
            traffic.join();
        }
        if (browser != null) {
            browser.quit();
        }
        if (lab.isUp()) {
            lab.run("down");
        }
    }

    @Test
    @Order(1)
    void everyReplicaShowsLiveNumbers() {
        browser.get(dashboard);

        await("live numbers for service-webflux-1").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(cell("processes", "service-webflux-1", "rps")).matches(NUMBER).isNotEqualTo("0.0");
                    assertThat(cell("processes", "service-mvc-1", "rps")).matches(NUMBER);
                    assertThat(cell("processes", "gateway", "rps")).matches(NUMBER);
                    assertThat(cell("variants", "webflux", "p99")).matches(NUMBER);
                    assertThat(cell("processes", "service-webflux-1", "threads")).matches(NUMBER);
                    assertThat(browser.findElement(By.id("cache-hit")).getText()).matches("\\d+%");
                });
        assertThat(browser.findElement(By.id("status")).getAttribute("class")).isEqualTo("live");
        assertThat(browser.findElements(By.cssSelector("#chart-rps canvas"))).isNotEmpty();
    }

    @Test
    @Order(2)
    void aReplicaTheLabAddsAppearsWithoutAReload() throws IOException {
        assertThat(lab.run("scale", "webflux=2")).isZero();

        await("service-webflux-2 on the page").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(cell("processes", "service-webflux-2", "rps")).matches(NUMBER);
                    assertThat(cell("variants", "webflux", "replicas")).isEqualTo("2");
                    assertThat(browser.findElements(By.cssSelector("#events li"))).extracting(WebElement::getText)
                            .anySatisfy(event -> assertThat(event).endsWith("service-webflux-2 started"));
                });
        Path screenshot = Path.of("target/dashboard.png");
        Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
        assertThat(screenshot).isNotEmptyFile();
    }

    @Test
    @Order(3)
    void aBenchShowsItsCurrentRunWhileItRuns() throws IOException {
        Path scenario = Files.writeString(lab.labDir().resolve("live.yaml"), """
                description: 4 users for 6 s, to watch.
                users: 4
                duration: 6s
                request: {io: 10ms}
                mix: {work: 100}
                """);
        CompletableFuture<Integer> bench = CompletableFuture.supplyAsync(() -> lab.run("bench", "--scenario",
                scenario.toString(), "--variants", "webflux", "--warmup", "1s", "--warm-all", "0s", "--pause", "0s",
                "--report-dir", lab.labDir().resolve("live-report").toString()));

        await("the bench's run on the page").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(browser.findElement(By.id("bench")).getText())
                        .matches("Bench \\[1/1] live × webflux.*: \\d+/6 s, " + NUMBER + " req/s, p99 " + NUMBER + " ms"));
        assertThat(bench.join()).isZero();
    }

    @Test
    @Order(4)
    void downStopsThePage() {
        trafficOn.set(false);
        traffic.join();

        assertThat(lab.run("down")).isZero();

        await("the page gone").atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                http.send(HttpRequest.newBuilder(URI.create(dashboard)).build(), HttpResponse.BodyHandlers.discarding());
                return false;
            } catch (ConnectException refused) {
                return true;
            }
        });
    }

    private String cell(String table, String key, String column) {
        List<WebElement> cells = browser.findElements(By.cssSelector(
                "#%s tr[data-key='%s'] td.%s".formatted(table, key, column)));
        return cells.isEmpty() ? "" : cells.getFirst().getText();
    }

    private static Path which(String tool) {
        return Tools.which(tool).orElseThrow();
    }
}
