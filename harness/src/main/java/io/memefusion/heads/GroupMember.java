package io.memefusion.heads;

import java.util.SplittableRandom;

/** A trial in a {@link GroupGraph} and its generators. */
final class GroupMember {
  final int index;
  final TrialSpec spec;
  final SplittableRandom initRng; // Glorot draws of the nets' weights
  final SplittableRandom shuffle; // mini-batch order, advanced epoch after epoch
  final long dropoutSeed;

  GroupMember(int index, TrialSpec spec) {
    this.index = index;
    this.spec = spec;
    SplittableRandom root = new SplittableRandom(spec.seed());
    this.initRng = root.split();
    this.shuffle = root.split();
    this.dropoutSeed = root.nextLong();
  }
}
