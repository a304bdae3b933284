package io.memefusion.data;

import java.util.Objects;

/** A dataset together with the counted warnings of loading it. */
public record LoadedDataset(Dataset dataset, LoadReport report) {
  public LoadedDataset {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(report, "load report");
  }
}
