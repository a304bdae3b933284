package io.memefusion.report;

import java.util.List;

/**
 * Baseline numbers of Kiela et al., "The Hateful Memes Challenge: Detecting Hate Speech in
 * Multimodal Memes" (arXiv:2005.04790, 2020 version), Table 1, so users can place their numbers.
 * Not our runs. Columns: "Validation" = the dev set released as dev_seen (500 memes), "Test" = the
 * test set released with labels as test_seen (1,000 memes); test values are mean ± std over the
 * paper's runs, accuracy and AUROC in percent.
 *
 * <p>Where the numbers come from: the test columns match, value for value, in two independent
 * transcriptions of that table (a results table in a later paper that cites it, and a repository's
 * notes on the official baselines citing arXiv:2005.04790); the validation columns are from the
 * second of these. The abstract's "64.73% vs. 84.7% accuracy" (best model vs humans) agrees with
 * the test column. The 2021 revision of the paper reports a different table, which we could not
 * check against the paper, so it is not reproduced.
 */
final class PaperReference {
  private PaperReference() {}

  /** One baseline; {@code ours} names the memefusion model it compares to ("" if none). */
  record Row(
      String model,
      String ours,
      String devAccuracy,
      String devAuroc,
      String testAccuracy,
      String testAuroc) {}

  static final String CITATION =
      "Kiela, Firooz, Mohan, Goswami, Singh, Ringshia, Testuggine (2020). The Hateful Memes"
          + " Challenge: Detecting Hate Speech in Multimodal Memes. arXiv:2005.04790 (2020"
          + " version), Table 1.";

  static final List<Row> ROWS =
      List.of(
          new Row("Human", "", "—", "—", "84.70", "82.65"),
          new Row(
              "Image-Grid (ResNet-152)", "image", "52.73", "58.79", "52.00 ± 1.04", "52.63 ± 0.20"),
          new Row(
              "Image-Region (Faster R-CNN)", "", "52.66", "57.98", "52.13 ± 0.40", "55.92 ± 1.18"),
          new Row("Text BERT", "text", "58.26", "64.65", "59.20 ± 1.00", "65.08 ± 0.87"),
          new Row("Late Fusion", "late_fusion", "61.53", "65.97", "59.66 ± 0.64", "64.75 ± 0.96"),
          new Row("Concat BERT", "early_fusion", "58.60", "65.25", "59.13 ± 0.78", "65.79 ± 1.09"),
          new Row("MMBT-Grid", "", "58.20", "68.57", "60.06 ± 0.97", "67.92 ± 0.87"),
          new Row("MMBT-Region", "", "58.73", "71.03", "60.23 ± 0.87", "70.73 ± 0.66"),
          new Row("ViLBERT", "", "62.20", "71.13", "62.30 ± 0.46", "70.45 ± 1.16"),
          new Row("Visual BERT", "", "62.10", "70.60", "63.20 ± 1.06", "71.33 ± 1.10"),
          new Row("ViLBERT CC", "", "61.40", "70.07", "61.10 ± 1.56", "70.03 ± 1.77"),
          new Row("Visual BERT COCO", "", "65.06", "73.97", "64.73 ± 0.50", "71.41 ± 0.46"));
}
