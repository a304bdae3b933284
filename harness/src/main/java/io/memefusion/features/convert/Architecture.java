package io.memefusion.features.convert;

import io.memefusion.progress.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A model architecture whose checkpoints the harness converts into a TF SavedModel with a {@code
 * serving_default} signature: {@code models import --arch NAME}, and manifest models fetched as
 * weights from the Hugging Face Hub. One implementation per family; {@link Architectures} lists
 * them.
 */
public interface Architecture {
  /** The {@code --arch} name, e.g. {@code resnet18}. */
  String name();

  /** One line for help and errors, e.g. "torchvision ResNet-18 (BasicBlock [2, 2, 2, 2])". */
  String description();

  /**
   * Names of the files this architecture needs besides the weights, given as {@code --NAME PATH} to
   * {@code models import} (e.g. {@code config}, {@code tokenizer}); empty for most.
   */
  default List<String> extraFiles() {
    return List.of();
  }

  /**
   * The models one import of this architecture registers, as id suffix and the architecture that
   * converts each (CLIP: {@code -image}, and {@code -text} when a tokenizer is given); by default
   * one model under the id itself.
   */
  default List<Map.Entry<String, Architecture>> parts(ImportFiles files) {
    return List.of(Map.entry("", this));
  }

  /**
   * Reads {@code files}, checks they fit this architecture (one line naming the tensor otherwise)
   * and writes a SavedModel into the empty folder {@code dir}.
   */
  Converted convert(ImportFiles files, Path dir, Progress progress);
}
