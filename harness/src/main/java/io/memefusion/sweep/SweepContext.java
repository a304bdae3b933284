package io.memefusion.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a sweep ran on, stored in {@code sweep.context}: the dataset, the features, which split
 * played which part, how many rows each had after missing images were dropped, and notes the tables
 * must show. Workers joining later check the dataset and features against it.
 *
 * @param datasetHash {@code Dataset.contentHash()}: a worker on other data refuses to join
 * @param featuresKey identity of the feature matrices (encoders and cache keys), same purpose
 * @param holdoutSplit name under which the train hold-out (threshold slice) is scored
 * @param testSplit the split scored once at the end; null when there is none
 * @param datasetTest the dataset's own test split (the layout to load it with again); null if none
 * @param testLabeled false: test predictions are stored, its metrics skipped
 * @param extraSplits other splits scored with the chosen checkpoint (dev_unseen, test_unseen)
 * @param rows rows each split had in this sweep (train after the hold-out was taken out)
 * @param dropped memes dropped per split because an image was missing (with same_memes)
 * @param holdoutTest fraction of train carved out as the labeled test (0 = the dataset's test)
 * @param features encoders as the feature extractor describes them (model ids, dims, notes)
 * @param notes lines every table of this sweep must show (e.g. a randomly initialised encoder)
 * @param host where the sweep was created and first run; null for sweeps from before it was kept
 */
public record SweepContext(
    String datasetName,
    String datasetRoot,
    String datasetHash,
    String featuresKey,
    String trainSplit,
    String holdoutSplit,
    String devSplit,
    String testSplit,
    String datasetTest,
    boolean testLabeled,
    List<String> extraSplits,
    Map<String, Integer> rows,
    Map<String, Integer> dropped,
    double holdoutTest,
    JsonNode features,
    List<String> notes,
    SweepHost host) {

  /** The name of the labeled test carved from train by {@code --holdout-test}. */
  public static final String HOLDOUT_TEST = "holdout_test";

  /** The name of the stratified train slice that picks the train_holdout threshold. */
  public static final String THRESHOLD_HOLDOUT = "holdout";

  public SweepContext {
    Objects.requireNonNull(datasetName, "dataset name");
    Objects.requireNonNull(datasetRoot, "dataset root");
    Objects.requireNonNull(datasetHash, "dataset hash");
    Objects.requireNonNull(featuresKey, "features key");
    Objects.requireNonNull(trainSplit, "train split");
    Objects.requireNonNull(holdoutSplit, "holdout split");
    Objects.requireNonNull(devSplit, "dev split");
    extraSplits = List.copyOf(extraSplits);
    rows = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    dropped = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(dropped));
    features = features == null ? JsonNodeFactory.instance.objectNode() : features;
    notes = List.copyOf(notes);
  }

  /** A context without a host (see {@link #withHost}). */
  public SweepContext(
      String datasetName,
      String datasetRoot,
      String datasetHash,
      String featuresKey,
      String trainSplit,
      String holdoutSplit,
      String devSplit,
      String testSplit,
      String datasetTest,
      boolean testLabeled,
      List<String> extraSplits,
      Map<String, Integer> rows,
      Map<String, Integer> dropped,
      double holdoutTest,
      JsonNode features,
      List<String> notes) {
    this(
        datasetName,
        datasetRoot,
        datasetHash,
        featuresKey,
        trainSplit,
        holdoutSplit,
        devSplit,
        testSplit,
        datasetTest,
        testLabeled,
        extraSplits,
        rows,
        dropped,
        holdoutTest,
        features,
        notes,
        null);
  }

  /** This context with {@code host} recorded. */
  public SweepContext withHost(SweepHost host) {
    return new SweepContext(
        datasetName,
        datasetRoot,
        datasetHash,
        featuresKey,
        trainSplit,
        holdoutSplit,
        devSplit,
        testSplit,
        datasetTest,
        testLabeled,
        extraSplits,
        rows,
        dropped,
        holdoutTest,
        features,
        notes,
        host);
  }

  /**
   * A context whose dataset test split is the scored test (or none when the test was carved from
   * train by {@code holdout_test}).
   */
  public SweepContext(
      String datasetName,
      String datasetRoot,
      String datasetHash,
      String featuresKey,
      String trainSplit,
      String holdoutSplit,
      String devSplit,
      String testSplit,
      boolean testLabeled,
      List<String> extraSplits,
      Map<String, Integer> rows,
      Map<String, Integer> dropped,
      double holdoutTest,
      JsonNode features,
      List<String> notes) {
    this(
        datasetName,
        datasetRoot,
        datasetHash,
        featuresKey,
        trainSplit,
        holdoutSplit,
        devSplit,
        testSplit,
        HOLDOUT_TEST.equals(testSplit) ? null : testSplit,
        testLabeled,
        extraSplits,
        rows,
        dropped,
        holdoutTest,
        features,
        notes);
  }

  /** Every split the chosen checkpoint scores: dev, hold-out, test, extras. */
  public List<String> scoredSplits() {
    List<String> out = new ArrayList<>(List.of(devSplit, holdoutSplit));
    if (testSplit != null) {
      out.add(testSplit);
    }
    out.addAll(extraSplits);
    return out;
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    ObjectNode ds = o.putObject("dataset");
    ds.put("name", datasetName).put("root", datasetRoot).put("content_hash", datasetHash);
    o.put("features_key", featuresKey);
    ObjectNode sp = o.putObject("splits");
    sp.put("train", trainSplit).put("holdout", holdoutSplit).put("dev", devSplit);
    if (testSplit == null) {
      sp.putNull("test");
    } else {
      sp.put("test", testSplit);
    }
    if (datasetTest == null) {
      sp.putNull("dataset_test");
    } else {
      sp.put("dataset_test", datasetTest);
    }
    sp.put("test_labeled", testLabeled);
    extraSplits.forEach(sp.putArray("extra")::add);
    ObjectNode r = o.putObject("rows");
    rows.forEach(r::put);
    ObjectNode d = o.putObject("dropped_missing_image");
    dropped.forEach(d::put);
    o.put("holdout_test", holdoutTest);
    o.set("features", features);
    notes.forEach(o.putArray("notes")::add);
    if (host != null) {
      o.set("host", host.toJson());
    }
    return o;
  }

  public static SweepContext fromJson(JsonNode o) {
    JsonNode ds = o.path("dataset");
    JsonNode sp = o.path("splits");
    List<String> extra = new ArrayList<>();
    sp.path("extra").forEach(n -> extra.add(n.asText()));
    List<String> notes = new ArrayList<>();
    o.path("notes").forEach(n -> notes.add(n.asText()));
    return new SweepContext(
        ds.path("name").asText(),
        ds.path("root").asText(),
        ds.path("content_hash").asText(),
        o.path("features_key").asText(),
        sp.path("train").asText("train"),
        sp.path("holdout").asText(THRESHOLD_HOLDOUT),
        sp.path("dev").asText(),
        sp.path("test").isTextual() ? sp.path("test").asText() : null,
        sp.path("dataset_test").isTextual() ? sp.path("dataset_test").asText() : null,
        sp.path("test_labeled").asBoolean(false),
        extra,
        ints(o.path("rows")),
        ints(o.path("dropped_missing_image")),
        o.path("holdout_test").asDouble(0),
        o.get("features"),
        notes,
        SweepHost.fromJson(o.get("host")));
  }

  private static Map<String, Integer> ints(JsonNode node) {
    Map<String, Integer> out = new LinkedHashMap<>();
    node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asInt()));
    return out;
  }
}
