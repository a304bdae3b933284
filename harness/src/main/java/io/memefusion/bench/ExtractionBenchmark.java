package io.memefusion.bench;

import io.memefusion.features.ImagePreprocessing;
import io.memefusion.features.Modality;
import io.memefusion.features.extraction.EncoderRegistry;
import io.memefusion.features.image.ImagePipeline;
import io.memefusion.features.models.ModelEntry;
import io.memefusion.features.tf.EncoderOptions;
import io.memefusion.features.tf.SavedModelTextEncoder;
import io.memefusion.progress.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench extraction}: on synthetic memes, the naive way (one text padded to 128 / one image
 * decoded and encoded per session run) against the pipeline (length-sorted text batches padded to
 * their longest; image batches with parallel decoding), fp32 and bf16, plus the machine's fp32
 * matmul rate and the share of it that the text path turns into useful work (FLOPs of real tokens
 * only). Last line: {@code speedup text=<x> image=<y> useful_text=<fraction>}, the speed-ups of the
 * fastest path whose features stay within cosine 0.99 of fp32, useful_text of the fp32 path.
 *
 * <p>Rates are steady state, each path's best of three timed rounds after an untimed warm-up (see
 * {@link ExtractionRuns}); a line shows the best round. Useful FLOPs assume BERT-base (L=12, H=768,
 * I=3072).
 */
public final class ExtractionBenchmark {
  /** bf16 counts only when every feature vector stays this close to fp32. */
  static final double MIN_COSINE = 0.99;

  /** Sizes and models; {@code textModel}/{@code imageModel} null: pick (see {@link #run}). */
  public record Settings(
      int memes,
      int texts,
      int naiveTexts,
      int naiveImages,
      int imageSize,
      int threads,
      int textBatch,
      int imageBatch,
      boolean bf16,
      String textModel,
      String imageModel,
      long seed,
      int matmulSize) {
    public Settings {
      if (memes < 20
          || texts < 20
          || naiveTexts < 3
          || naiveImages < 3
          || threads < 1
          || matmulSize < 64) {
        throw new IllegalArgumentException(
            "need at least 20 memes and texts, 3 naive texts and images, 1 thread, a 64x64 matmul");
      }
      if (naiveTexts > texts || naiveImages > memes) {
        throw new IllegalArgumentException(
            "naive samples ("
                + naiveTexts
                + " texts, "
                + naiveImages
                + " images) exceed the "
                + memes
                + " memes");
      }
    }

    public static Settings defaults(int threads) {
      return new Settings(
          240, 1200, 60, 60, 600, threads, 64, 32, true, null, "resnet18-random", 7, 2048);
    }
  }

  /** Rates in items per second; bf16 rates are NaN when not measured. */
  public record Result(
      double matmulGflops,
      double naiveTexts,
      double textFp32,
      double textBf16,
      double textBf16Cosine,
      double naiveImages,
      double imageFp32,
      double imageBf16,
      double imageBf16Cosine,
      double usefulText) {
    public double textSpeedup() {
      return best(textFp32, textBf16, textBf16Cosine) / naiveTexts;
    }

    public double imageSpeedup() {
      return best(imageFp32, imageBf16, imageBf16Cosine) / naiveImages;
    }

    private static double best(double fp32, double bf16, double cosine) {
      return !Double.isNaN(bf16) && cosine >= MIN_COSINE ? Math.max(fp32, bf16) : fp32;
    }

    public String lastLine() {
      return String.format(
          Locale.ROOT,
          "speedup text=%.2f image=%.2f useful_text=%.3f",
          textSpeedup(),
          imageSpeedup(),
          usefulText);
    }
  }

  private final Settings s;
  private final EncoderRegistry registry;
  private final Path work;
  private final PrintWriter out;
  private final Progress progress;
  private final ExtractionRuns runs;
  private final RateLines lines;

  public ExtractionBenchmark(
      Settings settings,
      EncoderRegistry registry,
      Path workDir,
      PrintWriter out,
      Progress progress) {
    this.s = settings;
    this.registry = registry;
    this.work = workDir;
    this.out = out;
    this.progress = progress;
    this.runs = new ExtractionRuns(progress);
    this.lines = new RateLines(out);
  }

