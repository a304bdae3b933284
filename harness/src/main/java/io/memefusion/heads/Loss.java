package io.memefusion.heads;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The training objective: sigmoid cross-entropy on logits, hateful memes weighted by pos_weight.
 */
final class Loss {
  private Loss() {}

  /**
   * Mean sigmoid cross-entropy per trial, [K], of logits z [K, b] against labels y [b], hateful
   * memes weighted by posWeight [K, 1]: (1 − y)·z + (1 + (pw − 1)·y)·(log(1 + e^−|z|) + max(−z,
   * 0)), the stable form of TF's weighted_cross_entropy_with_logits; the plain loss at pw = 1.
   */
  static Operand<TFloat32> mean(
      Ops t, Operand<TFloat32> z, Operand<TFloat32> y, Operand<TFloat32> posWeight) {
    Operand<TFloat32> one = t.constant(1f);
    Operand<TFloat32> softplusNeg =
        t.math.add(t.math.log1p(t.math.exp(t.math.neg(t.math.abs(z)))), t.nn.relu(t.math.neg(z)));
    Operand<TFloat32> weight = t.math.add(one, t.math.mul(y, t.math.sub(posWeight, one)));
    Operand<TFloat32> loss =
        t.math.add(t.math.mul(t.math.sub(one, y), z), t.math.mul(weight, softplusNeg));
    return t.math.mean(loss, t.constant(1));
  }

  /** Java twin of {@link #mean(Ops, Operand, Operand, Operand)}, in double: the dev loss. */
  static double mean(float[] logits, int[] labels, double posWeight) {
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      double z = logits[i];
      double y = labels[i];
      double softplusNeg = Math.log1p(Math.exp(-Math.abs(z))) + Math.max(-z, 0);
      sum += (1 - y) * z + (1 + (posWeight - 1) * y) * softplusNeg;
    }
    return sum / logits.length;
  }
}
