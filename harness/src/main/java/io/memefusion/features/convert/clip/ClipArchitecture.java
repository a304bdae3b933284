package io.memefusion.features.convert.clip;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.UserException;
import io.memefusion.features.ImagePreprocessing;
import io.memefusion.features.Modality;
import io.memefusion.features.convert.Architecture;
import io.memefusion.features.convert.Converted;
import io.memefusion.features.convert.ImportFiles;
import io.memefusion.progress.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face {@code CLIPModel} checkpoint (safetensors, {@code --config config.json}, optional
 * {@code --tokenizer tokenizer.json}). {@code clip} is what users import: it registers {@code
 * NAME-image}, and {@code NAME-text} when a tokenizer is given. {@code clip-image} and {@code
 * clip-text} convert one tower each (the Hub manifest's two entries per checkpoint).
 */
public final class ClipArchitecture implements Architecture {
  /** Which towers. */
  public enum Part {
    BOTH("clip", "Hugging Face CLIPModel: image and text towers"),
    IMAGE("clip-image", "Hugging Face CLIPModel image tower (projected image embedding)"),
    TEXT("clip-text", "Hugging Face CLIPModel text tower (projected end-of-text embedding)");

    private final String arch;
    private final String description;

    Part(String arch, String description) {
      this.arch = arch;
      this.description = description;
    }
  }

  private final Part part;

  public ClipArchitecture(Part part) {
    this.part = part;
  }

  public static List<Architecture> all() {
    return List.of(
        new ClipArchitecture(Part.BOTH),
        new ClipArchitecture(Part.IMAGE),
        new ClipArchitecture(Part.TEXT));
  }

  @Override
  public String name() {
    return part.arch;
  }

  @Override
  public String description() {
    return part.description;
  }

  @Override
  public List<String> extraFiles() {
    return part == Part.IMAGE ? List.of("config") : List.of("config", "tokenizer");
  }

  @Override
  public List<Map.Entry<String, Architecture>> parts(ImportFiles files) {
    if (part != Part.BOTH) {
      return List.of(Map.entry("", this));
    }
    List<Map.Entry<String, Architecture>> out = new ArrayList<>();
    out.add(Map.entry("-image", new ClipArchitecture(Part.IMAGE)));
    if (files.extras().containsKey("tokenizer")) {
      out.add(Map.entry("-text", new ClipArchitecture(Part.TEXT)));
    }
    return out;
  }

  @Override
  public Converted convert(ImportFiles files, Path dir, Progress progress) {
    ClipConfig config = ClipConfig.read(files.extra("config"));
    int p = config.projectionDim();
    progress.start("convert " + part.arch, 0, "");
    Converted c;
    switch (part) {
      case IMAGE -> {
        ClipConverter.exportImage(files.weights(), config, dir);
        int s = config.imageSize();
        c =
            new Converted(
                Modality.IMAGE,
                Map.of(ClipConverter.PIXELS, "float [-1," + s + "," + s + ",3]"),
                Map.of(ClipConverter.IMAGE_EMBEDS, "float [-1," + p + "]"),
                p,
                imagePreprocessing(s),
                describe("image", config.vision(), config));
      }
      case TEXT -> {
        ClipConverter.exportText(files.weights(), config, files.extra("tokenizer"), dir);
        ObjectNode pre = JsonNodeFactory.instance.objectNode();
        pre.put("tokenizer", "tokenizer.json").put("max_length", config.maxPositions());
        c =
            new Converted(
                Modality.TEXT,
                Map.of(ClipConverter.INPUT_IDS, "int32 [-1,-1]"),
                Map.of(ClipConverter.TEXT_EMBEDS, "float [-1," + p + "]"),
                p,
                pre,
                describe("text", config.text(), config));
      }
      default ->
          throw new UserException(
              "--arch clip makes two models (NAME-image, NAME-text): use `memefusion models"
                  + " import --arch clip`");
    }
    progress.done("");
    return c;
  }

  private static String describe(String tower, ClipConfig.Tower t, ClipConfig c) {
    return "CLIP "
        + tower
        + " tower ("
        + t.layers()
        + " layers, width "
        + t.hidden()
        + ", "
        + t.heads()
        + " heads"
        + (tower.equals("image") ? ", patch " + c.patchSize() + " at " + c.imageSize() + " px" : "")
        + "), "
        + c.projectionDim()
        + "-d projection";
  }

  /** CLIPImageProcessor's settings as a manifest object. */
  public static ObjectNode imagePreprocessing(int size) {
    ImagePreprocessing pre = ImagePreprocessing.clip(size);
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("resize", size).put("size", size).put("resample", "bicubic");
    p.putArray("range").add(0.0).add(1.0);
    var mean = p.putArray("mean");
    for (float m : pre.mean()) {
      mean.add(Double.parseDouble(Float.toString(m)));
    }
    var std = p.putArray("std");
    for (float sd : pre.std()) {
      std.add(Double.parseDouble(Float.toString(sd)));
    }
    return p;
  }
}
