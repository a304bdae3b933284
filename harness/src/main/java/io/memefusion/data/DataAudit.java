package io.memefusion.data;

import io.memefusion.data.ImageCheck.Result;
import io.memefusion.data.ImageCheck.Status;
import io.memefusion.progress.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Audits a loaded dataset: per split its rows, labels and balance, and every image classified by
 * {@link ImageCheck} (in parallel threads; an image shared by two splits is checked once). A
 * dataset is <em>usable</em> when its train split has memes and labels; images decide which models
 * it can feed (text-only when they are all missing).
 */
public final class DataAudit {
  private DataAudit() {}

  /**
   * The facts of one split; {@code problems} maps each image status other than OK to the ids of its
   * memes (in file order), {@code firstResults} to the check of the first of them.
   */
  public record SplitAudit(
      String name,
      SplitRole role,
      int rows,
      int positives,
      boolean labeled,
      int textConfounders,
      Map<Status, List<String>> problems,
      Map<Status, Result> firstResults) {
    public SplitAudit {
      Objects.requireNonNull(name, "split name");
      problems = Map.copyOf(problems);
      firstResults = Map.copyOf(firstResults);
    }

    /** Memes whose image has {@code status}. */
    public int count(Status status) {
      return status == Status.OK
          ? rows - problems.values().stream().mapToInt(List::size).sum()
          : problems.getOrDefault(status, List.of()).size();
    }

    /** Memes without a usable image. */
    public int badImages() {
      return rows - count(Status.OK);
    }
  }

  /** The audit of a dataset and its verdict. */
  public record Report(
      Dataset dataset,
      LoadReport loadReport,
      List<SplitAudit> splits,
      boolean usable,
      boolean imagesUsable,
      String verdict,
      List<String> notes) {
    public Report {
      splits = List.copyOf(splits);
      notes = List.copyOf(notes);
    }

    public SplitAudit split(String name) {
      return splits.stream()
          .filter(s -> s.name().equals(name))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no split " + name + " in the audit"));
    }

    /** Memes without a usable image, over all splits. */
    public int badImages() {
      return splits.stream().mapToInt(SplitAudit::badImages).sum();
    }

    /** The table, problems with their first ids, warnings, notes and verdict, for people. */
    public void print(java.io.PrintWriter out, int firstIds) {
      AuditText.print(this, out, firstIds);
    }
  }

