package io.memefusion.features;

import java.util.Objects;

/** A meme left out of the image features: its image is missing or cannot be decoded. */
public record SkippedImage(String memeId, String image, Reason reason, String detail) {
  public SkippedImage {
    Objects.requireNonNull(memeId, "meme id");
    Objects.requireNonNull(image, "image of " + memeId);
    Objects.requireNonNull(reason, "reason for " + memeId);
    detail = detail == null ? "" : detail;
  }

  /** Why the image was left out. */
  public enum Reason {
    MISSING,
    UNREADABLE
  }
}