  /**
   * Runs it all. Text model: {@code textModel}, else {@code bert-base-uncased} when installed, else
   * a random-weight graph of BERT-base's size (speed does not depend on the weights).
   */
  public Result run() {
    EncoderOptions base =
        EncoderOptions.defaults(s.threads())
            .withTextBatch(s.textBatch())
            .withImageBatch(s.imageBatch());
    List<SyntheticMemes.Meme> memes =
        SyntheticMemes.write(
            work.resolve("memes"), s.memes(), s.imageSize(), s.seed(), s.threads());
    // more texts than images: a real dataset's thousands of captions, sorted by length, fill every
    // batch with texts of nearly one length; a few hundred would pad far more
    List<String> texts = SyntheticMemes.realisticTexts(s.texts(), s.seed());
    describeInputs(memes, texts);
    double gflops = MatmulProbe.gflops(base.session(), s.matmulSize(), 6);
    out.printf(
        Locale.ROOT, "fp32 matmul %dx%d: %.1f GFLOP/s%n", s.matmulSize(), s.matmulSize(), gflops);
    out.flush();

    TextRates text = measureTexts(base, texts, gflops);
    ImageRates image = measureImages(base, memes);
    Result result =
        new Result(
            text.gflops(),
            text.naive(),
            text.fp32(),
            text.bf16().rate(),
            text.bf16().cosine(),
            image.naive(),
            image.fp32(),
            image.bf16().rate(),
            image.bf16().cosine(),
            text.useful());
    out.println(result.lastLine());
    out.flush();
    return result;
  }

  /** A bf16 path's rate and its features' min cosine to fp32; both NaN when not measured. */
  private record Bf16Rate(double rate, double cosine) {
    static final Bf16Rate NONE = new Bf16Rate(Double.NaN, Double.NaN);

    /** Whether the bf16 path counts: measured and close enough to fp32. */
    boolean counts() {
      return !Double.isNaN(rate) && cosine >= MIN_COSINE;
    }
  }

  /** The text path's rates; {@code gflops} the matmul roofline used for {@code useful}. */
  private record TextRates(
      double gflops, double naive, double fp32, Bf16Rate bf16, double useful) {}

  /** The image path's rates. */
  private record ImageRates(double naive, double fp32, Bf16Rate bf16) {}

  private void describeInputs(List<SyntheticMemes.Meme> memes, List<String> texts) {
    long bytes = memes.stream().mapToLong(m -> size(m.image())).sum();
    out.printf(
        Locale.ROOT,
        "%d synthetic memes, PNG %d-%d px, %.0f KB on average; %d captions, %.1f words on"
            + " average; %d threads; each rate is the best of 3 timed rounds%n",
        memes.size(),
        (int) (s.imageSize() * 0.8),
        (int) (s.imageSize() * 1.25),
        bytes / 1024.0 / memes.size(),
        texts.size(),
        texts.stream().mapToInt(t -> t.split(" ").length).average().orElse(0),
        s.threads());
  }

  /** Naive, fp32 and bf16 text rates, and the share of the matmul rate the fp32 path uses. */
  private TextRates measureTexts(EncoderOptions base, List<String> texts, double gflops) {
    BenchTextModel tm = BenchTextModel.pick(s, registry, work, progress, texts);
    out.println("text model: " + tm.label());
    ExtractionRuns.TextRun naive =
        runs.text(tm, base.naiveText(128), texts.subList(0, s.naiveTexts()));
    lines.print(
        "naive    1 text/run padded to 128, fp32",
        naive.count(),
        naive.seconds(),
        "texts",
        Double.NaN,
        Double.NaN);
    ExtractionRuns.TextRun fp32 = runs.text(tm, base, texts);
    // measured again right after the text run; the higher rate is the roofline (on a shared
    // machine this keeps a busy moment during the first probe from inflating useful_text)
    double again = MatmulProbe.gflops(base.session(), s.matmulSize(), 6);
    if (again > gflops) {
      out.printf(Locale.ROOT, "fp32 matmul again: %.1f GFLOP/s (used from here on)%n", again);
      gflops = again;
    }
    double useful = fp32.usefulFlops() / fp32.seconds() / (gflops * 1e9);
    lines.print(
        String.format(Locale.ROOT, "pipeline sorted batches of <=%d, fp32", s.textBatch()),
        fp32.count(),
        fp32.seconds(),
        "texts",
        fp32.rate() / naive.rate(),
        Double.NaN);
    out.printf(
        Locale.ROOT,
        "         useful work (real tokens): %.1f GFLOP/s = %.2f of the matmul rate"
            + " (avg %.1f tokens/text)%n",
        fp32.usefulFlops() / fp32.seconds() / 1e9,
        useful,
        fp32.tokens() / (double) fp32.count());
    Bf16Rate bf16 = s.bf16() ? measureTextBf16(tm, base, texts, fp32, naive) : Bf16Rate.NONE;
    return new TextRates(gflops, naive.rate(), fp32.rate(), bf16, useful);
  }

