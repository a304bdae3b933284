package io.memefusion.features;

import java.util.List;
import java.util.Objects;

/**
 * The features of one split. {@code text} has a row for every meme; {@code image} a row for every
 * meme whose image could be read ({@code skippedImages} lists the others). Either is null when no
 * encoder of that modality was used. {@code *FromCache}: loaded rather than computed; {@code
 * *Seconds}: time spent now (cache load or extraction).
 */
public record SplitFeatures(
    String split,
    FeatureMatrix text,
    FeatureMatrix image,
    List<SkippedImage> skippedImages,
    boolean textFromCache,
    boolean imageFromCache,
    double textSeconds,
    double imageSeconds) {
  public SplitFeatures {
    Objects.requireNonNull(split, "split");
    skippedImages = List.copyOf(skippedImages);
  }
}
