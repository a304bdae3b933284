package io.memefusion.features.tf;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/** A SavedModel's serving signature: inputs and outputs by key, in the model's order. */
public record ModelSignature(
    Path dir, String key, Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs) {
  public ModelSignature {
    inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
  }

  static ModelSignature of(Path dir, String key, MetaGraphDef meta) {
    SignatureDef sig = meta.getSignatureDefMap().get(key);
    return new ModelSignature(dir, key, specs(sig.getInputsMap()), specs(sig.getOutputsMap()));
  }

  /** The same signature with rank-2 integer inputs opened to [-1, -1]. */
  ModelSignature withDynamicLength() {
    Map<String, TensorSpec> in = new LinkedHashMap<>();
    inputs.forEach(
        (k, t) ->
            in.put(
                k,
                t.isInt() && t.rank() == 2
                    ? new TensorSpec(k, t.tensorName(), t.dtype(), new long[] {-1, -1})
                    : t));
    return new ModelSignature(dir, key, in, outputs);
  }

  /** The first input whose key matches and that passes the filter. */
  public Optional<TensorSpec> input(Predicate<TensorSpec> filter) {
    return inputs.values().stream().filter(filter).findFirst();
  }

  public Optional<TensorSpec> output(Predicate<TensorSpec> filter) {
    return outputs.values().stream().filter(filter).findFirst();
  }

  /** e.g. {@code input_ids: int32 [-1,128], ... -> sequence_output: float [-1,-1,768], ...}. */
  public String describe() {
    StringBuilder s = new StringBuilder();
    inputs
        .values()
        .forEach(
            t ->
                s.append(s.length() == 0 ? "" : ", ")
                    .append(t.key())
                    .append(": ")
                    .append(t.describe()));
    s.append(" -> ");
    int start = s.length();
    outputs
        .values()
        .forEach(
            t ->
                s.append(s.length() == start ? "" : ", ")
                    .append(t.key())
                    .append(": ")
                    .append(t.describe()));
    return s.toString();
  }

  private static Map<String, TensorSpec> specs(Map<String, TensorInfo> infos) {
    Map<String, TensorSpec> out = new LinkedHashMap<>();
    infos.keySet().stream()
        .sorted()
        .forEach(
            k -> {
              TensorInfo info = infos.get(k);
              TensorShapeProto shape = info.getTensorShape();
              long[] dims =
                  shape.getUnknownRank()
                      ? new long[0]
                      : shape.getDimList().stream()
                          .mapToLong(TensorShapeProto.Dim::getSize)
                          .toArray();
              out.put(k, new TensorSpec(k, info.getName(), info.getDtype(), dims));
            });
    return out;
  }
}
