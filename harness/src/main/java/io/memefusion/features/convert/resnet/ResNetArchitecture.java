package io.memefusion.features.convert.resnet;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.features.Modality;
import io.memefusion.features.convert.Architecture;
import io.memefusion.features.convert.Converted;
import io.memefusion.features.convert.ImportFiles;
import io.memefusion.features.convert.SafeTensors;
import io.memefusion.progress.Progress;
import java.nio.file.Path;
import java.util.Map;

/**
 * A torchvision ResNet as an importable architecture: 224 px input, torchvision's ImageNet eval
 * preprocessing (Resize 256 with PIL bilinear, CenterCrop 224, ImageNet mean/std).
 */
public final class ResNetArchitecture implements Architecture {
  public static final int IMAGE_SIZE = 224;
  public static final int RESIZE = 256;

  private final ResNetSpec spec;

  public ResNetArchitecture(ResNetSpec spec) {
    this.spec = spec;
  }

  @Override
  public String name() {
    return spec.name();
  }

  @Override
  public String description() {
    return spec.describe() + ", " + spec.outputDim() + "-d pooled features";
  }

  @Override
  public Converted convert(ImportFiles files, Path dir, Progress progress) {
    try (SafeTensors weights = SafeTensors.open(files.weights())) {
      ResNetConverter.convert(weights, spec, IMAGE_SIZE, dir, progress);
    }
    return new Converted(
        Modality.IMAGE,
        Map.of(ResNetConverter.INPUT, "float [-1," + IMAGE_SIZE + "," + IMAGE_SIZE + ",3]"),
        Map.of(ResNetConverter.OUTPUT, "float [-1," + spec.outputDim() + "]"),
        spec.outputDim(),
        preprocessing(),
        description());
  }

  /** torchvision's eval transform for the ImageNet weights, as a manifest object. */
  public static ObjectNode preprocessing() {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("resize", RESIZE).put("size", IMAGE_SIZE);
    p.put("interpolation", "pil_bilinear_antialias");
    p.putArray("range").add(0.0).add(1.0);
    p.putArray("mean").add(0.485).add(0.456).add(0.406);
    p.putArray("std").add(0.229).add(0.224).add(0.225);
    return p;
  }
}
