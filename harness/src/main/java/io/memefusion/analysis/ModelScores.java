package io.memefusion.analysis;

import io.memefusion.db.AnalysisDao;
import io.memefusion.db.AnalysisDao.PredictionRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The predictions of one model's chosen trials (one per seed) on one split, aligned by meme id: the
 * memes every seed scored, in id order. Models that read images may have scored fewer memes (memes
 * without an image are dropped for them), so each model keeps its own memes and {@link #common}
 * aligns two models on the memes both scored.
 *
 * @param labels 0/1 per meme; meaningless when {@code labeled} is false
 * @param probas one array per seed, aligned with {@code ids}
 * @param trials the trial of each array in {@code probas}
 */
record ModelScores(
    List<String> ids, int[] labels, boolean labeled, List<double[]> probas, List<Long> trials) {

  int positives() {
    int p = 0;
    for (int l : labels) {
      p += l;
    }
    return p;
  }

  /** Empty scores when no trial of the model has predictions on the split. */
  static ModelScores load(AnalysisDao dao, List<Long> trialIds, String split) {
    Map<Long, Map<String, PredictionRow>> byTrial = new LinkedHashMap<>();
    for (long trialId : trialIds) {
      Map<String, PredictionRow> rows =
          dao.predictions(trialId, split).stream()
              .collect(
                  Collectors.toMap(PredictionRow::memeId, p -> p, (a, b) -> a, LinkedHashMap::new));
      if (!rows.isEmpty()) {
        byTrial.put(trialId, rows);
      }
    }
    if (byTrial.isEmpty()) {
      return new ModelScores(List.of(), new int[0], false, List.of(), List.of());
    }
    Set<String> common = new LinkedHashSet<>(byTrial.values().iterator().next().keySet());
    byTrial.values().forEach(rows -> common.retainAll(rows.keySet()));
    List<String> ids = common.stream().sorted().toList();
    Map<String, PredictionRow> first = byTrial.values().iterator().next();
    int[] labels = new int[ids.size()];
    boolean labeled = !ids.isEmpty();
    for (int i = 0; i < ids.size(); i++) {
      Integer label = first.get(ids.get(i)).label();
      labeled &= label != null;
      labels[i] = label == null ? 0 : label;
    }
    List<double[]> probas = new ArrayList<>();
    for (Map<String, PredictionRow> rows : byTrial.values()) {
      probas.add(ids.stream().mapToDouble(id -> rows.get(id).proba()).toArray());
    }
    return new ModelScores(ids, labels, labeled, probas, List.copyOf(byTrial.keySet()));
  }

  boolean isEmpty() {
    return ids.isEmpty();
  }

  /** This model and {@code other} restricted to the memes both scored (same order). */
  static List<ModelScores> common(ModelScores a, ModelScores b) {
    Set<String> shared = new LinkedHashSet<>(a.ids);
    shared.retainAll(new LinkedHashSet<>(b.ids));
    return List.of(a.restrict(shared), b.restrict(shared));
  }

  private ModelScores restrict(Set<String> keep) {
    if (keep.size() == ids.size()) {
      return this;
    }
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (keep.contains(ids.get(i))) {
        rows.add(i);
      }
    }
    List<String> kept = rows.stream().map(ids::get).toList();
    int[] l = rows.stream().mapToInt(i -> labels[i]).toArray();
    List<double[]> p = new ArrayList<>();
    for (double[] seed : probas) {
      p.add(rows.stream().mapToDouble(i -> seed[i]).toArray());
    }
    return new ModelScores(kept, l, labeled, p, trials);
  }
}
