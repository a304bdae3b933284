package io.memefusion.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memefusion.UserException;
import io.memefusion.features.TextRecipe;
import io.memefusion.heads.HeadKind;
import io.memefusion.heads.HyperParams;
import io.memefusion.heads.Precision;
import io.memefusion.heads.TrialSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * What a sweep trains: models × configurations (a grid, or a seeded random sample of the parameter
 * space) × seeds, and how the data is split for it. Read from a JSON/YAML file or flags by {@link
 * SpecParser}; stored as {@link #toJson()} in {@code sweep.spec}.
 *
 * @param holdoutFraction share of train held out (stratified) to choose the TRAIN_HOLDOUT threshold
 * @param splitSeed seed of the stratified holdout (and of {@code holdoutTest}); the same for all
 *     trials so that every model sees the same memes
 * @param holdoutTest when &gt; 0, a stratified labeled test carved from train replaces the
 *     dataset's test split (e.g. when that one is unlabeled)
 * @param sameMemes drop memes without an image for all models (not only the image ones), so that
 *     every model is compared on the same memes
 * @param precision arithmetic of the heads' first-layer training matmuls (see {@link Precision})
 * @param textRecipes the text features compared (see {@link TextRecipe}); each multiplies the
 *     trials of the models that use text. The default, {@code [cls/last]} alone, is not part of any
 *     configuration (the lab's study); otherwise each text trial's configuration names its recipe.
 */
public record SweepSpec(
    String name,
    List<HeadKind> models,
    Search search,
    int samples,
    long searchSeed,
    Map<Param, Domain> params,
    List<Integer> seeds,
    double holdoutFraction,
    long splitSeed,
    double holdoutTest,
    boolean sameMemes,
    Precision precision,
    List<TextRecipe> textRecipes) {

  /** Grid: every combination of the choices. Random: {@code samples} distinct draws. */
  public enum Search {
    GRID,
    RANDOM;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** More trials than this is almost surely a typo in a spec. */
  public static final int MAX_TRIALS = 200_000;

  public SweepSpec {
    Objects.requireNonNull(name, "sweep name");
    if (name.isBlank()) {
      throw new UserException("sweep name must not be blank");
    }
    models = List.copyOf(models);
    if (models.isEmpty()) {
      throw new UserException("a sweep needs at least one model");
    }
    if (new HashSet<>(models).size() != models.size()) {
      throw new UserException("models are listed twice: " + models);
    }
    Objects.requireNonNull(search, "search");
    Objects.requireNonNull(precision, "precision");
    EnumMap<Param, Domain> full = new EnumMap<>(Param.class);
    full.putAll(params);
    for (Param p : Param.values()) {
      if (!full.containsKey(p)) {
        throw new UserException("no values for hyperparameter " + p.key());
      }
      if (search == Search.GRID && !(full.get(p) instanceof Domain.Choice)) {
        throw new UserException(
            "params." + p.key() + ": a range needs search: random (grid search takes a list)");
      }
    }
    params = java.util.Collections.unmodifiableMap(full);
    if (search == Search.RANDOM && samples < 1) {
      throw new UserException("samples must be >= 1 for random search, got " + samples);
    }
    if (search == Search.GRID && samples != 0) {
      throw new UserException("samples is only for search: random, got samples=" + samples);
    }
    seeds = List.copyOf(seeds);
    if (seeds.isEmpty()) {
      throw new UserException("a sweep needs at least one seed");
    }
    if (new HashSet<>(seeds).size() != seeds.size()) {
      throw new UserException("seeds are listed twice: " + seeds);
    }
    if (!(holdoutFraction > 0 && holdoutFraction < 0.5)) {
      throw new UserException(
          "holdout_fraction must be in (0, 0.5), got " + Param.fmt(holdoutFraction));
    }
    if (!(holdoutTest >= 0 && holdoutTest < 0.5)) {
      throw new UserException(
          "holdout_test must be in [0, 0.5) (0 = use the dataset's test split), got "
              + Param.fmt(holdoutTest));
    }
    textRecipes = List.copyOf(textRecipes);
    if (textRecipes.isEmpty()) {
      throw new UserException("a sweep needs at least one text recipe (default: cls/last)");
    }
    if (new HashSet<>(textRecipes).size() != textRecipes.size()) {
      throw new UserException(
          "text recipes are listed twice: " + textRecipes.stream().map(TextRecipe::id).toList());
    }
    if (!textRecipes.equals(List.of(TextRecipe.DEFAULT))
        && models.stream().noneMatch(HeadKind::usesText)) {
      throw new UserException(
          "text recipes "
              + textRecipes.stream().map(TextRecipe::id).toList()
              + " need a model that uses text (models: "
              + models.stream().map(HeadKind::dbName).toList()
              + ")");
    }
    long perConfig = 0;
    for (HeadKind m : models) {
      perConfig += m.usesText() ? textRecipes.size() : 1;
    }
    long trials = (long) configCount(search, samples, full) * seeds.size() * perConfig;
    if (trials > MAX_TRIALS) {
      throw new UserException(
          "this sweep would have " + trials + " trials (more than " + MAX_TRIALS + ")");
    }
  }

  /**
   * The lab's study: the four models × a small grid (2 learning rates × 2 dropouts) × 5 seeds = 80
   * trials, a few minutes on two cores for the demo dataset.
   */
  public static SweepSpec defaults() {
    return SpecParser.parse(new ObjectMapper().createObjectNode(), "default spec");
  }

  /** The same sweep under another name. */
  public SweepSpec withName(String other) {
    return new SweepSpec(
        other,
        models,
        search,
        samples,
        searchSeed,
        params,
        seeds,
        holdoutFraction,
        splitSeed,
        holdoutTest,
        sameMemes,
        precision,
        textRecipes);
  }

  /** The same sweep on other text recipes. */
  public SweepSpec withTextRecipes(List<TextRecipe> recipes) {
    return new SweepSpec(
        name,
        models,
        search,
        samples,
        searchSeed,
        params,
        seeds,
        holdoutFraction,
        splitSeed,
        holdoutTest,
        sameMemes,
        precision,
        recipes);
  }

  /**
   * Whether the text recipe is part of the configurations of text models: the sweep compares
   * recipes, or uses another than the lab's {@code cls/last}.
   */
  public boolean recipesInConfig() {
    return !textRecipes.equals(List.of(TextRecipe.DEFAULT));
  }

  /** The recipes a model's trials are multiplied by: null alone when not in its configuration. */
  private List<TextRecipe> recipesOf(HeadKind model) {
    return model.usesText() && recipesInConfig()
        ? textRecipes
        : java.util.Collections.singletonList(null);
  }

  /** Whether any model needs image features (false: a text-only sweep needs no images at all). */
  public boolean usesImages() {
    return models.stream().anyMatch(HeadKind::usesImage);
  }

  public boolean usesText() {
    return models.stream().anyMatch(HeadKind::usesText);
  }

  /** The distinct configurations, in a fixed order (grid: first parameter varies slowest). */
  public List<HyperParams> configs() {
    Set<String> seen = new LinkedHashSet<>();
    List<HyperParams> out = new ArrayList<>();
    if (search == Search.GRID) {
      List<Map<Param, Double>> combos = new ArrayList<>();
      combos.add(new EnumMap<>(Param.class));
      for (Param p : Param.values()) {
        List<Map<Param, Double>> next = new ArrayList<>();
        for (Map<Param, Double> c : combos) {
          for (double v : ((Domain.Choice) params.get(p)).values()) {
            Map<Param, Double> m = new EnumMap<>(c);
            m.put(p, v);
            next.add(m);
          }
        }
        combos = next;
      }
      for (Map<Param, Double> c : combos) {
        HyperParams hp = HyperParamsJson.of(c);
        if (seen.add(HyperParamsJson.configKey(hp))) {
          out.add(hp);
        }
      }
      return out;
    }
    Random random = new Random(searchSeed);
    int draws = 0;
    while (out.size() < samples) {
      if (++draws > samples * 100 + 1000) {
        throw new UserException(
            "random search found only "
                + out.size()
                + " distinct configurations of the "
                + samples
                + " asked for: widen params or lower samples");
      }
      Map<Param, Double> c = new EnumMap<>(Param.class);
      for (Param p : Param.values()) {
        c.put(p, params.get(p).sample(p, random));
      }
      HyperParams hp = HyperParamsJson.of(c);
      if (seen.add(HyperParamsJson.configKey(hp))) {
        out.add(hp);
      }
    }
    return out;
  }

  /**
   * Every trial, in the order workers claim them: for each seed, for each (hidden size, learning
   * rate, batch size) of the configurations, each model, each text recipe (models that use text),
   * then the configurations that differ only in the rest (dropout, weight decay, ...). Trials that
   * can train in one graph ({@link TrialSpec#graphKey}, same recipe) thus sit next to each other
   * and are claimed together; a sweep stopped early has every model and configuration of its first
   * seeds.
   */
  public List<TrialPlan> trials() {
    Map<List<Object>, List<HyperParams>> byGraph = new LinkedHashMap<>();
    for (HyperParams hp : configs()) {
      List<Object> key = List.of(hp.hidden(), hp.learningRate(), hp.batchSize());
      byGraph.computeIfAbsent(key, k -> new ArrayList<>()).add(hp);
    }
    List<TrialPlan> out = new ArrayList<>();
    for (int seed : seeds) {
      for (List<HyperParams> group : byGraph.values()) {
        for (HeadKind model : models) {
          for (TextRecipe recipe : recipesOf(model)) {
            for (HyperParams hp : group) {
              String key = HyperParamsJson.configKey(hp, recipe);
              out.add(new TrialPlan(out.size(), model, key, hp, seed, recipe));
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * The largest number of this sweep's trials that can share a graph (at most {@code cap}): how
   * many trials a worker claims at once when its group size is automatic.
   */
  public int largestGraphGroup(int cap) {
    Map<List<Object>, Integer> sizes = new java.util.HashMap<>();
    int largest = 1;
    for (TrialPlan t : trials()) {
      // trials of different text recipes differ in input width: never one graph
      List<Object> key = List.of(t.spec().graphKey(), String.valueOf(t.textRecipe()));
      int n = sizes.merge(key, 1, Integer::sum);
      largest = Math.max(largest, n);
    }
    return Math.min(cap, largest);
  }

  /** The full spec with every default filled in; {@link SpecParser#parse} reads it back. */
  public ObjectNode toJson() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode o = mapper.createObjectNode();
    o.put("name", name);
    o.set("models", mapper.valueToTree(models.stream().map(HeadKind::dbName).toList()));
    o.put("search", search.key());
    if (search == Search.RANDOM) {
      o.put("samples", samples);
      o.put("search_seed", searchSeed);
    }
    ObjectNode ps = o.putObject("params");
    for (Map.Entry<Param, Domain> e : params.entrySet()) {
      boolean integer = e.getKey().integer();
      if (e.getValue() instanceof Domain.Choice choice) {
        ArrayNode values = ps.putArray(e.getKey().key());
        for (double v : choice.values()) {
          if (integer) {
            values.add((long) v);
          } else {
            values.add(v);
          }
        }
      } else {
        Domain.Range range = (Domain.Range) e.getValue();
        ObjectNode r = ps.putObject(e.getKey().key());
        r.put("min", range.min());
        r.put("max", range.max());
        r.put("log", range.log());
      }
    }
    o.set("seeds", mapper.valueToTree(seeds));
    o.put("holdout_fraction", holdoutFraction);
    o.put("split_seed", splitSeed);
    o.put("holdout_test", holdoutTest);
    o.put("same_memes", sameMemes);
    o.put("precision", precision.key());
    if (recipesInConfig()) {
      // only then: the lab's sweeps keep the spec they always had
      o.set("text_recipes", mapper.valueToTree(textRecipes.stream().map(TextRecipe::id).toList()));
    }
    return o;
  }

  private static int configCount(Search search, int samples, Map<Param, Domain> params) {
    if (search == Search.RANDOM) {
      return samples;
    }
    long n = 1;
    for (Domain d : params.values()) {
      n *= ((Domain.Choice) d).values().size();
      if (n > MAX_TRIALS) {
        return MAX_TRIALS + 1;
      }
    }
    return (int) n;
  }
}
