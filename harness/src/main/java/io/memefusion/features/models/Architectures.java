package io.memefusion.features.models;

import io.memefusion.UserException;
import io.memefusion.features.convert.Architecture;
import io.memefusion.features.convert.clip.ClipArchitecture;
import io.memefusion.features.convert.resnet.ResNetArchitecture;
import io.memefusion.features.convert.resnet.ResNetSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The architectures {@code models import --arch} and Hub manifest models know, by name. A new
 * family is one {@link Architecture} implementation added to {@link #standard()}.
 */
public final class Architectures {
  private final Map<String, Architecture> byName = new LinkedHashMap<>();

  public Architectures(List<Architecture> architectures) {
    for (Architecture a : architectures) {
      if (byName.put(a.name(), a) != null) {
        throw new IllegalArgumentException("two architectures are named " + a.name());
      }
    }
  }

  /** torchvision ResNet-18/34/50/101/152; Hugging Face CLIPModel (both towers, or one). */
  public static Architectures standard() {
    List<Architecture> all = new ArrayList<>();
    for (ResNetSpec spec : ResNetSpec.TORCHVISION) {
      all.add(new ResNetArchitecture(spec));
    }
    all.addAll(ClipArchitecture.all());
    return new Architectures(all);
  }

  public Optional<Architecture> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The architecture {@code name}; fails with the list of known names. */
  public Architecture get(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new UserException(
                    "unknown architecture '"
                        + name
                        + "': known are "
                        + String.join(", ", names())));
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  public List<Architecture> all() {
    return List.copyOf(byName.values());
  }
}
