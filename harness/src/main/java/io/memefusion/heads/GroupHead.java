package io.memefusion.heads;

import io.memefusion.UserException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A trained member of a {@link GroupGraph}, scoring with its best-epoch weights. The members of a
 * group share one session, closed when the last of them is closed.
 */
final class GroupHead implements TrainedHead {
  /** Rows scored per session run, bounding the input tensors (4,096 × 2,816 floats = 46 MB). */
  private static final int CHUNK = 4096;

  private final GroupGraph graph;
  private final GroupMember member;
  private final AtomicInteger open;
  private boolean closed;

  GroupHead(GroupGraph graph, GroupMember member, AtomicInteger open) {
    this.graph = graph;
    this.member = member;
    this.open = open;
  }

  @Override
  public TrialSpec spec() {
    return member.spec;
  }

  @Override
  public float[] predictProba(LabeledFeatures rows) {
    return score(rows, List.of(graph.bestProba.get(member.index)))[0];
  }

  /** The head's logits then each net's logits ([1 + net][row]), best-epoch weights; for tests. */
  float[][] logits(LabeledFeatures rows) {
    List<org.tensorflow.Operand<TFloat32>> outputs = new java.util.ArrayList<>();
    outputs.add(graph.bestLogits.get(member.index));
    outputs.addAll(graph.bestNetLogits.get(member.index));
    return score(rows, outputs);
  }

  private synchronized float[][] score(
      LabeledFeatures rows, List<? extends org.tensorflow.Operand<TFloat32>> outputs) {
    if (closed) {
      throw new IllegalStateException("trained head " + member.spec + " is closed");
    }
    HeadKind kind = member.spec.kind();
    checkModality(rows, Modality.TEXT, kind.usesText(), rows.text(), rows.textDim());
    checkModality(rows, Modality.IMAGE, kind.usesImage(), rows.image(), rows.imageDim());
    int n = rows.rows();
    float[][] out = new float[outputs.size()][n];
    for (int from = 0; from < n; from += CHUNK) {
      int len = Math.min(CHUNK, n - from);
      try (TFloat32 text = chunk(kind.usesText(), rows.text(), rows.textDim(), from, len);
          TFloat32 image = chunk(kind.usesImage(), rows.image(), rows.imageDim(), from, len)) {
        Session.Runner runner = graph.session.runner();
        if (text != null) {
          runner.feed(graph.evalInputs.get(Modality.TEXT), text);
        }
        if (image != null) {
          runner.feed(graph.evalInputs.get(Modality.IMAGE), image);
        }
        outputs.forEach(runner::fetch);
        try (Result r = runner.run()) {
          for (int i = 0; i < outputs.size(); i++) {
            System.arraycopy(values((TFloat32) r.get(i)), 0, out[i], from, len);
          }
        }
      }
    }
    return out;
  }

  private void checkModality(
      LabeledFeatures rows, Modality m, boolean used, float[] values, int dim) {
    if (!used) {
      return;
    }
    String name = m.name().toLowerCase(java.util.Locale.ROOT);
    if (values == null) {
      throw new UserException(
          rows.split() + ": " + member.spec.kind().dbName() + " head needs " + name + " features");
    }
    long expected = graph.evalInputs.get(m).shape().get(1);
    if (dim != expected) {
      throw new UserException(
          rows.split()
              + ": "
              + name
              + " features are "
              + dim
              + "-d, the head was trained on "
              + expected
              + "-d");
    }
  }

  private static TFloat32 chunk(boolean used, float[] values, int dim, int from, int len) {
    if (!used) {
      return null;
    }
    float[] part = java.util.Arrays.copyOfRange(values, from * dim, (from + len) * dim);
    return TrainingData.matrix(part, len, dim);
  }

  static float[] values(TFloat32 t) {
    float[] v = new float[(int) t.size()];
    t.copyTo(DataBuffers.of(v, false, false));
    return v;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      if (open.decrementAndGet() == 0) {
        graph.close();
      }
    }
  }
}
