package io.memefusion.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
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

  /** Use {@link #builder()}: seventeen positional fields are easy to get wrong. */
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

  /** A builder with nothing set; see {@link Builder} for what must be. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every field of this context. */
  public Builder toBuilder() {
    return new Builder()
        .dataset(datasetName, datasetRoot, datasetHash)
        .featuresKey(featuresKey)
        .trainSplit(trainSplit)
        .holdoutSplit(holdoutSplit)
        .devSplit(devSplit)
        .testSplit(testSplit)
        .datasetTest(datasetTest)
        .testLabeled(testLabeled)
        .extraSplits(extraSplits)
        .rows(rows)
        .dropped(dropped)
        .holdoutTest(holdoutTest)
        .features(features)
        .notes(notes)
        .host(host);
  }

  /** This context with {@code host} recorded. */
  public SweepContext withHost(SweepHost host) {
    return toBuilder().host(host).build();
  }

  /** The encoders the sweep recorded ({@link #features} read typed); empty when none. */
  public List<SweepEncoder> encoders() {
    return SweepEncoder.listOf(features);
  }

  /** Whether the sweep recorded where its dataset lives (older sweeps may not have). */
  public boolean hasDatasetRoot() {
    return !datasetRoot.isBlank();
  }

  /**
   * Named fields for a {@link SweepContext}. The dataset, the features key and the dev split must
   * be set; the train split defaults to "train", the hold-out to {@link #THRESHOLD_HOLDOUT}, and
   * the dataset's test split, unless set, to the scored test (none when that is {@link
   * #HOLDOUT_TEST}).
   */
  public static final class Builder {
    private String datasetName;
    private String datasetRoot;
    private String datasetHash;
    private String featuresKey;
    private String trainSplit = "train";
    private String holdoutSplit = THRESHOLD_HOLDOUT;
    private String devSplit;
    private String testSplit;
    private String datasetTest;
    private boolean datasetTestSet;
    private boolean testLabeled;
    private List<String> extraSplits = List.of();
    private Map<String, Integer> rows = Map.of();
    private Map<String, Integer> dropped = Map.of();
    private double holdoutTest;
    private JsonNode features;
    private List<String> notes = List.of();
    private SweepHost host;

    private Builder() {}

    public Builder dataset(String name, String root, String contentHash) {
      this.datasetName = name;
      this.datasetRoot = root;
      this.datasetHash = contentHash;
      return this;
    }

    public Builder featuresKey(String featuresKey) {
      this.featuresKey = featuresKey;
      return this;
    }

    public Builder trainSplit(String trainSplit) {
      this.trainSplit = trainSplit;
      return this;
    }

    public Builder holdoutSplit(String holdoutSplit) {
      this.holdoutSplit = holdoutSplit;
      return this;
    }

    public Builder devSplit(String devSplit) {
      this.devSplit = devSplit;
      return this;
    }

    /** The split scored once at the end; null when there is none. */
    public Builder testSplit(String testSplit) {
      this.testSplit = testSplit;
      return this;
    }

    /** The dataset's own test split; null when it has none. */
    public Builder datasetTest(String datasetTest) {
      this.datasetTest = datasetTest;
      this.datasetTestSet = true;
      return this;
    }

    public Builder testLabeled(boolean testLabeled) {
      this.testLabeled = testLabeled;
      return this;
    }

    public Builder extraSplits(List<String> extraSplits) {
      this.extraSplits = extraSplits;
      return this;
    }

    public Builder rows(Map<String, Integer> rows) {
      this.rows = rows;
      return this;
    }

    public Builder dropped(Map<String, Integer> dropped) {
      this.dropped = dropped;
      return this;
    }

    public Builder holdoutTest(double holdoutTest) {
      this.holdoutTest = holdoutTest;
      return this;
    }

    public Builder features(JsonNode features) {
      this.features = features;
      return this;
    }

    public Builder notes(List<String> notes) {
      this.notes = notes;
      return this;
    }

    public Builder host(SweepHost host) {
      this.host = host;
      return this;
    }

    public SweepContext build() {
      return new SweepContext(
          datasetName,
          datasetRoot,
          datasetHash,
          featuresKey,
          trainSplit,
          holdoutSplit,
          devSplit,
          testSplit,
          datasetTestSet || HOLDOUT_TEST.equals(testSplit) ? datasetTest : testSplit,
          testLabeled,
          extraSplits,
          rows,
          dropped,
          holdoutTest,
          features,
          notes,
          host);
    }
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

  /**
   * The context stored in {@code sweep.context}; fields an older sweep did not record read as empty
   * (no host, no encoders, blank dataset root), never as an error.
   */
  public static SweepContext fromJson(JsonNode o) {
    o = o == null ? MissingNode.getInstance() : o;
    JsonNode ds = o.path("dataset");
    JsonNode sp = o.path("splits");
    List<String> extra = new ArrayList<>();
    sp.path("extra").forEach(n -> extra.add(n.asText()));
    List<String> notes = new ArrayList<>();
    o.path("notes").forEach(n -> notes.add(n.asText()));
    return builder()
        .dataset(
            ds.path("name").asText(), ds.path("root").asText(), ds.path("content_hash").asText())
        .featuresKey(o.path("features_key").asText())
        .trainSplit(sp.path("train").asText("train"))
        .holdoutSplit(sp.path("holdout").asText(THRESHOLD_HOLDOUT))
        .devSplit(sp.path("dev").asText())
        .testSplit(sp.path("test").isTextual() ? sp.path("test").asText() : null)
        .datasetTest(sp.path("dataset_test").isTextual() ? sp.path("dataset_test").asText() : null)
        .testLabeled(sp.path("test_labeled").asBoolean(false))
        .extraSplits(extra)
        .rows(ints(o.path("rows")))
        .dropped(ints(o.path("dropped_missing_image")))
        .holdoutTest(o.path("holdout_test").asDouble(0))
        .features(o.get("features"))
        .notes(notes)
        .host(SweepHost.fromJson(o.get("host")))
        .build();
  }

  private static Map<String, Integer> ints(JsonNode node) {
    Map<String, Integer> out = new LinkedHashMap<>();
    node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asInt()));
    return out;
  }
}
