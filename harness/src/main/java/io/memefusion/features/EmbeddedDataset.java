package io.memefusion.features;

import io.memefusion.data.Dataset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A dataset with frozen features per split, the encoders that made them (null for a modality not
 * used), notes for the user (cache files recomputed, bf16 fallbacks, random weights) and the stored
 * feature sets they are ({@code sets}; empty when built in memory).
 */
public record EmbeddedDataset(
    Dataset dataset,
    EncoderInfo textEncoder,
    EncoderInfo imageEncoder,
    List<SplitFeatures> splits,
    List<String> notes,
    List<FeatureSetRef> sets) {
  public EmbeddedDataset {
    Objects.requireNonNull(dataset, "dataset");
    splits = List.copyOf(splits);
    notes = List.copyOf(notes);
    sets = List.copyOf(sets);
  }

  /** Features that are not stored sets (built in memory). */
  public EmbeddedDataset(
      Dataset dataset,
      EncoderInfo textEncoder,
      EncoderInfo imageEncoder,
      List<SplitFeatures> splits,
      List<String> notes) {
    this(dataset, textEncoder, imageEncoder, splits, notes, List.of());
  }

  public Optional<SplitFeatures> split(String name) {
    return splits.stream().filter(s -> s.split().equals(name)).findFirst();
  }

  /** Memes left out of the image features, over all splits. */
  public int skippedImages() {
    return splits.stream().mapToInt(s -> s.skippedImages().size()).sum();
  }
}
