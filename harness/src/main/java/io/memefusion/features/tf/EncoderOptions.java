package io.memefusion.features.tf;

import io.memefusion.features.Pooling;
import io.memefusion.features.TextRecipe;
import java.util.Objects;

/**
 * How encoders run. Text: {@code recipe} (layers and pooling), {@code textBatch} texts per session
 * run, sorted by length and padded to the batch's longest ({@code sortByLength}), or all padded to
 * {@code padTo} when it is positive (the naive way, kept for the benchmark). Images: {@code
 * imageBatch} per run, decoded by {@code decodeThreads} threads (0: in the calling thread). {@code
 * session}: TF threads and bf16.
 */
public record EncoderOptions(
    TextRecipe recipe,
    int textBatch,
    boolean sortByLength,
    int padTo,
    int imageBatch,
    int decodeThreads,
    SessionSettings session) {
  public EncoderOptions {
    Objects.requireNonNull(recipe, "text recipe");
    Objects.requireNonNull(session, "session settings");
    if (textBatch < 1 || imageBatch < 1) {
      throw new IllegalArgumentException(
          "batch sizes must be positive, got text " + textBatch + " image " + imageBatch);
    }
    if (padTo < 0 || decodeThreads < 0) {
      throw new IllegalArgumentException("padTo and decodeThreads must not be negative");
    }
  }

  /**
   * Length-sorted text batches of up to 64, image batches of 32 (ResNet-18 on a quiet 2-core EPYC:
   * 61 img/s at 32, 49 at 8, 29 at 1), all cores, fp32, [CLS] pooling.
   */
  public static EncoderOptions defaults(int cores) {
    return new EncoderOptions(
        TextRecipe.DEFAULT, 64, true, 0, 32, Math.max(1, cores), SessionSettings.forMachine(cores));
  }

  public Pooling pooling() {
    return recipe.pooling();
  }

  public EncoderOptions withPooling(Pooling p) {
    return withRecipe(new TextRecipe(p, recipe.layers()));
  }

  public EncoderOptions withRecipe(TextRecipe r) {
    return new EncoderOptions(
        r, textBatch, sortByLength, padTo, imageBatch, decodeThreads, session);
  }

  public EncoderOptions withTextBatch(int n) {
    return new EncoderOptions(recipe, n, sortByLength, padTo, imageBatch, decodeThreads, session);
  }

  public EncoderOptions withImageBatch(int n) {
    return new EncoderOptions(recipe, textBatch, sortByLength, padTo, n, decodeThreads, session);
  }

  /** One text per run, padded to {@code length}, unsorted: the naive baseline. */
  public EncoderOptions naiveText(int length) {
    return new EncoderOptions(recipe, 1, false, length, imageBatch, decodeThreads, session);
  }

  public EncoderOptions withDecodeThreads(int n) {
    return new EncoderOptions(recipe, textBatch, sortByLength, padTo, imageBatch, n, session);
  }

  public EncoderOptions withBf16(boolean on) {
    return new EncoderOptions(
        recipe, textBatch, sortByLength, padTo, imageBatch, decodeThreads, session.withBf16(on));
  }

  public boolean bf16() {
    return session.bf16();
  }
}
