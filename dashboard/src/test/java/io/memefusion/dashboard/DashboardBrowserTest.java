package io.memefusion.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memefusion.Await;
import io.memefusion.analysis.SweepAnalysisResult;
import io.memefusion.cli.Main;
import io.memefusion.dashboard.web.AnalysisSection;
import io.memefusion.data.Meme;
import io.memefusion.db.Database;
import java.awt.image.BufferedImage;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * A person's walk through the dashboard in headless Chromium (Debian's chromium and chromedriver,
 * no driver download), over sweeps a real small study recorded ({@link DemoStudy}: demo dataset,
 * tiny SavedModels, feature extraction, trained heads): sweeps list, where a half-done sweep's row
 * follows a worker → sweep page with its analysis → sort trials by test AUROC → switch the
 * threshold rule → download the CSV export and the PDF report → a trial's worst memes, one with an
 * XSS-shaped text. Screenshots go to {@code target/screenshots/}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DashboardBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final String SWEEP_NAME = "demo: 4 models × 3 learning rates × 2 seeds";
  private static final String RUNNING_NAME = "the same grid, still running";
  private static final String WIDER_NAME = "wider heads: hidden 64, dropout 0.1 or 0.3";
  private static final String WIDER_NOTE =
      "Do wider heads help? Same memes and encoders, <lr 0.03>.";

  @TempDir static Path tmp;
  static Database db;
  static DemoStudy demo;
  static DashboardApp app;
  static long sweepId;
  static long runningId;
  static long widerId;
  static WebDriver driver;
  static Path downloads;

  @BeforeAll
  static void start() throws IOException {
    BrowserRequirement.check(CHROMIUM, CHROMEDRIVER); // fails without Chromium unless skipped
    db = Database.temporary();
    demo = DemoStudy.prepare(db, tmp.resolve("study"));
    sweepId = demo.run(SWEEP_NAME, 0);
    demo.analyze(sweepId);
    // a second finished study on the same memes, another grid: the one to compare with
    widerId =
        demo.run(
            WIDER_NAME,
            List.of(
                "hidden=64",
                "lr=0.03",
                "dropout=0.1,0.3",
                "batch_size=32",
                "epochs=20",
                "patience=6"));
    // its purpose, noted the way a researcher notes it: ./memefusion sweep note ID "text"
    CommandLine note = Main.commandLine();
    note.setOut(new PrintWriter(new StringWriter()));
    assertThat(note.execute("sweep", "note", "--db", db.url(), Long.toString(widerId), WIDER_NOTE))
        .isZero();
    // a sweep a worker left after 4 trials: 20 still queued
    runningId = demo.run(RUNNING_NAME, 4);
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
        "--hide-scrollbars",
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
    prefs.put("plugins.always_open_pdf_externally", true);
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
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    driver.get("http://127.0.0.1:" + app.port() + "/");
    assertThat(driver.getTitle()).startsWith("Sweeps");
    shoot("1-sweeps");

    // a worker trains two more trials of the running sweep: its row follows by itself (htmx)
    By runningRow = By.id("sweep-" + runningId);
    assertThat(driver.findElement(runningRow).getText())
        .contains("4 done · 0 running · 0 failed · 20 queued");
    demo.work(runningId, 2);
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            runningRow, "6 done · 0 running · 0 failed · 18 queued"));

    // its page: no analysis yet, so the page says how to compute it and offers no report
    driver.findElement(By.linkText(RUNNING_NAME)).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("analysis-missing")));
    // the live part of a running sweep is swapped every 2 s: read elements through the wait
    FluentWait<WebDriver> live = wait.ignoring(StaleElementReferenceException.class);
    String missing = live.until(d -> d.findElement(By.id("analysis-missing")).getText());
    assertThat(missing).contains("./memefusion analyze --sweep " + runningId);
    String reportTag = live.until(d -> d.findElement(By.id("report-pdf")).getTagName());
    assertThat(reportTag).isEqualTo("span");
    shoot("1b-running-sweep");

    driver.findElement(By.linkText("Sweeps")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.linkText(SWEEP_NAME))).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("table-test")));
    assertThat(driver.findElements(By.cssSelector("#table-dev tbody tr:not([class])"))).hasSize(4);
    assertThat(driver.findElements(By.cssSelector("#table-test tbody tr:not([class])"))).hasSize(4);
    // then each model's seed ensemble (2 seeds each)
    assertThat(driver.findElements(By.cssSelector("#table-dev tbody tr.ensemble"))).hasSize(4);
    assertThat(driver.findElements(By.cssSelector("#table-test tbody tr.ensemble"))).hasSize(4);
    // the analysis ./memefusion analyze stored: intervals, paired tests, calibration, confounders
    assertThat(driver.findElements(By.cssSelector("#ci-dev_seen tbody tr"))).hasSize(4);
    assertThat(driver.findElements(By.cssSelector("#ci-test_seen tbody tr"))).hasSize(4);
    SweepAnalysisResult stored = AnalysisSection.load(db.jdbi(), sweepId).orElseThrow();
    assertThat(stored.paired()).hasSizeGreaterThanOrEqualTo(2 * 3);
    assertThat(driver.findElements(By.cssSelector("#paired tbody tr")))
        .hasSize(stored.paired().size());
    assertThat(driver.findElement(By.id("paired")).getText()).contains("Early fusion − Text only");
    // one reliability diagram per model and analysed split (dev, test, and the train hold-out)
    assertThat(stored.calibration()).hasSizeGreaterThanOrEqualTo(2 * 4);
    assertThat(driver.findElements(By.cssSelector("#analysis svg.chart")))
        .hasSize(stored.calibration().size());
    assertThat(driver.findElements(By.cssSelector("#confounders tbody tr")))
        .hasSizeGreaterThanOrEqualTo(2 * 4);
    assertThat(driver.findElements(By.cssSelector("#reliance tbody tr")))
        .hasSizeGreaterThanOrEqualTo(2 * 4);
    shoot("2-sweep");
    shootElement("2b-analysis", By.id("analysis"));

    // sort the trials by test AUROC: an htmx swap of the table, the URL follows
    driver.findElement(By.id("sort-test_auroc")).click();
    wait.until(ExpectedConditions.urlContains("sort=test_auroc"));
    wait.until(
        ExpectedConditions.attributeToBe(
            By.cssSelector("#trials th[aria-sort] a"), "id", "sort-test_auroc"));
    List<Double> testAuroc = column("test AUROC");
    assertThat(testAuroc)
        .hasSize(DemoStudy.TRIALS)
        .isSortedAccordingTo((a, b) -> Double.compare(b, a));
    shoot("3-sorted-by-test-auroc");

    // switch the threshold rule: tables change, the trials order stays
    String devFixed = driver.findElement(By.id("table-dev")).getText();
    driver.findElement(By.id("rule-train_holdout")).click();
    wait.until(ExpectedConditions.urlContains("rule=train_holdout"));
    wait.until(ExpectedConditions.attributeContains(By.id("rule-train_holdout"), "class", "on"));
    assertThat(driver.findElement(By.id("table-dev")).getText())
        .contains("threshold train_holdout")
        .isNotEqualTo(devFixed);
    assertThat(driver.findElement(By.id("analysis")).getText())
        .contains("accuracy at train_holdout");
    assertThat(driver.getCurrentUrl()).contains("sort=test_auroc");
    assertThat(column("test AUROC")).isEqualTo(testAuroc);
    shoot("4-train-holdout");

    // the CSV export downloads the same file as the command line writes
    driver.findElement(By.id("export-csv")).click();
    Path csv = awaitDownload(".csv");
    assertThat(Files.readString(csv, StandardCharsets.UTF_8)).isEqualTo(cliCsv(sweepId));

    // the report: a PDF rendered from the stored results and analysis
    driver.findElement(By.id("report-pdf")).click();
    Path pdf = awaitDownload(".pdf");
    byte[] head = Arrays.copyOf(Files.readAllBytes(pdf), 5);
    assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

    // the trial that gets the XSS-captioned meme most wrong: its text is shown as text
    long trial = trialWithXssAmongWorst();
    driver.findElement(By.cssSelector("#trials a[href='/trials/" + trial + "']")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.memes")));
    List<String> texts =
        driver.findElements(By.cssSelector("td.meme-text")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(texts).contains(DemoStudy.XSS_TEXT);
    assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    assertThat(driver.findElements(By.cssSelector("td.meme-text script"))).isEmpty();
    shoot("5-trial");
  }

  @Test
  void aStudentComparesTwoSweepsAndExploresTheirConfigurations() throws Exception {
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    driver.get("http://127.0.0.1:" + app.port() + "/");
    // tick the two finished sweeps and compare them (a plain GET form)
    driver.findElement(By.id("pick-" + widerId)).click();
    driver.findElement(By.id("pick-" + sweepId)).click();
    shoot("6a-sweeps-ticked");
    driver.findElement(By.id("compare-button")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("differences")));
    assertThat(driver.getCurrentUrl()).endsWith("/compare?a=" + sweepId + "&b=" + widerId);
    assertThat(driver.findElement(By.cssSelector(".side.b .sweep-note")).getText())
        .isEqualTo(WIDER_NOTE);
    // what differs comes first: the grid (hidden, lr, dropout); the data and encoders are the same
    assertThat(driver.findElement(By.id("diff-grid")).getAttribute("class")).isEqualTo("differs");
    assertThat(driver.findElement(By.id("differences")).getText())
        .contains("params.hidden")
        .contains("params.dropout");
    assertThat(driver.findElement(By.id("diff-data")).getAttribute("class")).isEqualTo("same");
    assertThat(driver.findElements(By.cssSelector("#compare-dev tbody tr"))).hasSize(4);
    // both scored the same dev and test memes: a paired bootstrap per model and split
    List<WebElement> paired = driver.findElements(By.cssSelector("#paired-compare tbody tr"));
    assertThat(paired).hasSize(8);
    assertThat(paired).allSatisfy(r -> assertThat(r.getText()).doesNotContain("no paired test"));
    shoot("6-compare");

    // from the compare page to sweep A: configurations, parallel coordinates, effects
    driver.findElement(By.id("sweep-a")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("configurations")));
    // 4 models × 3 learning rates, each over 2 seeds
    assertThat(driver.findElements(By.cssSelector("#configurations tbody tr"))).hasSize(12);
    assertThat(driver.findElements(By.cssSelector("#configurations tbody tr.chosen"))).hasSize(4);
    shootElement("7-configurations", By.id("configurations"));
    assertThat(driver.findElements(By.cssSelector("#parallel-coordinates polyline.pc-line")))
        .hasSize(12);
    shootElement("8-parallel-coordinates", By.id("parallel-coordinates"));
    // filter the plot by model: an htmx swap, the address follows
    driver.findElement(By.id("pmodel-text")).click();
    wait.until(ExpectedConditions.urlContains("pmodel=text"));
    wait.until(
        ExpectedConditions.numberOfElementsToBe(
            By.cssSelector("#parallel-coordinates polyline.pc-line"), 3));
    assertThat(driver.findElement(By.id("pmodel-text")).getAttribute("class")).isEqualTo("on");
    for (WebElement line :
        driver.findElements(By.cssSelector("#parallel-coordinates polyline.pc-line title"))) {
      assertThat(line.getAttribute("textContent")).startsWith("Text only · ");
    }
    shootElement("8b-parallel-coordinates-text", By.id("parallel-coordinates"));
    assertThat(driver.findElements(By.cssSelector("#hyperparameter-effects .effects-model")))
        .hasSize(4);
    shootElement("9-hyperparameter-effects", By.id("hyperparameter-effects"));

    // a configuration row → its epoch curves, every seed overlaid
    driver.findElement(By.cssSelector("#configurations tbody tr.chosen a.config-link")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("epoch-curves")));
    assertThat(driver.findElements(By.cssSelector("#seeds tbody tr"))).hasSize(2);
    assertThat(driver.findElements(By.cssSelector("#epoch-curves svg.chart"))).hasSize(2);
    assertThat(driver.findElements(By.cssSelector("#epoch-curves circle.dot"))).hasSize(2 * 2);
    shoot("10-configuration");

    // a trial of it: the worst memes with their pictures, served from the dataset
    driver.findElement(By.cssSelector("#seeds tbody tr a")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("img.meme-thumb")));
    WebElement thumb = driver.findElement(By.cssSelector("img.meme-thumb"));
    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", thumb);
    wait.until(
        d ->
            ((Number)
                        ((JavascriptExecutor) d)
                            .executeScript(
                                "return arguments[0].complete ? arguments[0].naturalWidth : 0",
                                thumb))
                    .intValue()
                > 0);
    Number natural =
        (Number)
            ((JavascriptExecutor) driver).executeScript("return arguments[0].naturalWidth", thumb);
    // the picture the dataset names for this meme (a placeholder would be 160 wide)
    String memeId = thumb.getAttribute("alt").substring("meme ".length());
    Meme meme =
        demo.dataset().splits().stream()
            .flatMap(s -> s.memes().stream())
            .filter(m -> m.id().equals(memeId))
            .findFirst()
            .orElseThrow();
    BufferedImage picture = ImageIO.read(demo.dataset().imagePath(meme).toFile());
    assertThat(natural.intValue()).isEqualTo(picture.getWidth());
    shootElement("11-trial-thumbnails", By.cssSelector("table.memes"));
  }

  /**
   * A trial of the sweep whose 10 worst dev_seen memes (the trial page's list) hold the XSS one.
   */
  private static long trialWithXssAmongWorst() {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT trial_id FROM (SELECT p.trial_id, p.meme_id, rank() OVER"
                            + " (PARTITION BY p.trial_id ORDER BY abs(p.label - p.proba) DESC,"
                            + " p.meme_id) AS worst FROM prediction p JOIN trial t"
                            + " ON t.id = p.trial_id WHERE t.sweep_id = :sweep"
                            + " AND p.split = 'dev_seen' AND p.label IS NOT NULL) r"
                            + " WHERE meme_id = :meme AND worst <= 10 ORDER BY worst, trial_id"
                            + " LIMIT 1")
                    .bind("sweep", sweepId)
                    .bind("meme", demo.xssId())
                    .mapTo(Long.class)
                    .findOne()
                    .orElseThrow(
                        () ->
                            new AssertionError(
                                "no trial has the XSS meme among its 10 worst dev memes")));
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
    return Await.first(
            Duration.ofSeconds(60),
            () -> {
              try (Stream<Path> files = Files.list(downloads)) {
                return files.filter(p -> p.toString().endsWith(suffix)).findFirst();
              }
            })
        .orElseThrow(
            () -> new AssertionError("no " + suffix + " file downloaded into " + downloads));
  }

  /** A screenshot of one element of the page, laid out at full page height. */
  private static void shootElement(String name, By element) throws IOException {
    resizeToContent();
    File png = driver.findElement(element).getScreenshotAs(OutputType.FILE);
    Files.copy(png.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    driver.manage().window().setSize(new Dimension(1366, 900));
  }

  private static void resizeToContent() {
    Number height =
        (Number)
            ((JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollHeight");
    driver.manage().window().setSize(new Dimension(1366, Math.min(8000, height.intValue() + 20)));
    ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
  }

  /** A screenshot of the whole page, as tall as its content (a 1366 px wide laptop screen). */
  private static void shoot(String name) throws IOException {
    resizeToContent();
    File png = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(png.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    driver.manage().window().setSize(new Dimension(1366, 900));
  }
}