  private Bf16Rate measureTextBf16(
      BenchTextModel tm,
      EncoderOptions base,
      List<String> texts,
      ExtractionRuns.TextRun fp32,
      ExtractionRuns.TextRun naive) {
    ExtractionRuns.TextRun bf16 = runs.text(tm, base.withBf16(true), texts);
    double textCos =
        SavedModelTextEncoder.minCosine(
            // the width the model gave (BERT 768, a CLIP text tower its projection)
            fp32.features(), bf16.features(), fp32.count(), fp32.features().length / fp32.count());
    lines.print(
        String.format(Locale.ROOT, "pipeline sorted batches of <=%d, bf16", s.textBatch()),
        bf16.count(),
        bf16.seconds(),
        "texts",
        bf16.rate() / naive.rate(),
        textCos);
    bf16.notes().forEach(n -> out.println("         " + n));
    return new Bf16Rate(bf16.rate(), textCos);
  }

  /** Naive, fp32 and bf16 image rates, then where the image path's time goes. */
  private ImageRates measureImages(EncoderOptions base, List<SyntheticMemes.Meme> memes) {
    EncoderRegistry.Resolved image = registry.resolve(s.imageModel(), Modality.IMAGE, progress);
    ModelEntry ie = image.entry();
    ImagePreprocessing pre = ie == null ? null : ie.imagePreprocessing();
    out.println(
        "image model: "
            + image.id()
            + (ie != null && !ie.pretrained()
                ? " (random weights; speed does not depend on them)"
                : ""));
    List<ImagePipeline.Item> items = new ArrayList<>();
    for (SyntheticMemes.Meme m : memes) {
      items.add(new ImagePipeline.Item(m.id(), m.image().getFileName().toString(), m.image()));
    }
    ExtractionRuns.ImageRun naiveImages =
        runs.images(image, pre, base, items.subList(0, s.naiveImages()), 1, 0);
    lines.print(
        "naive    1 image/run decoded inline, fp32",
        naiveImages.count(),
        naiveImages.seconds(),
        "images",
        Double.NaN,
        Double.NaN);
    ExtractionRuns.ImageRun imageFp32 =
        runs.images(image, pre, base, items, s.imageBatch(), s.threads());
    lines.print(
        String.format(
            Locale.ROOT,
            "pipeline batches of %d, %d decode threads, fp32",
            s.imageBatch(),
            s.threads()),
        imageFp32.count(),
        imageFp32.seconds(),
        "images",
        imageFp32.rate() / naiveImages.rate(),
        Double.NaN);
    Bf16Rate bf16 =
        s.bf16()
            ? measureImageBf16(image, pre, base, items, imageFp32, naiveImages.rate())
            : Bf16Rate.NONE;
    printImageCeiling(image, pre, base, bf16.counts(), items, naiveImages.rate());
    return new ImageRates(naiveImages.rate(), imageFp32.rate(), bf16);
  }

  private Bf16Rate measureImageBf16(
      EncoderRegistry.Resolved image,
      ImagePreprocessing pre,
      EncoderOptions base,
      List<ImagePipeline.Item> items,
      ExtractionRuns.ImageRun imageFp32,
      double naiveRate) {
    ExtractionRuns.ImageRun r =
        runs.images(image, pre, base.withBf16(true), items, s.imageBatch(), s.threads());
    double imageCos =
        SavedModelTextEncoder.minCosine(
            imageFp32.features().values(),
            r.features().values(),
            imageFp32.features().rows(),
            imageFp32.features().dim());
    lines.print(
        String.format(
            Locale.ROOT,
            "pipeline batches of %d, %d decode threads, bf16",
            s.imageBatch(),
            s.threads()),
        r.count(),
        r.seconds(),
        "images",
        r.rate() / naiveRate,
        imageCos);
    return new Bf16Rate(r.rate(), imageCos);
  }

  /**
   * Where the image path's time goes: the model and the decoder each alone on all cores; sharing
   * the cores, one image costs the sum of their per-image times. The model runs in bf16 when the
   * bf16 path counted.
   */
  private void printImageCeiling(
      EncoderRegistry.Resolved image,
      ImagePreprocessing pre,
      EncoderOptions base,
      boolean bf16Images,
      List<ImagePipeline.Item> items,
      double naiveRate) {
    ExtractionRuns.ModelAlone alone =
        runs.modelAlone(image, pre, base.withBf16(bf16Images), items.size(), s.imageBatch());
    double model = alone.rate();
    double decode = runs.decodeAlone(alone.preprocessing(), items, s.threads());
    double ceiling = 1 / (1 / model + 1 / decode);
    out.printf(
        Locale.ROOT,
        "  model alone, decoded batches of %d, %s %28.1f images/s   %5.1fx%n"
            + "  decode + crop + resize alone, %d threads %26.1f images/s%n"
            + "  ceiling with both on the same %d cores: 1/(1/model + 1/decode) = %.1f images/s"
            + " = %.1fx naive%n",
        s.imageBatch(),
        bf16Images ? "bf16" : "fp32",
        model,
        model / naiveRate,
        s.threads(),
        decode,
        s.threads(),
        ceiling,
        ceiling / naiveRate);
    out.flush();
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
