package io.memefusion.bench;

import io.memefusion.features.tf.SessionSettings;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The machine's fp32 matmul rate through TF: the roofline the text path is compared with. */
final class MatmulProbe {
  private MatmulProbe() {}

  /** GFLOP/s of an n x n by n x n fp32 matmul (2 n^3 FLOPs), best of a few timed rounds. */
  static double gflops(SessionSettings settings, int n, int runs) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> a =
          tf.variable(
              tf.random.statelessRandomNormal(tf.constant(Shape.of(n, n)), tf.array(1L, 2L)));
      Operand<TFloat32> b =
          tf.variable(
              tf.random.statelessRandomNormal(tf.constant(Shape.of(n, n)), tf.array(3L, 4L)));
      Operand<TFloat32> c = tf.linalg.matMul(a, b);
      try (Session s = new Session(g, settings.withBf16(false).configProto())) {
        s.initialize();
        for (int i = 0; i < 2; i++) {
          s.runner().addTarget(c).run().close();
        }
        double best = 0;
        for (int round = 0; round < 3; round++) {
          long t0 = System.nanoTime();
          for (int i = 0; i < runs; i++) {
            s.runner().addTarget(c).run().close();
          }
          double seconds = (System.nanoTime() - t0) / 1e9;
          best = Math.max(best, runs * 2.0 * n * n * (double) n / seconds / 1e9);
        }
        return best;
      }
    }
  }
}