  /** Audits {@code loaded}, checking images with {@code check} in {@code threads} threads. */
  public static Report run(LoadedDataset loaded, ImageCheck check, int threads, Progress progress) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    Dataset dataset = loaded.dataset();
    Map<Path, Result> results = checkImages(dataset, check, threads, progress);
    List<SplitAudit> audits = new ArrayList<>();
    for (Split split : dataset.splits()) {
      Map<Status, List<String>> problems = new EnumMap<>(Status.class);
      Map<Status, Result> details = new EnumMap<>(Status.class);
      for (Meme m : split.memes()) {
        Result r = results.get(dataset.imagePath(m));
        if (!r.ok()) {
          problems.computeIfAbsent(r.status(), s -> new ArrayList<>()).add(m.id());
          details.putIfAbsent(r.status(), r);
        }
      }
      audits.add(
          new SplitAudit(
              split.name(),
              split.role(),
              split.memes().size(),
              split.positives(),
              split.labeled(),
              textConfounders(split).size(),
              problems,
              details));
    }
    return verdict(loaded, audits);
  }

  /**
   * Ids of the memes whose exact caption appears in the split with both labels: the benign text
   * confounders of the benchmark and their hateful twins.
   */
  public static Set<String> textConfounders(Split split) {
    Map<String, Set<Integer>> labelsByText = new HashMap<>();
    for (Meme m : split.memes()) {
      if (m.labeled()) {
        labelsByText.computeIfAbsent(m.text(), t -> new HashSet<>()).add(m.label());
      }
    }
    Set<String> ids = new LinkedHashSet<>();
    for (Meme m : split.memes()) {
      if (m.labeled() && labelsByText.get(m.text()).size() == 2) {
        ids.add(m.id());
      }
    }
    return ids;
  }

  private static Map<Path, Result> checkImages(
      Dataset dataset, ImageCheck check, int threads, Progress progress) {
    Set<Path> paths = new LinkedHashSet<>();
    dataset.splits().forEach(s -> s.memes().forEach(m -> paths.add(dataset.imagePath(m))));
    Map<Path, Result> results = new ConcurrentHashMap<>();
    progress.start("checking images", paths.size(), "images");
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Path> all = new ArrayList<>(paths);
      int chunk = Math.max(1, Math.min(256, all.size() / (threads * 4) + 1));
      List<Future<?>> futures = new ArrayList<>();
      for (int from = 0; from < all.size(); from += chunk) {
        List<Path> part = all.subList(from, Math.min(all.size(), from + chunk));
        futures.add(
            pool.submit(
                () -> {
                  for (Path p : part) {
                    results.put(p, check.check(p));
                  }
                  progress.advance(part.size());
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking images", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("checking images failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    long bad = results.values().stream().filter(r -> !r.ok()).count();
    progress.done(bad == 0 ? "all images readable" : bad + " images with problems");
    return results;
  }

  /**
   * Why a labeled train split teaches nothing, or null when it has both classes: "train.jsonl has
   * one class only (all 36 memes are labeled 0): nothing to learn".
   */
  public static String oneClass(Split train) {
    int n = train.memes().size();
    int pos = train.positives();
    if (n == 0 || !train.labeled() || (pos > 0 && pos < n)) {
      return null;
    }
    return train.file().getFileName()
        + " has one class only (all "
        + n
        + (n == 1 ? " meme is" : " memes are")
        + " labeled "
        + (pos == 0 ? 0 : 1)
        + "): nothing to learn";
  }

  private static String empty(String role, Split split) {
    return role
        + " split "
        + split.name()
        + " is empty: "
        + split.file().getFileName()
        + " has no memes";
  }

  private static Report verdict(LoadedDataset loaded, List<SplitAudit> audits) {
    Dataset dataset = loaded.dataset();
    SplitAudit train = audits.stream().filter(a -> a.role() == SplitRole.TRAIN).findFirst().get();
    List<String> notes = new ArrayList<>();
    boolean usable = true;
    String reason = null;
    if (train.rows() == 0) {
      usable = false;
      reason = train.name() + ".jsonl is empty: it has no memes";
    } else if (!train.labeled()) {
      usable = false;
      reason = train.name() + ".jsonl has no labels, so nothing can be trained on it";
    } else if (train.positives() == 0 || train.positives() == train.rows()) {
      usable = false;
      reason = oneClass(dataset.train());
    }
    if (dataset.dev().isEmpty()) {
      notes.add("no dev split: pick one with --dev NAME (model selection needs labeled dev data)");
    } else if (dataset.dev().get().memes().isEmpty()) {
      notes.add(empty("dev", dataset.dev().get()));
    } else if (!dataset.dev().get().labeled()) {
      notes.add(
          "dev split " + dataset.dev().get().name() + " is unlabeled: no model selection on it");
    }
    if (dataset.test().isEmpty()) {
      notes.add(
          "no test split: nothing is held out for the final scores (pick one with --test NAME)");
    } else if (dataset.test().get().memes().isEmpty()) {
      notes.add(empty("test", dataset.test().get()));
    } else if (!dataset.test().get().labeled()) {
      notes.add(
          "test split "
              + dataset.test().get().name()
              + " is unlabeled: predictions only, no scores");
    }
    int rows = audits.stream().mapToInt(SplitAudit::rows).sum();
    int missing = audits.stream().mapToInt(a -> a.count(Status.MISSING)).sum();
    int bad = audits.stream().mapToInt(SplitAudit::badImages).sum();
    boolean noTrainImages = train.rows() > 0 && train.badImages() == train.rows();
    boolean imagesUsable = !noTrainImages;
    String verdict;
    if (!usable) {
      verdict = "not usable: " + reason;
    } else if (bad == 0) {
      verdict = "usable: text, image and fusion models (every image readable)";
    } else if (noTrainImages) {
      verdict =
          "usable for text-only models: "
              + (missing == rows
                  ? "every image is missing ("
                      + missing
                      + " of "
                      + rows
                      + (java.nio.file.Files.isDirectory(dataset.root().resolve("img"))
                          ? ")"
                          : "; there is no img/ folder)")
                  : "no train image is readable (" + bad + " of " + rows + " images bad)")
              + "; image and fusion models need the images (memefusion data fetch)";
    } else {
      verdict =
          "usable, but "
              + bad
              + " of "
              + rows
              + " memes have no readable image (listed above): re-download or remove them"
              + " before extracting image features";
    }
    return new Report(dataset, loaded.report(), audits, usable, imagesUsable, verdict, notes);
  }
}
