package io.memefusion.heads;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** The optimizer of a {@link GroupGraph}: one Adam step for all the nets of the group. */
final class GroupAdam {
  private GroupAdam() {}

  /**
   * Adam with coupled L2 weight decay (as torch.optim.Adam's weight_decay): the gradient of
   * 0.5·wd·‖W‖² on weight matrices (not biases), wd·W, is added to the loss gradient. Every update
   * waits for all gradients: variables are updated in place, and a gradient op still reading a
   * weight must see the old one.
   */
  static Op build(GroupGraph group, Ops t, Operand<TFloat32> loss) {
    List<Variable<TFloat32>> vars = new ArrayList<>();
    List<int[]> decayShapes = new ArrayList<>(); // null: a bias, not decayed
    for (TrialLayer net : group.nets) {
      vars.addAll(net.params);
      for (int i = 0; i < net.params.size(); i++) {
        decayShapes.add(net.isWeight(i) ? net.trialAxisShape(i) : null);
      }
    }
    HyperParams hp = group.members.get(0).spec.hp();
    boolean anyDecay = group.members.stream().anyMatch(m -> m.spec.hp().weightDecay() > 0);
    Operand<TFloat32> decay = group.perTrial(t, HyperParams::weightDecay);
    Output<?>[] xs = new Output<?>[vars.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = vars.get(i).asOutput();
    }
    Output<?>[] grads = group.graph.addGradients(loss.asOutput(), xs);
    List<Op> gradOps = new ArrayList<>();
    List<Operand<TFloat32>> gradValues = new ArrayList<>();
    for (int i = 0; i < grads.length; i++) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> g = (Output<TFloat32>) grads[i];
      if (anyDecay && decayShapes.get(i) != null) {
        Operand<TFloat32> wd = t.reshape(decay, t.constant(decayShapes.get(i)));
        g = t.math.add(g, t.math.mul(wd, t.identity(vars.get(i))));
      }
      var id = t.identity(g);
      gradOps.add(id);
      gradValues.add(id);
    }
    Ops after = t.withControlDependencies(gradOps);
    Operand<TFloat32> lr = t.constant((float) hp.learningRate());
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      Variable<TFloat32> v = vars.get(i);
      Shape shape = v.shape();
      Variable<TFloat32> mom1 = t.withName("m" + i).variable(shape, TFloat32.class);
      Variable<TFloat32> mom2 = t.withName("v" + i).variable(shape, TFloat32.class);
      Operand<TFloat32> zeros = t.zeros(t.constant(shape), TFloat32.class);
      group.initTargets.add(t.assign(mom1, zeros));
      group.initTargets.add(t.assign(mom2, zeros));
      updates.add(
          after.train.applyAdam(
              v,
              mom1,
              mom2,
              group.beta1Power,
              group.beta2Power,
              lr,
              t.constant(GroupGraph.BETA1),
              t.constant(GroupGraph.BETA2),
              t.constant(GroupGraph.EPSILON),
              gradValues.get(i)));
    }
    return t.withControlDependencies(updates).withName("step").noOp();
  }
}
