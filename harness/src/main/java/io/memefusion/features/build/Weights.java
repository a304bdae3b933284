package io.memefusion.features.build;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Creates the variables of a generated graph with seeded random initial values. Each variable draws
 * from a stateless generator keyed by (seed, variable number), so the same config and seed give the
 * same weights in every run, and the graph stays small (no constants holding the weights). Names
 * are single path segments; the caller's {@link Ops} scope gives the hierarchy.
 */
final class Weights {
  private final long seed;
  private long counter;

  Weights(long seed) {
    this.seed = seed;
  }

  /** Truncated normal with the given standard deviation. */
  Variable<TFloat32> normal(Ops tf, String name, float stddev, long... shape) {
    Operand<TInt64> seeds = tf.array(seed, ++counter);
    Operand<TFloat32> init =
        tf.math.mul(
            tf.random.statelessTruncatedNormal(tf.constant(Shape.of(shape)), seeds),
            tf.constant(stddev));
    return tf.withName(name).variable(init);
  }

  /**
   * He-normal for a convolution kernel [kh, kw, in, out]: keeps activations' scale through ReLUs.
   */
  Variable<TFloat32> heNormal(Ops tf, String name, long kh, long kw, long in, long out) {
    return normal(tf, name, (float) Math.sqrt(2.0 / (kh * kw * in)), kh, kw, in, out);
  }

  Variable<TFloat32> constant(Ops tf, String name, float value, long... shape) {
    return tf.withName(name).variable(tf.fill(tf.constant(Shape.of(shape)), tf.constant(value)));
  }
}
