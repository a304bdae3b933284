package io.memefusion.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memefusion.cli.Main;
import io.memefusion.db.Database;
import io.memefusion.sweep.SweepStore;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * A person's walk through the dashboard in headless Chromium (Debian's chromium and chromedriver,
 * no driver download): sweeps list → sweep → sort trials by test AUROC → switch the threshold rule
 * → download the CSV export → a trial's worst memes, one with an XSS-shaped text. Screenshots go to
 * {@code target/screenshots/}.
 */
class DashboardBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final String SWEEP_NAME = "student laptop sweep";

  @TempDir static Path tmp;
  static Database db;
  static DashboardApp app;
  static SweepFixture.Recorded sweep;
  static SweepFixture.Recorded running;
  static WebDriver driver;
  static Path downloads;

  @BeforeAll
  static void start() throws IOException {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "headless Chromium needs /usr/bin/chromium and /usr/bin/chromedriver"
            + " (apt-get install chromium chromium-driver); browser test skipped");
    db = Database.temporary();
    SweepFixture.writeDataset(tmp.resolve("data"));
    sweep = SweepFixture.record(db, tmp.resolve("data"), SWEEP_NAME, true);
    running = SweepFixture.record(db, tmp.resolve("data"), "lr sweep (still running)", false);
    app =
        new DashboardApp(db.jdbi(), DashboardApp.precompiledTemplates(), Clock.systemDefaultZone())
            .start("127.0.0.1", 0);
    downloads = Files.createDirectories(tmp.resolve("downloads"));
    Files.createDirectories(SHOTS);

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + tmp.resolve("chromium-profile"),
        "--window-size=1366,900");
    Map<String, Object> prefs = new HashMap<>();
    prefs.put("download.default_directory", downloads.toString());
    prefs.put("download.prompt_for_download", false);
    options.setExperimentalOption("prefs", prefs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (app != null) {
      app.stop();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void aStudentComparesTheModelsOfASweep() throws Exception {
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
    driver.get("http://127.0.0.1:" + app.port() + "/");
    assertThat(driver.getTitle()).startsWith("Sweeps");
    shoot("1-sweeps");

    // a worker finishes a trial of the running sweep: its row updates by itself (htmx polling)
    By runningRow = By.id("sweep-" + running.sweepId());
    assertThat(driver.findElement(runningRow).getText()).contains("10 done · 2 running");
    SweepFixture.finish(new SweepStore(db), running.running().get(0));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(runningRow, "11 done · 1 running"));

    driver.findElement(By.linkText(SWEEP_NAME)).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("table-test")));
    assertThat(driver.findElements(By.cssSelector("#table-dev tbody tr"))).hasSize(4);
    assertThat(driver.findElements(By.cssSelector("#table-test tbody tr"))).hasSize(4);
    shoot("2-sweep");

    // sort the trials by test AUROC: an htmx swap of the table, the URL follows
    driver.findElement(By.id("sort-test_auroc")).click();
    wait.until(ExpectedConditions.urlContains("sort=test_auroc"));
    wait.until(
        ExpectedConditions.attributeToBe(
            By.cssSelector("th[aria-sort] a"), "id", "sort-test_auroc"));
    List<Double> testAuroc = column("test AUROC");
    assertThat(testAuroc).hasSize(25).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    shoot("3-sorted-by-test-auroc");

    // switch the threshold rule: tables change, the trials order stays
    String devFixed = driver.findElement(By.id("table-dev")).getText();
    driver.findElement(By.id("rule-train_holdout")).click();
    wait.until(ExpectedConditions.urlContains("rule=train_holdout"));
    wait.until(ExpectedConditions.attributeContains(By.id("rule-train_holdout"), "class", "on"));
    assertThat(driver.findElement(By.id("table-dev")).getText())
        .contains("threshold train_holdout")
        .isNotEqualTo(devFixed);
    assertThat(driver.getCurrentUrl()).contains("sort=test_auroc");
    assertThat(column("test AUROC")).isEqualTo(testAuroc);
    shoot("4-train-holdout");

    // the CSV export downloads the same file as the command line writes
    driver.findElement(By.id("export-csv")).click();
    Path csv = awaitDownload(".csv");
    assertThat(Files.readString(csv, StandardCharsets.UTF_8)).isEqualTo(cliCsv(sweep.sweepId()));

    // a trial: the XSS-shaped meme text is shown as text, nothing runs
    driver.findElement(By.cssSelector("#trials tbody tr td a")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.memes")));
    List<String> texts =
        driver.findElements(By.cssSelector("td.meme-text")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(texts).contains(SweepFixture.XSS_TEXT);
    assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    assertThat(driver.findElements(By.cssSelector("td.meme-text script"))).isEmpty();
    shoot("5-trial");
  }

  /** The CSV that {@code ./memefusion export --format csv --out FILE} writes for this sweep. */
  private static String cliCsv(long sweepId) throws IOException {
    CommandLine cli = Main.commandLine();
    Path out = tmp.resolve("cli-export.csv");
    StringWriter console = new StringWriter();
    cli.setOut(new PrintWriter(console));
    cli.setErr(new PrintWriter(console));
    int exit =
        cli.execute(
            "export",
            "--db",
            db.url(),
            "--sweep",
            Long.toString(sweepId),
            "--format",
            "csv",
            "--out",
            out.toString());
    assertThat(exit).as(console.toString()).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  /** The numbers of one trials-table column, in row order. */
  private static List<Double> column(String header) {
    List<WebElement> headers = driver.findElements(By.cssSelector("#trials thead th"));
    int index = -1;
    for (int i = 0; i < headers.size(); i++) {
      if (headers.get(i).getText().replace("▼", "").replace("▲", "").trim().equals(header)) {
        index = i + 1;
      }
    }
    assertThat(index).as("column " + header).isPositive();
    return driver
        .findElements(By.cssSelector("#trials tbody tr td:nth-child(" + index + ")"))
        .stream()
        .map(e -> Double.parseDouble(e.getText()))
        .toList();
  }

  private static Path awaitDownload(String suffix) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      try (Stream<Path> files = Files.list(downloads)) {
        Optional<Path> done = files.filter(p -> p.toString().endsWith(suffix)).findFirst();
        if (done.isPresent()) {
          return done.get();
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + suffix + " file downloaded into " + downloads);
  }

  /** A screenshot of the whole page, as tall as its content (a 1366 px wide laptop screen). */
  private static void shoot(String name) throws IOException {
    Number height =
        (Number)
            ((JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollHeight");
    driver.manage().window().setSize(new Dimension(1366, Math.min(4000, height.intValue() + 20)));
    ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
    File png = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(png.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    driver.manage().window().setSize(new Dimension(1366, 900));
  }
}
